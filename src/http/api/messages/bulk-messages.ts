// POST /api/v1/messages/bulk: a streamed NDJSON, JSON-array or CSV upload of Messages, read record by record.
import { adminRoute } from '../../admin-route.js';
import { FerryError } from '../../../core/errors.js';
import { bulkSummary } from '../../contracts/messages.js';
import { type RegisterRoute } from '../../deps.js';
import { json, problems } from '../../responses.js';

const route = adminRoute('post', '/messages/bulk', 'Send Messages in bulk', {
  description:
    'The body is streamed (no size limit): `application/x-ndjson` (one Message per line), `application/json` ' +
    '(an array of Messages) or `text/csv` (a header row; Id, Type, Severity, Text, Detail, CreatedTime columns, ' +
    'every other column a custom field). Each record is accepted, a duplicate, or rejected with its line number; ' +
    "a bad record never stops the others. Records are read on Ferry's ingest thread and stored 500 to a " +
    'transaction; if that thread stops mid-upload the answer is 503 ERR_INGEST_UNAVAILABLE, and the records ' +
    'stored before it stopped stay stored (send the upload again: they come back as duplicates).',
  responses: { 200: json(bulkSummary, 'What happened to the records'), ...problems(400, 503) },
});

export const bulkMessages: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => {
    const type = c.req.header('content-type') ?? '';
    const format = deps.bulk.formatOf(type);
    if (format === undefined)
      throw new FerryError(
        'ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE',
        `send the records as application/x-ndjson, application/json or text/csv (got "${type || 'nothing'}")`,
      );
    const body = c.req.raw.body;
    const source = body ?? (async function* () {})();
    return c.json(await deps.bulk.ingest(source, format), 200);
  });
