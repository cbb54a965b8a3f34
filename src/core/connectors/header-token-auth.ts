// Auth config of client credentials in headers: a token endpoint takes the client id and secret as headers.
import { z } from 'zod';
import { headerName, nonEmpty, secret, urlOrPath, valuePattern } from './auth-fields.js';

/** A dotted path into a JSON answer, `$.` optional, with array indexes: `data.token`, `$.items[0].jwt`. */
const jsonPath = z
  .string()
  .regex(/^(\$\.)?[^.[\]]+(\[\d+\])*(\.[^.[\]]+(\[\d+\])*)*$/, 'must be a dotted path such as data.token');

export const clientCredentialsHeader = z
  .object({
    type: z.literal('client_credentials_header'),
    /** Absolute URL, or a path after the connector's base URL. */
    tokenUrl: urlOrPath,
    tokenMethod: z.enum(['POST', 'GET']).default('POST'),
    clientId: nonEmpty,
    clientSecret: secret,
    clientIdHeader: headerName.default('Client-Id'),
    clientSecretHeader: headerName.default('Client-Secret'),
    /** Extra headers of the token request (write-only). */
    additionalHeaders: z.record(headerName, z.string()).optional(),
    /** Where the token is in the JSON answer. */
    tokenPath: jsonPath.default('access_token'),
    /** Where its lifetime in seconds is; default `expires_in` when the answer has it. */
    expiresInPath: jsonPath.optional(),
    /** Lifetime in seconds when the answer gives none; default: until the API answers 401. */
    tokenLifetimeSeconds: z.number().int().min(1).max(2_592_000).optional(),
    /** The header the token goes in (default `Authorization`) and its pattern (default `Bearer %s`)... */
    headerAuthKey: headerName.optional(),
    headerAuthValuePattern: valuePattern.optional(),
    /** ...or the query parameter it goes in instead. */
    paramAuthParamName: nonEmpty.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.paramAuthParamName !== undefined && (v.headerAuthKey ?? v.headerAuthValuePattern) !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['paramAuthParamName'],
        message:
          'set either headerAuthKey/headerAuthValuePattern (token in a header) or paramAuthParamName (in the query)',
      });
  });
