// Bulk upload: a file (NDJSON, JSON array or CSV) ingested in the background, with a progress bar and per-row results.
import type { BulkSummaryView } from '../../http/contracts/messages.js';
import { CONSOLE_BASE, type RegisterPage } from '../deps.js';
import { outcome, readForm } from '../form.js';
import { Notice, page } from '../layout.js';
import { CardForm, Table } from '../parts.js';

/** Rows listed one by one at the end; the counts cover the whole file. */
const LISTED = 1_000;
/** Finished uploads kept for their result page; older ones are forgotten. */
const KEPT = 50;

interface Job {
  readonly name: string;
  readonly size: number;
  /** The reader's number of the first record (a CSV header is line 1). */
  readonly firstLine: number;
  read: number;
  summary?: BulkSummaryView;
  error?: string;
}

const MEDIA: Readonly<Record<string, string>> = {
  csv: 'text/csv',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  jsonl: 'application/x-ndjson',
};

/** The file's bytes, counted as the ingest reads them: the progress bar follows ingest, not the upload. */
async function* counted(file: File, job: Job): AsyncIterable<Uint8Array> {
  for await (const chunk of file.stream() as unknown as AsyncIterable<Uint8Array>) {
    job.read += chunk.byteLength;
    yield chunk;
  }
}

function Progress(props: { id: string; job: Job }) {
  const { id, job } = props;
  const done = job.summary !== undefined || job.error !== undefined;
  const pct = job.size === 0 ? 100 : Math.round((job.read / job.size) * 100);
  return (
    <div
      id="bulk-job"
      data-done={String(done)}
      hx-get={done ? undefined : `${CONSOLE_BASE}/bulk/jobs/${id}`}
      hx-trigger={done ? undefined : 'load delay:300ms'}
      hx-target="this"
      hx-swap="outerHTML"
    >
      <p>{`${job.name}: ${done ? 100 : pct}%`}</p>
      <progress max="100" value={String(done ? 100 : pct)}></progress>
      {job.error !== undefined && <Notice ok={false}>{job.error}</Notice>}
      {job.summary !== undefined && <Result summary={job.summary} firstLine={job.firstLine} />}
    </div>
  );
}

function Result(props: { summary: BulkSummaryView; firstLine: number }) {
  const s = props.summary;
  const total = s.accepted + s.duplicates + s.rejectedCount;
  const rejected = new Map(s.rejected.map((r) => [r.line, r.message]));
  const duplicate = new Set(s.duplicateLines);
  const first = props.firstLine;
  const rows = Array.from({ length: Math.min(LISTED, total) }, (_, i) => first + i);
  return (
    <>
      <Notice ok={s.rejectedCount === 0}>
        {`${s.accepted} accepted, ${s.duplicates} duplicates, ${s.rejectedCount} rejected.`}
      </Notice>
      <Table id="bulk-rows" head={['Line', 'Result']}>
        {rows.map((line) => (
          <tr data-line={String(line)}>
            <td class="n">{line}</td>
            <td>
              {rejected.has(line)
                ? `rejected: ${rejected.get(line) ?? ''}`
                : duplicate.has(line)
                  ? 'duplicate'
                  : 'accepted'}
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}

export const bulkUpload: RegisterPage = (app, deps) => {
  const jobs = new Map<string, Job>();

  app.get('/bulk', (c) =>
    page(
      c,
      'Bulk upload',
      <CardForm
        id="bulk-form"
        post={`${CONSOLE_BASE}/bulk`}
        multipart={true}
        result="bulk-status"
        submit="Upload"
      >
        <label>
          File (.ndjson, .json array of Messages, or .csv)
          <input type="file" name="file" required />
        </label>
      </CardForm>,
    ),
  );

  app.post('/bulk', (c) =>
    outcome(c, async () => {
      const file = (await readForm(c)).file;
      if (!(file instanceof File)) return <Notice ok={false}>Choose a file first.</Notice>;
      const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
      const format =
        deps.bulk.formatOf(file.type || MEDIA[ext] || '') ?? deps.bulk.formatOf(MEDIA[ext] ?? '');
      if (format === undefined) return <Notice ok={false}>Ferry reads .ndjson, .json and .csv files.</Notice>;
      const id = crypto.randomUUID();
      const job: Job = {
        name: file.name,
        size: file.size,
        firstLine: format === 'csv' ? 2 : 1,
        read: 0,
      };
      jobs.set(id, job);
      for (const old of [...jobs.keys()].slice(0, Math.max(0, jobs.size - KEPT))) jobs.delete(old);
      deps.bulk.ingest(counted(file, job), format).then(
        (summary) => (job.summary = summary),
        (err: unknown) => (job.error = err instanceof Error ? err.message : String(err)),
      );
      return <Progress id={id} job={job} />;
    }),
  );

  app.get('/bulk/jobs/:id', (c) => {
    const job = jobs.get(c.req.param('id'));
    if (job === undefined) return c.html(<Notice ok={false}>That upload is no longer known.</Notice>);
    return c.html(<Progress id={c.req.param('id')} job={job} />);
  });
};
