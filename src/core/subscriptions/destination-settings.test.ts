// Destination defaults: a listener's auth kind and throttle, and the throttle following a change of destination.
import { describe, expect, it } from 'vitest';
import { withDestinationDefaults } from './destination-settings.js';

describe('withDestinationDefaults', () => {
  it('gives the Events API 120 per 60 s and listeners their documented limits', () => {
    expect(withDestinationDefaults({})).toMatchObject({ throttleLimit: 120, throttleSeconds: 60 });
    expect(
      withDestinationDefaults({ destination: 'listener', clientId: 'c', clientSecret: 's' }),
    ).toMatchObject({ listenerAuth: 'oauth', throttleLimit: 5, throttleSeconds: 1 });
    expect(withDestinationDefaults({ destination: 'listener', apiKey: 'k' })).toMatchObject({
      listenerAuth: 'api_key',
      throttleLimit: 5,
    });
    expect(withDestinationDefaults({ destination: 'listener' })).toMatchObject({
      listenerAuth: 'none',
      throttleLimit: 1,
      throttleSeconds: 10,
    });
  });

  it('keeps a throttle the user set, also across a change of destination', () => {
    const before = { throttleLimit: 60, throttleSeconds: 60 };
    expect(withDestinationDefaults({ ...before, destination: 'listener' }, before)).toMatchObject(before);
  });

  it('moves a throttle still at the old default to the new destination default', () => {
    const before = { destination: 'events' as const, throttleLimit: 120, throttleSeconds: 60 };
    expect(
      withDestinationDefaults({ ...before, destination: 'listener', listenerAuth: 'none' }, before),
    ).toMatchObject({ throttleLimit: 1, throttleSeconds: 10 });
    const secured = {
      destination: 'listener' as const,
      listenerAuth: 'none' as const,
      throttleLimit: 1,
      throttleSeconds: 10,
    };
    expect(withDestinationDefaults({ ...secured, listenerAuth: 'oauth' }, secured)).toMatchObject({
      throttleLimit: 5,
      throttleSeconds: 1,
    });
  });
});
