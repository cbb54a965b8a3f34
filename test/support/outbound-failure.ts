// Awaits an outbound request that must fail and checks the error never shows the query string or the test secret.
import { expect } from 'vitest';
import { OutboundError } from '../../src/core/errors.js';

export async function outboundFailure(promise: Promise<unknown>): Promise<OutboundError> {
  const err: unknown = await promise.then(
    () => new Error('expected the request to fail'),
    (e: unknown) => e,
  );
  if (!(err instanceof OutboundError)) throw err;
  expect(err.message).not.toContain('s3cr3t');
  expect(err.message).not.toContain('?');
  return err;
}
