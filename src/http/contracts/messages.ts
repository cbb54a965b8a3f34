// Request and response shapes of /api/v1/messages and /api/v1/transfers, shared by the server and the CLI.
import { z } from 'zod';
import { view, stamps } from './view.js';
import { TRANSFER_STATUSES } from '../../core/ports/delivery-storage.js';

/** What names one transfer: its tracking id, and the subscription and Message it belongs to. */
const transferKey = { trackingId: z.string(), subscriptionId: z.string(), messageId: z.string() };

export const transferRef = z.object({
  trackingId: transferKey.trackingId,
  subscriptionId: transferKey.subscriptionId,
  part: z.number(),
  parts: z.number(),
  status: z.string(),
  error: z.string().optional(),
});

export const ingestResult = view('IngestResult', {
  id: z.string(),
  duplicate: z.boolean().meta({ description: 'true: this Id was accepted before; nothing is sent again.' }),
  transfers: z.array(transferRef),
});
export type IngestView = z.infer<typeof ingestResult>;

export const bulkSummary = view('BulkSummary', {
  accepted: z.number(),
  duplicates: z.number(),
  rejectedCount: z.number(),
  rejected: z
    .array(z.object({ line: z.number(), message: z.string() }))
    .meta({ description: 'The first 1,000 rejected records with their line numbers.' }),
  duplicateLines: z.array(z.number()).meta({
    description: 'Line numbers of the first 1,000 duplicates; every other line not rejected was accepted.',
  }),
});
export type BulkSummaryView = z.infer<typeof bulkSummary>;

export const transferView = view('Transfer', {
  ...transferKey,
  part: z.number(),
  parts: z.number(),
  status: z.enum(TRANSFER_STATUSES),
  attempts: z.number(),
  nextAttemptAt: z.string().optional(),
  httpStatus: z.number().optional(),
  errorCode: z.string().optional(),
  errorText: z.string().optional(),
  payload: z.unknown().optional(),
  ...stamps,
});
export type TransferView = z.infer<typeof transferView>;

export const attemptView = view('Attempt', {
  id: z.number(),
  ...transferKey,
  attempt: z.number(),
  status: z
    .string()
    .meta({ description: 'delivered, failed, retrying, unconfirmed, rate_limited, unauthorized, skipped' }),
  httpStatus: z.number().optional(),
  durationMs: z.number(),
  error: z.string().optional(),
  summary: z.string().optional().meta({ description: 'On errors: "Could not Post Message To Moveworks".' }),
  at: z.string(),
});
export type AttemptView = z.infer<typeof attemptView>;

const statusList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()))
  .pipe(z.array(z.enum(TRANSFER_STATUSES)));

export const transferQuery = z.object({
  subscription: z.string().optional(),
  status: statusList.optional().meta({ description: 'Comma separated, e.g. failed,unconfirmed' }),
  message: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  before: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: 'Cursor: `next` of the previous page.' }),
});

export const transferSelection = z
  .object({
    trackingIds: z.array(z.string()).min(1).max(10_000).optional(),
    subscription: z.string().optional(),
    status: z.array(z.enum(['failed', 'unconfirmed', 'dismissed'])).optional(),
    message: z.string().optional(),
    all: z.boolean().optional().meta({ description: 'Must be true to select without any other filter.' }),
    debug: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'TransferSelection' });
