// Auth config of NTLM (NTLMv2, MS-NLMP): user, password and domain, for on-premise Microsoft servers.
import { z } from 'zod';
import { nonEmpty, secret } from './auth-fields.js';

/**
 * NTLMv2 over HTTP (MS-NLMP §3.1.5, MS-NTHT §2): the three-message handshake on one kept-alive connection, in
 * the `NTLM` scheme or, when the server offers only `Negotiate`, NTLM messages inside Negotiate.
 */
export const ntlmAuth = z
  .object({
    type: z.literal('ntlm'),
    username: nonEmpty,
    password: secret,
    /** The user's NetBIOS or DNS domain; empty for a local account. */
    domain: z.string().trim().default(''),
    /** The client machine name sent in the messages; default FERRY. */
    workstation: z.string().trim().max(15).default('FERRY'),
  })
  .strict();
