// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createWebAudioRinger, renderRingCycle, RING_BURSTS, RING_CYCLE_SECONDS, silentRinger } from './ringer.js';

const rms = (a: Float32Array, from: number, to: number) => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (a[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
};

describe('ring pattern', () => {
  const rate = 8000;
  const cycle = renderRingCycle(rate);
  it('is one cycle long', () => {
    expect(cycle.length).toBe(RING_CYCLE_SECONDS * rate);
  });
  it('sounds during each burst and is silent between them', () => {
    for (const [from, to] of RING_BURSTS) expect(rms(cycle, from * rate + 200, to * rate - 200)).toBeGreaterThan(0.03);
    expect(rms(cycle, 0.45 * rate, 0.55 * rate)).toBe(0);
    expect(rms(cycle, 1.1 * rate, 3 * rate)).toBe(0);
  });
  it('stays well below full scale and starts/ends each burst quietly (no clicks)', () => {
    expect(Math.max(...cycle.map(Math.abs))).toBeLessThan(0.2);
    expect(Math.abs(cycle[0] ?? 1)).toBeLessThan(0.001);
  });
  it('is silent where WebAudio is missing', () => {
    expect(createWebAudioRinger({} as Window)).toBe(silentRinger);
  });
});

describe('ringing device (§9.2)', () => {
  type Sinky = HTMLMediaElement & { sinkId: string; setSinkId(id: string): Promise<void> };
  const known = new Set(['', 'loudspeaker']);

  function fakeWindow() {
    const doc = document;
    doc.querySelectorAll('audio[data-ringer]').forEach((e) => e.remove());
    const proto = HTMLMediaElement.prototype;
    const played: string[] = [];
    Object.assign(proto, {
      sinkId: '',
      async setSinkId(this: Sinky, id: string) {
        if (!known.has(id)) throw new DOMException('Requested device not found', 'NotFoundError');
        Object.defineProperty(this, 'sinkId', { value: id, configurable: true });
      },
      async play(this: Sinky) { played.push(this.sinkId); },
      pause() { played.push('paused'); },
    });
    class FakeContext {
      sampleRate = 8000;
      destination = { name: 'destination' };
      resume = async () => undefined;
      createBuffer = () => ({ copyToChannel: () => undefined });
      createBufferSource = () => ({ connect: (n: unknown) => { connectedTo.push(n); }, start: () => undefined, stop: () => undefined, disconnect: () => undefined, buffer: null, loop: false });
      createMediaStreamDestination = () => ({ name: 'stream', stream: { id: 'ring-stream' } });
    }
    const connectedTo: unknown[] = [];
    const win = { AudioContext: FakeContext, document: doc } as unknown as Window;
    return { win, doc, played, connectedTo };
  }
  const flushAll = () => new Promise((r) => setTimeout(r, 0));

  it('plays the ring on the chosen device through one hidden audio element', async () => {
    const { win, doc, played, connectedTo } = fakeWindow();
    const ringer = createWebAudioRinger(win, { sinkId: () => 'loudspeaker' });
    ringer.start();
    await flushAll();
    const el = doc.querySelector<Sinky>('audio[data-ringer]');
    expect(el?.sinkId).toBe('loudspeaker');
    expect(connectedTo).toEqual([{ name: 'stream', stream: { id: 'ring-stream' } }]);
    expect(played).toEqual(['loudspeaker']);
    ringer.stop();
    ringer.start();
    await flushAll();
    expect(doc.querySelectorAll('audio[data-ringer]')).toHaveLength(1);
    expect(played).toEqual(['loudspeaker', 'paused', 'loudspeaker']);
  });

  it('a device that is gone falls back to the system default and tells the agent', async () => {
    const { win, doc, played } = fakeWindow();
    const failed: string[] = [];
    const ringer = createWebAudioRinger(win, { sinkId: () => 'unplugged', onSinkFailed: (id) => failed.push(id) });
    ringer.start();
    await flushAll();
    expect(failed).toEqual(['unplugged']);
    expect(doc.querySelector<Sinky>('audio[data-ringer]')?.sinkId).toBe('');
    expect(played).toEqual(['']);
  });

  it('stopped before the device switch finished: stays silent', async () => {
    const { win, played } = fakeWindow();
    const ringer = createWebAudioRinger(win, { sinkId: () => 'loudspeaker' });
    ringer.start();
    ringer.stop();
    await flushAll();
    expect(played).toEqual(['paused']);
  });

  it('without a route, the ring goes straight to the context destination (no element)', async () => {
    const { win, doc, connectedTo } = fakeWindow();
    createWebAudioRinger(win).start();
    expect(connectedTo).toEqual([{ name: 'destination' }]);
    expect(doc.querySelector('audio[data-ringer]')).toBeNull();
  });
});
