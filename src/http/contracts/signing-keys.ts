// Shapes of Ferry's published signing keys (JWKS) and of a key rotation, shared by the server and the CLI.
import { z } from 'zod';
import { view } from './view.js';

export const jwkSet = view('JwkSet', {
  keys: z
    .array(z.looseObject({ kty: z.string(), kid: z.string(), alg: z.string(), use: z.literal('sig') }))
    .meta({
      description:
        'Public keys only (RFC 7517 §5): the current key of each private_key_jwt connector and retired keys until their assertions expire.',
    }),
});

export const keyRotationView = view('ConnectorKeyRotation', {
  kid: z.string().meta({ description: 'The new signing key (RFC 7638 thumbprint); it signs from now on.' }),
  alg: z.string(),
  previousKid: z.string().optional(),
  previousPublishedUntil: z.string().optional().meta({
    description: 'ISO time until which the replaced key stays in the JWKS (assertion lifetime + 60 s).',
  }),
});
export type KeyRotationView = z.infer<typeof keyRotationView>;
