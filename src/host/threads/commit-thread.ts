// Entry of the commit thread: the dispatch thread's SQLite commits (claims, attempt ends, lease renewals), made on
// a connection of its own so their statements and their WAL sync never hold the dispatch thread's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import type { CommitTurn } from '../../core/ports/delivery-storage.js';
import type { Lease } from '../../core/ports/transfer-lease.js';
import { sqliteActivity } from '../../adapters/storage/sqlite/sqlite-activity.js';
import { sqliteClaims } from '../../adapters/storage/sqlite/sqlite-claims.js';
import { openSqliteFile } from '../../adapters/storage/sqlite/sqlite-storage.js';
import { PortRpc } from '../../adapters/thread/port-rpc.js';

const port = parentPort;
if (port === null) throw new Error('commit-thread.ts runs only as a worker thread (see commit-host.ts)');
const { file } = workerData as { file: string };

const db = openSqliteFile(file);
const claims = sqliteClaims(db, sqliteActivity(db));
const rpc = new PortRpc(port, {
  // A Set does not cross the port as one: its seqs do.
  commit: (turn: CommitTurn) => [...claims.commit(turn)],
  renew: (lease: Lease) => claims.renew(lease),
  close: () => void db.close(),
});
rpc.cast('ready');
