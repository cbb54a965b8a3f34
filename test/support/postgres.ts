// Throwaway schemas on the real PostgreSQL (127.0.0.1:5432, database `test`), one per storage a test opens.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server and database tests use; FERRY_TEST_DATABASE_URL overrides it. Unreachable: tests fail. */
export const TEST_DATABASE_URL =
  process.env.FERRY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A database URL whose connections use `schema` (through the startup `options`, as a user would set it). */
export const urlWithSchema = (schema: string): string => {
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
};

/**
 * Creates schemas named after the test file's process and drops them all at the end, so parallel test files
 * (and tests within one) never see each other's rows.
 */
export class TestSchemas {
  private readonly admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
  private readonly created: string[] = [];

  /** A new, empty schema; resolves its name and a URL that selects it. */
  async create(): Promise<{ schema: string; url: string }> {
    const schema = `ferry_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await this.admin.query(`CREATE SCHEMA ${schema}`);
    this.created.push(schema);
    return { schema, url: urlWithSchema(schema) };
  }

  /** Runs a query as the administrator (outside any Ferry schema unless it names one). */
  query(text: string, values?: unknown[]): Promise<pg.QueryResult> {
    return this.admin.query(text, values);
  }

  /** Every row of every table of `schema`, each as its text form: what someone reading the database sees. */
  async dump(schema: string): Promise<string> {
    const tables = await this.admin.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
      [schema],
    );
    const texts: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await this.admin.query<{ row: string }>(
        `SELECT t::text AS row FROM ${schema}.${table_name} t`,
      );
      texts.push(...rows.rows.map((r) => `${table_name}: ${r.row}`));
    }
    return texts.join('\n');
  }

  async dropAll(): Promise<void> {
    for (const schema of this.created.splice(0)) await this.admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await this.admin.end();
  }
}
