// Every console page, in the order of the navigation.
import type { RegisterPage } from '../deps.js';
import { activityLog } from './activity-log.js';
import { bulkUpload } from './bulk-upload.js';
import { errorLog } from './error-log.js';
import { manualSync } from './manual-sync.js';
import { monitoringSeries } from './monitoring-series.js';
import { monitoring } from './monitoring.js';
import { replay } from './replay.js';
import { signIn } from './sign-in.js';
import { subscriptionEdit } from './subscription-edit.js';
import { subscriptions } from './subscriptions.js';

export const consolePages: readonly RegisterPage[] = [
  signIn,
  monitoring,
  monitoringSeries,
  subscriptions,
  subscriptionEdit,
  activityLog,
  errorLog,
  replay,
  manualSync,
  bulkUpload,
];
