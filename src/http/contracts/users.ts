// Shapes of /api/v1/users (end-user sign-in links), shared by the server and the CLI.
import { z } from 'zod';
import { view } from './view.js';

export const signInLinkBody = z
  .object({ email: z.email().meta({ description: 'The end user the link signs in.' }) })
  .strict()
  .meta({ id: 'SignInLinkRequest' });

export const signInLinkView = view('SignInLink', {
  email: z.string(),
  url: z.string().meta({ description: 'Works once, until expiresAt; shown only in this response.' }),
  expiresAt: z.string(),
});
export type SignInLinkView = z.infer<typeof signInLinkView>;
