// The part of oauth-sign (0.9, untyped): the independent RFC 5849 implementation the OAuth 1.0a test server uses.
declare module 'oauth-sign' {
  type Params = Record<string, string | string[]>;
  export function sign(
    signMethod: 'HMAC-SHA1' | 'HMAC-SHA256' | 'RSA-SHA1' | 'PLAINTEXT',
    httpMethod: string,
    baseUri: string,
    params: Params,
    consumerSecret: string,
    tokenSecret?: string,
  ): string;
  export function generateBase(httpMethod: string, baseUri: string, params: Params): string;
}
