// Every console page, in the order of the navigation.
import type { RegisterPage } from '../deps.js';
import { actionEdit } from '../actions/action-edit.js';
import { actions } from '../actions/actions.js';
import { connectorEdit } from '../connectors/connector-edit.js';
import { connectors } from '../connectors/connectors.js';
import { formulaTest } from '../mappings/formula-test.js';
import { mappingEdit } from '../mappings/mapping-edit.js';
import { mappings } from '../mappings/mappings.js';
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
  // Static paths before the :name pages they share a prefix with.
  connectors,
  connectorEdit,
  actions,
  actionEdit,
  formulaTest,
  mappings,
  mappingEdit,
];
