// Auth config of session-cookie auth: a login request whose Set-Cookie values are sent as Cookie on actions.
import { z } from 'zod';
import { headerName, nonEmpty, secret, urlOrPath } from './auth-fields.js';

/** What the login sends when `loginBody` is not set: the credentials as a JSON object. */
export const DEFAULT_LOGIN_BODY = '{"username":"{{username}}","password":"{{password}}"}';

export const cookieAuth = z
  .object({
    type: z.literal('cookie'),
    /** Absolute URL, or a path after the connector's base URL (`/api/login`). */
    loginUrl: urlOrPath,
    loginMethod: z.enum(['POST', 'PUT', 'GET']).default('POST'),
    username: z.string(),
    password: secret,
    /**
     * The login body; `{{username}}` and `{{password}}` are replaced, encoded for `loginContentType` (JSON
     * string escapes, or form encoding). Default `{"username":"{{username}}","password":"{{password}}"}`.
     */
    loginBody: z.string().optional(),
    loginContentType: nonEmpty.default('application/json'),
    /** Extra headers of the login request (write-only, like every secret). */
    additionalHeaders: z.record(headerName, z.string()).optional(),
    /** Only these cookies are kept and sent (default: every cookie the login sets). */
    cookieNames: z.array(nonEmpty).min(1).optional(),
    /** Lifetime of cookies without Max-Age or Expires, in seconds; default: until the API answers 401. */
    sessionSeconds: z.number().int().min(1).max(2_592_000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.loginMethod === 'GET' && v.loginBody !== undefined)
      ctx.addIssue({ code: 'custom', path: ['loginBody'], message: 'a GET login sends no body' });
  });
