// POST /api/v1/actions/import-curl: creates an action (and, when none fits, a connector) from a cURL command.
import { curlImportInput } from '../../../core/actions/curl-import.js';
import { importCurl } from '../../../engine/actions/curl-import.js';
import { createResourceRoute } from '../../admin-route.js';
import { curlImportResult } from '../../contracts/curl-import.js';

/**
 * Method, URL, headers, query and body become the action; the base URL picks an existing connector or a new
 * one is created holding the command's credentials (sealed), never the action. Unknown options are refused.
 */
export const importCurlRoute = createResourceRoute(
  '/actions/import-curl',
  'Create an action from a cURL command (credentials go to the connector, sealed)',
  curlImportInput,
  [curlImportResult, 'Created (with dryRun: what would be created)'],
  (deps, input) => importCurl(deps, input),
);
