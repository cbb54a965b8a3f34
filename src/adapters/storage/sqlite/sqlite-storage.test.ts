// Runs the storage conformance suite against real SQLite files.
import { mkdtempSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeStorageConformance } from '../../../../test/conformance/storage.js';
import { TRANSFER_STATUSES } from '../../../core/ports/delivery-storage.js';
import { MIGRATIONS, rareStatusTerm } from '../migrations.js';
import { migrateSqlite } from './sqlite-schema.js';
import { SqliteStorage } from './sqlite-storage.js';

let file = '';
const open = async () => {
  const s = new SqliteStorage(file);
  await s.migrate();
  return s;
};

describeStorageConformance('sqlite', {
  open: () => {
    file = join(mkdtempSync(join(tmpdir(), 'ferry-sqlite-')), 'ferry.db');
    return open();
  },
  reopen: open,
});

describe('SqliteStorage file', () => {
  it('is readable by its owner only', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ferry-sqlite-')), 'ferry.db');
    const s = new SqliteStorage(path);
    await s.migrate();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await s.close();
  });

  it('syncs every commit (synchronous = FULL), so an accepted Message survives a power loss', async () => {
    const s = new SqliteStorage(join(mkdtempSync(join(tmpdir(), 'ferry-sqlite-')), 'ferry.db'));
    // The connection is private to the class: the setting is per connection, so it is read on that one.
    const db = (s as unknown as { db: Database.Database }).db;
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    await s.close();
  });

  it('finds rare statuses through the partial index, which delivered and queued transfers stay out of', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ferry-sqlite-')), 'ferry.db');
    const s = new SqliteStorage(path);
    await s.migrate();
    await s.close();
    const db = new Database(path, { readonly: true });
    const plan = (where: string) =>
      (
        db.prepare(`EXPLAIN QUERY PLAN SELECT seq FROM transfers t WHERE ${where}`).all() as {
          detail: string;
        }[]
      )
        .map((r) => r.detail)
        .join(' | ');
    expect(plan(`t.status = 'sending' AND ${rareStatusTerm('t.status')}`)).toContain('transfers_rare_status');
    expect(plan(`t.status IN ('failed', 'unconfirmed') AND ${rareStatusTerm('t.status')}`)).toContain(
      'transfers_rare_status',
    );
    expect(plan(`t.status = 'delivered'`)).not.toContain('transfers_rare_status');
    const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all();
    expect(indexes).not.toContain('transfers_status');
    db.close();
  });

  it('moves a version 6 file to the cheaper rare-status predicate, every rare transfer still in the index', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ferry-sqlite-')), 'ferry.db');
    const old = new Database(path);
    migrateSqlite(
      old,
      MIGRATIONS.filter((m) => m.version <= 6),
    );
    old.exec(
      `INSERT INTO subscriptions (id, name, settings_json, created_at, updated_at) VALUES ('s', 's', '{}', 'x', 'x')`,
    );
    const insert = old.prepare(
      `INSERT INTO transfers (tracking_id, subscription_id, message_id, part, parts, status, next_attempt_at,
         received_at_ms, created_at, updated_at) VALUES (?, 's', ?, 1, 1, ?, 0, 0, 'x', 'x')`,
    );
    TRANSFER_STATUSES.forEach((status, i) => insert.run(`t-${i}`, `m-${i}`, status));
    old.close();

    const s = new SqliteStorage(path);
    expect(await s.migrate()).toBe(7);
    await s.close();
    const db = new Database(path, { readonly: true });
    const indexSql = db
      .prepare(`SELECT sql FROM sqlite_master WHERE name = 'transfers_rare_status'`)
      .pluck()
      .get() as string;
    expect(indexSql).toContain(`WHERE ${rareStatusTerm()}`);
    const inIndex = db
      .prepare(
        `SELECT status FROM transfers INDEXED BY transfers_rare_status WHERE ${rareStatusTerm()} ORDER BY seq`,
      )
      .pluck()
      .all();
    expect(inIndex).toEqual(['sending', 'failed', 'unconfirmed', 'skipped', 'dismissed']);
    db.close();
  });
});
