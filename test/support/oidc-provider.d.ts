// The part of oidc-provider (v9, untyped) that the test servers use.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface ClientEntity {
    readonly clientId: string;
  }

  export interface OidcContext {
    readonly params: Readonly<Record<string, string | undefined>>;
    readonly client: ClientEntity;
  }

  export interface Context {
    readonly path: string;
    readonly method: string;
    status: number;
    body: unknown;
    readonly headers: Record<string, string | string[] | undefined>;
    readonly req: IncomingMessage & { body?: unknown };
    readonly oidc?: OidcContext;
    get(field: string): string;
    set(field: string, value: string): void;
  }

  export type Middleware = (ctx: Context, next: () => Promise<void>) => Promise<void>;

  export interface TokenInstance {
    readonly expiration: number;
    readonly clientId?: string;
    readonly accountId?: string;
    readonly grantId?: string;
    save(): Promise<string>;
    destroy(): Promise<void>;
  }

  export interface TokenModel<P> {
    new (payload: P): TokenInstance;
    find(value: string, options?: { ignoreExpiration?: boolean }): Promise<TokenInstance | undefined>;
  }

  export interface GrantInstance {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
    destroy(): Promise<void>;
  }

  export class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    readonly issuer: string;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    use(middleware: Middleware): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
    registerGrantType(
      name: string,
      handler: (ctx: Context) => Promise<void>,
      params?: readonly string[],
    ): void;
    readonly AccessToken: TokenModel<{
      accountId: string;
      client: ClientEntity;
      gty?: string;
      scope?: string;
    }>;
    readonly ClientCredentials: TokenModel<{ client: ClientEntity; scope?: string }>;
    readonly RefreshToken: TokenModel<{
      accountId: string;
      client: ClientEntity;
      grantId: string;
      scope: string;
      gty: string;
    }>;
    readonly Grant: (new (payload: { accountId: string; clientId: string }) => GrantInstance) & {
      find(id: string): Promise<GrantInstance | undefined>;
    };
    readonly Client: { find(id: string): Promise<ClientEntity | undefined> };
  }

  type OidcErrorClass = new (description?: string) => Error;
  export const errors: {
    readonly InvalidGrant: OidcErrorClass;
    readonly InvalidRequest: OidcErrorClass;
  };

  export default Provider;
}
