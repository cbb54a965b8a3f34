// The /api/v1/messages, /transfers, /activity and /errors endpoints.
import type { RegisterRoute } from '../../deps.js';
import { bulkMessages } from '../messages/bulk-messages.js';
import { ingestMessage } from '../messages/ingest-message.js';
import { activityLog, errorLog } from './activity-log.js';
import { getTransfer } from './get-transfer.js';
import { listTransfers } from './list-transfers.js';
import { dismissTransfers, replayTransfers } from './replay-transfers.js';

export const deliveryRoutes: readonly RegisterRoute[] = [
  ingestMessage,
  bulkMessages,
  listTransfers,
  replayTransfers,
  dismissTransfers,
  getTransfer,
  activityLog,
  errorLog,
];
