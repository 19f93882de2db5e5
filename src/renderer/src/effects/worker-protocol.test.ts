import { describe, expect, it } from 'vitest';
import { workerCommandSchema, workerEventSchema } from './worker-protocol.js';

const options = { effect: 'blur', assetBase: 'http://127.0.0.1:1/mediapipe' };

describe('effects worker commands', () => {
  it.each([
    ['start', { type: 'start', readable: new ReadableStream(), options }],
    ['start with tuning', { type: 'start', readable: new ReadableStream(), options: { ...options, mode: 'naive', budgetMs: 5, adaptive: { window: 3 } } }],
    ['effect', { type: 'effect', generation: 2, effect: 'face-tracking' }],
    ['query', { type: 'query', id: 1, what: 'mask' }],
    ['stop', { type: 'stop' }],
  ])('accepts %s', (_name, cmd) => {
    expect(workerCommandSchema.safeParse(cmd).success).toBe(true);
  });

  it.each([
    ['an unknown type', { type: 'explode' }],
    ['start without streams', { type: 'start', options }],
    ['start with a relative asset base', { type: 'start', readable: new ReadableStream(), options: { ...options, assetBase: './mediapipe' } }],
    ['an unknown effect', { type: 'effect', generation: 1, effect: 'sepia' }],
    ['a background that is not an image', { type: 'effect', generation: 1, effect: 'background', backgroundImage: 'x.png' }],
    ['a negative budget', { type: 'start', readable: new ReadableStream(), options: { ...options, budgetMs: -1 } }],
    ['a query for something else', { type: 'query', id: 1, what: 'secrets' }],
    ['null', null],
  ])('refuses %s', (_name, cmd) => {
    expect(workerCommandSchema.safeParse(cmd).success).toBe(false);
  });
});

describe('effects worker events', () => {
  it.each([
    ['hello', { type: 'hello' }, true],
    ['settled', { type: 'settled', generation: 0 }, true],
    ['degraded', { type: 'degraded', info: { degraded: true, reason: 'x' } }, true],
    ['stats missing fields', { type: 'stats', stats: { effect: 'blur' } }, false],
    ['a reply without id', { type: 'reply', value: 1 }, false],
    ['a frame that is not a VideoFrame', { type: 'frame', frame: { width: 640 } }, false],
  ])('%s', (_name, event, ok) => {
    expect(workerEventSchema.safeParse(event).success).toBe(ok);
  });
});
