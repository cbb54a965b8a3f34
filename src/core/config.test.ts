// Configuration: defaults, environment names, flags over environment, and every problem reported at once.
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { ConfigError } from './errors.js';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: './.ferry',
      httpTimeoutMs: 30_000,
      outboundAllow: [],
    });
  });

  it('reads FERRY_ variables and lets flags win', () => {
    const config = loadConfig(
      { FERRY_PORT: '9000', FERRY_DATA_DIR: '/var/ferry', FERRY_OUTBOUND_ALLOW: '169.254.0.0/16, metadata' },
      { port: '9100' },
    );
    expect(config).toMatchObject({
      port: 9100,
      dataDir: '/var/ferry',
      outboundAllow: ['169.254.0.0/16', 'metadata'],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports every invalid variable together, by its environment name', () => {
    let error: unknown;
    try {
      loadConfig({ FERRY_PORT: 'eighty', FERRY_LOG_LEVEL: 'loud', FERRY_HTTP_TIMEOUT_MS: '5' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.map((i) => i.path).sort();
    expect(issues).toEqual(['FERRY_HTTP_TIMEOUT_MS', 'FERRY_LOG_LEVEL', 'FERRY_PORT']);
    expect((error as ConfigError).code).toBe('ERR_CONFIG_INVALID');
  });

  it('takes the OpenID Connect settings all together or not at all', () => {
    const oidc = {
      FERRY_OIDC_ISSUER: 'https://login.example.com',
      FERRY_OIDC_CLIENT_ID: 'ferry',
      FERRY_OIDC_CLIENT_SECRET: 'oidc-secret',
      FERRY_PUBLIC_URL: 'https://ferry.example.com',
      FERRY_COOKIE_SECURE: 'false',
    };
    expect(loadConfig(oidc)).toMatchObject({
      oidcIssuer: 'https://login.example.com',
      publicUrl: 'https://ferry.example.com',
      cookieSecure: false,
    });
    let error: unknown;
    try {
      loadConfig({ FERRY_OIDC_ISSUER: 'https://login.example.com' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).issues.map((i) => i.path).sort()).toEqual([
      'FERRY_OIDC_CLIENT_ID',
      'FERRY_OIDC_CLIENT_SECRET',
    ]);
  });
});
