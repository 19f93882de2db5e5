import { describe, expect, it } from 'vitest';
import type { MediaRequest } from '../../../shared/contract.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { MediaBroker, MediaError } from './media-broker.js';

function setup(timeoutMs = 15_000) {
  const sent: MediaRequest[] = [];
  const clock = new FakeClock();
  let n = 0;
  const broker = new MediaBroker((r) => sent.push(r), clock, timeoutMs, () => `req-${++n}`);
  return { sent, clock, broker };
}

const offer = { body: 'v=0\r\n', contentType: 'application/sdp' };

describe('MediaBroker', () => {
  it('sends a request with a fresh requestId and resolves with the matching reply', async () => {
    const { sent, broker } = setup();
    const a = broker.request({ callId: 'c1', op: 'getDescription', options: { audio: true, video: false } });
    const b = broker.request({ callId: 'c1', op: 'setMute', muted: true });
    expect(sent.map((r) => r.requestId)).toEqual(['req-1', 'req-2']);
    expect(sent[0]).toMatchObject({ callId: 'c1', op: 'getDescription' });
    // Replies may come in any order; correlation is by requestId.
    expect(broker.reply({ requestId: 'req-2', ok: true, value: null })).toBe(true);
    expect(broker.reply({ requestId: 'req-1', ok: true, value: offer })).toBe(true);
    await expect(a).resolves.toEqual(offer);
    await expect(b).resolves.toBeNull();
    expect(broker.size).toBe(0);
  });

  it('ignores unknown and duplicate requestIds', async () => {
    const { broker } = setup();
    const p = broker.request({ callId: 'c1', op: 'close' });
    expect(broker.reply({ requestId: 'nope', ok: true, value: null })).toBe(false);
    expect(broker.reply({ requestId: 'req-1', ok: true, value: null })).toBe(true);
    expect(broker.reply({ requestId: 'req-1', ok: false, error: 'late' })).toBe(false);
    await expect(p).resolves.toBeNull();
  });

  it('times out with a clear error and forgets the request', async () => {
    const { broker, clock } = setup(15_000);
    const p = broker.request({ callId: 'c1', op: 'getDescription', options: { audio: true, video: false } });
    const seen = p.catch((e: unknown) => e);
    clock.advance(14_999);
    expect(broker.size).toBe(1);
    clock.advance(1);
    const err = await seen;
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).code).toBe('timeout');
    expect((err as MediaError).message).toMatch(/did not answer getDescription within 15 s/);
    expect(broker.size).toBe(0);
    // A reply after the timeout is ignored.
    expect(broker.reply({ requestId: 'req-1', ok: true, value: offer })).toBe(false);
  });

  it('maps permission_denied to its own error code and other errors to renderer_error', async () => {
    const { broker } = setup();
    const a = broker.request({ callId: 'c1', op: 'getDescription', options: { audio: true, video: false } });
    const b = broker.request({ callId: 'c1', op: 'sendDtmf', tones: '1', duration: 100, interToneGap: 70 });
    broker.reply({ requestId: 'req-1', ok: false, error: 'permission_denied' });
    broker.reply({ requestId: 'req-2', ok: false, error: 'dtmf_unavailable: no sender' });
    await expect(a).rejects.toMatchObject({ code: 'permission_denied', message: 'Permission to use camera and/or microphone was denied.' });
    await expect(b).rejects.toMatchObject({ code: 'renderer_error', message: 'dtmf_unavailable: no sender' });
  });

  it('cancels pending requests of one call (but not its close) or all calls', async () => {
    const { broker, clock } = setup();
    const a = broker.request({ callId: 'c1', op: 'setMute', muted: true });
    const closing = broker.request({ callId: 'c1', op: 'close' });
    const b = broker.request({ callId: 'c2', op: 'close' });
    broker.cancel('call closed', 'c1');
    await expect(a).rejects.toMatchObject({ code: 'cancelled' });
    expect(broker.size).toBe(2);
    broker.cancel('media host left');
    await expect(closing).rejects.toMatchObject({ code: 'cancelled', message: 'media host left' });
    await expect(b).rejects.toMatchObject({ code: 'cancelled', message: 'media host left' });
    expect(clock.pendingTimers).toBe(0);
  });

  it('fails the request when sending throws', async () => {
    const clock = new FakeClock();
    const broker = new MediaBroker(() => { throw new Error('no sink'); }, clock);
    await expect(broker.request({ callId: 'c1', op: 'close' })).rejects.toMatchObject({ code: 'renderer_error' });
    expect(broker.size).toBe(0);
  });
});
