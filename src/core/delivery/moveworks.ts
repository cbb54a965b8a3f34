// Moveworks Events API facts (moveworks.md §1): regional hosts, payload limits and the payload itself.
import { z } from 'zod';

export const MOVEWORKS_DEFAULT_API_URL = 'https://api.moveworks.ai';

/** Regional API hosts offered as presets; a wrong region answers 401 "Token validation failed". */
export const MOVEWORKS_REGIONS: Readonly<Record<string, string>> = {
  us: 'https://api.moveworks.ai',
  jp: 'https://api.jp.moveworks.com',
  uk: 'https://api.uk.moveworks.com',
  'us-prod3': 'https://api.prod3.us.moveworks.com',
  'us-prod4': 'https://api.prod4.us.moveworks.com',
  eu: 'https://api.am-eu-central.moveworks.ai',
  ca: 'https://api.am-ca-central.moveworks.ai',
  gov: 'https://api.moveworksgov.ai',
  demo: 'https://api-demo.moveworks.ai',
};

export const MAX_MESSAGE_CHARS = 20_000;
export const MAX_RECIPIENTS = 500;

/** Syntactic email check, as strict as Moveworks' own validation is documented to be. */
export const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The body of `POST /rest/v1/events/{event_id}/messages/send`, with the event id beside it. */
export interface MoveworksPayload {
  readonly eventId: string;
  readonly message: string;
  readonly recipients: readonly string[];
  readonly context?: { readonly slots: Readonly<Record<string, unknown>> };
}

export const moveworksPayloadSchema = z.object({
  eventId: z.string().regex(UUID, 'must be a UUID (the event id from the Events Workspace)'),
  message: z
    .string()
    .min(1, 'must not be empty')
    .max(MAX_MESSAGE_CHARS, `must be at most ${MAX_MESSAGE_CHARS} characters`),
  recipients: z
    .array(z.string().regex(EMAIL, 'must be an email address'))
    .min(1, 'needs at least one recipient'),
  context: z.object({ slots: z.record(z.string(), z.unknown()) }).optional(),
});

/** Splits a recipient list on commas, semicolons and white space; trims and drops duplicates (case-insensitive). */
export function splitRecipients(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[,;\s]+/)) {
    const email = part.trim();
    if (!email || seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    out.push(email);
  }
  return out;
}

/** Recipient lists over 500 become back-to-back requests of at most 500 each. */
export function chunkRecipients(recipients: readonly string[], size = MAX_RECIPIENTS): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < recipients.length; i += size) out.push(recipients.slice(i, i + size));
  return out;
}

/** `Error calling Moveworks CallWrapper.{action}: {details} (Http Code: {code})`; `none` when no answer came. */
export const ipaasErrorText = (details: string, status?: number, action = 'SendMessage'): string =>
  `Error calling Moveworks CallWrapper.${action}: ${details} (Http Code: ${status ?? 'none'})`;
