// OAuth 2.0 resource owner password credentials grant (RFC 6749 §4.3), for systems that still require it.
import type { AuthOf } from '../../core/connectors/auth-config.js';
import type { TokenAuthMethod } from '../../core/ports/auth-method.js';
import { fixedClientAuth } from './client-auth.js';
import { oauth2Grant, withExtra, type MethodDeps } from './oauth2-grant.js';
import { oauth2ClientAuth } from './oauth2-client-auth.js';

/**
 * Deprecated: RFC 9700 §2.4 says this grant MUST NOT be used, because the client handles the user's
 * password. Ferry keeps it because some APIs offer nothing else; prefer client credentials or JWT.
 *
 * Form fields `username`, `password`, `scope` (§4.3.2). With `credentialsInHeaders` the request instead
 * carries `Client-Id`, `Client-Secret`, `Username` and `Password` headers and no credential form fields.
 */
export function oauth2Password(
  connector: string,
  config: AuthOf<'oauth2_password'>,
  deps: MethodDeps,
): TokenAuthMethod {
  const common = {
    connector,
    tokenUrl: config.oauth2TokenUrl,
    grantType: config.customGrantType ?? 'password',
    usesRefreshToken: false,
    invalidGrantHint: `check the Username and Password of connector "${connector}"`,
  };
  if (config.credentialsInHeaders) {
    const params = withExtra(config.additionalRequestData, { scope: config.scope });
    return oauth2Grant(
      {
        ...common,
        clientAuth: fixedClientAuth({
          name: 'headers',
          clientId: config.clientId,
          auth: (_as, _client, _body, headers) => {
            headers.set('Client-Id', config.clientId);
            if (config.clientSecret !== undefined) headers.set('Client-Secret', config.clientSecret);
          },
        }),
        params: () => params,
        headers: { ...config.additionalHeaders, Username: config.username, Password: config.password },
      },
      deps.request,
    );
  }
  const params = withExtra(config.additionalRequestData, {
    username: config.username,
    password: config.password,
    scope: config.scope,
  });
  return oauth2Grant(
    {
      ...common,
      clientAuth: oauth2ClientAuth(connector, config, deps),
      params: () => params,
      headers: config.additionalHeaders,
    },
    deps.request,
  );
}
