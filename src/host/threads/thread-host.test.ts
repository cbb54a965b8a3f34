// What Ferry's worker threads (dispatch, ingest) are given: every setting but the master keys.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { threadConfig } from './thread-host.js';

describe('threadConfig', () => {
  it('keeps the settings and drops the current and previous master keys', () => {
    const current = Buffer.alloc(32, 7).toString('base64');
    const previous = Buffer.alloc(32, 9).toString('base64');
    const config = loadConfig({
      FERRY_MASTER_KEY: current,
      FERRY_MASTER_KEY_PREVIOUS: previous,
      FERRY_DATA_DIR: '/var/lib/ferry',
      FERRY_HTTP_TIMEOUT_MS: '2500',
    });
    const given = threadConfig(config);
    expect(JSON.stringify(given)).not.toContain(current);
    expect(JSON.stringify(given)).not.toContain(previous);
    expect(given).toEqual({ ...config, masterKey: undefined, previousMasterKeys: [] });
    expect(given.dataDir).toBe('/var/lib/ferry');
    expect(given.httpTimeoutMs).toBe(2_500);
  });
});
