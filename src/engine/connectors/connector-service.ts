// Connector use cases: validate, seal, store, read back without secrets, test.
import { authConfig, keepsTokens, secretValues, type AuthConfig } from '../../core/connectors/auth-config.js';
import type { Clock } from '../../core/clock.js';
import { connectorInput, connectorPatch, type Connector } from '../../core/connectors/connector.js';
import { ConflictError, NotFoundError, ValidationError, type Issue } from '../../core/errors.js';
import type { AuthCheck, ConnectorAuthProvider } from '../../core/ports/auth.js';
import type { Sealer } from '../../core/ports/sealer.js';
import type { Storage, StoredConnector } from '../../core/ports/storage.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import { toIssues } from '../../core/zod-issues.js';
import { ASSERTION_KEYS_SUBJECT } from './assertion-keyring.js';
import { sealAuth, unsealAuth } from './sealed-auth.js';

export interface ConnectorServiceDeps {
  readonly storage: Storage;
  readonly sealer: Sealer;
  readonly auth: ConnectorAuthProvider;
  readonly scrubber: SecretScrubber;
  readonly clock: Clock;
}

export class ConnectorService {
  constructor(private readonly deps: ConnectorServiceDeps) {}

  async create(body: unknown): Promise<Connector> {
    const parsed = connectorInput.safeParse(body);
    if (!parsed.success) throw invalid(toIssues(parsed.error));
    const input = parsed.data;
    await this.validateDeep(input.auth);
    const now = new Date(this.deps.clock.now()).toISOString();
    const row: StoredConnector = {
      name: input.name,
      description: input.description,
      baseUrl: input.baseUrl,
      authJson: sealAuth(input.auth, this.deps.sealer),
      testPath: input.testPath ?? null,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.deps.storage.connectors.insert(row)))
      throw new ConflictError(
        'ERR_CONNECTOR_EXISTS',
        `connector "${input.name}" already exists; use PATCH to change it`,
      );
    return this.fromRow(row);
  }

  async get(name: string): Promise<Connector> {
    const row = await this.deps.storage.connectors.get(name);
    if (!row) throw new NotFoundError('ERR_CONNECTOR_NOT_FOUND', `connector "${name}" does not exist`);
    return this.fromRow(row);
  }

  async list(): Promise<Connector[]> {
    return (await this.deps.storage.connectors.list()).map((r) => this.fromRow(r));
  }

  /**
   * Applies a partial update; secrets absent from `auth` keep their stored values when the type is unchanged,
   * and a field sent as null is removed (RFC 7396 merge patch).
   */
  async update(name: string, body: unknown): Promise<Connector> {
    const parsed = connectorPatch.safeParse(body);
    if (!parsed.success) throw invalid(toIssues(parsed.error));
    const patch = parsed.data;
    const current = await this.get(name);
    let auth = current.auth;
    if (patch.auth) {
      const merged =
        patch.auth.type === undefined || patch.auth.type === current.auth.type
          ? { ...current.auth, ...patch.auth }
          : patch.auth;
      const checked = authConfig.safeParse(
        Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== null)),
      );
      if (!checked.success) throw invalid(toIssues(checked.error, ['auth']));
      auth = checked.data;
      await this.validateDeep(auth);
    }
    const row: StoredConnector = {
      name,
      description: patch.description ?? current.description,
      baseUrl: patch.baseUrl ?? current.baseUrl,
      authJson: sealAuth(auth, this.deps.sealer),
      testPath: patch.testPath === null ? null : (patch.testPath ?? current.testPath ?? null),
      createdAt: current.createdAt,
      updatedAt: new Date(this.deps.clock.now()).toISOString(),
    };
    if (!(await this.deps.storage.connectors.update(row)))
      throw new NotFoundError('ERR_CONNECTOR_NOT_FOUND', `connector "${name}" does not exist`);
    if (patch.auth && !keepsTokens(current.auth, auth)) await this.dropTokens(name);
    this.deps.auth.forget(name);
    return this.fromRow(row);
  }

  async delete(name: string): Promise<void> {
    const users = await this.deps.storage.actions.usingConnector(name);
    if (users.length > 0)
      throw new ConflictError(
        'ERR_CONNECTOR_IN_USE',
        `connector "${name}" is used by actions: ${users.join(', ')}`,
        {
          details: { actions: users },
        },
      );
    if (!(await this.deps.storage.connectors.delete(name)))
      throw new NotFoundError('ERR_CONNECTOR_NOT_FOUND', `connector "${name}" does not exist`);
    this.deps.auth.forget(name);
  }

  /** Obtains credentials for the connector (a token request where its method has one). */
  async checkCredentials(name: string): Promise<{ connector: Connector; check: AuthCheck }> {
    const connector = await this.get(name);
    return { connector, check: await this.deps.auth.forConnector(connector).check() };
  }

  /** Deletes the connector's tokens but keeps its signing keys: a server has them registered (jwks_uri). */
  private async dropTokens(name: string): Promise<void> {
    const { credentials } = this.deps.storage;
    const keys = await credentials.get(name, ASSERTION_KEYS_SUBJECT);
    await credentials.delete(name);
    if (keys !== undefined) await credentials.compareAndSet(keys, 0);
  }

  private async validateDeep(auth: AuthConfig): Promise<void> {
    const issues = await this.deps.auth.validate(auth);
    if (issues.length > 0)
      throw invalid(
        issues.map((i) => ({ ...i, path: i.path.startsWith('auth') ? i.path : `auth.${i.path}` })),
      );
  }

  private fromRow(row: StoredConnector): Connector {
    const auth = unsealAuth(row.authJson, this.deps.sealer);
    this.deps.scrubber.add(...secretValues(auth));
    return {
      name: row.name,
      description: row.description,
      baseUrl: row.baseUrl,
      auth,
      testPath: row.testPath ?? undefined,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}

const invalid = (issues: Issue[]): ValidationError =>
  new ValidationError(
    `the connector is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
