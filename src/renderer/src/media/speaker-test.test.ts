import { describe, expect, it } from 'vitest';
import { startSpeakerTest, type SpeakerTestAudio, type SpeakerTestDeps } from './speaker-test.js';

/** A hand-driven clock, an audio element whose play() the test settles, and a counted fallback. */
function harness(opts: { audio?: 'ok' | 'none' | 'throws'; sink?: 'ok' | 'fails' | 'absent'; speakerId?: string | null } = {}) {
  const timers = new Map<number, { at: number; fn: () => void }>();
  let now = 0;
  let nextId = 1;
  const log: string[] = [];
  const listeners: Record<string, (() => void)[]> = {};
  let settlePlay: { resolve(): void; reject(e: unknown): void } | null = null;
  const audio: SpeakerTestAudio = {
    ...(opts.sink === 'absent' ? {} : {
      setSinkId: async (id: string) => {
        log.push(`sink:${id}`);
        if (opts.sink === 'fails') throw new Error('NotFoundError');
      },
    }),
    play: () => new Promise<void>((resolve, reject) => {
      log.push('play');
      settlePlay = { resolve, reject };
    }),
    pause: () => log.push('pause'),
    on: (type, l) => (listeners[type] ??= []).push(l),
    remove: () => log.push('remove'),
  };
  let fallbacks = 0;
  let fallbackStops = 0;
  const deps: SpeakerTestDeps = {
    createAudio: () => {
      if (opts.audio === 'throws') throw new Error('no audio');
      return opts.audio === 'none' ? null : audio;
    },
    speakerId: opts.speakerId === undefined ? 'spk-2' : opts.speakerId,
    fallback: () => {
      fallbacks++;
      return { stop: () => void fallbackStops++ };
    },
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    seconds: 5,
    loadTimeoutMs: 8000,
  };
  let ended = 0;
  const handle = startSpeakerTest(deps, () => void ended++);
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return {
    handle,
    log,
    flush,
    get ended() { return ended; },
    get fallbacks() { return fallbacks; },
    get fallbackStops() { return fallbackStops; },
    pendingTimers: () => timers.size,
    async advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now && timers.has(id)) {
          timers.delete(id);
          t.fn();
        }
      }
      await flush();
    },
    async playResolves() { await flush(); settlePlay?.resolve(); await flush(); },
    async playRejects() { await flush(); settlePlay?.reject(new Error('NotSupportedError')); await flush(); },
    emit: (type: string) => listeners[type]?.forEach((l) => l()),
  };
}

describe('speaker test', () => {
  it('routes the file to the chosen speaker, plays it, and stops by itself after the set time', async () => {
    const h = harness();
    await h.playResolves();
    expect(h.log).toEqual(['sink:spk-2', 'play']);
    await h.advance(4999);
    expect(h.ended).toBe(0);
    await h.advance(1);
    expect(h.ended).toBe(1);
    expect(h.log.slice(-2)).toEqual(['pause', 'remove']);
    expect(h.fallbacks).toBe(0);
    expect(h.pendingTimers()).toBe(0);
  });

  it('the five seconds count from when the sound starts, not from the click', async () => {
    const h = harness();
    await h.advance(3000); // slow load
    await h.playResolves();
    await h.advance(4999);
    expect(h.ended).toBe(0);
    await h.advance(1);
    expect(h.ended).toBe(1);
  });

  it('Stop ends at once, only once, and a late play() does not restart anything', async () => {
    const h = harness();
    h.handle.stop();
    h.handle.stop();
    expect(h.ended).toBe(1);
    await h.playResolves();
    await h.advance(10_000);
    expect(h.ended).toBe(1);
    expect(h.fallbacks).toBe(0);
    expect(h.log).not.toContain('play'); // stopped before the device switch finished
    expect(h.pendingTimers()).toBe(0);
  });

  it.each([
    ['play() rejects (unsupported or missing file)', async (h: ReturnType<typeof harness>) => h.playRejects()],
    ['the element reports an error', async (h: ReturnType<typeof harness>) => { await h.flush(); h.emit('error'); }],
    ['the file has not started after the load timeout', async (h: ReturnType<typeof harness>) => h.advance(8000)],
  ])('falls back to generated music when %s, for the full time', async (_name, fail) => {
    const h = harness();
    await fail(h);
    expect(h.fallbacks).toBe(1);
    expect(h.log).toContain('remove');
    h.emit('error'); // a second failure signal changes nothing
    await h.playRejects();
    expect(h.fallbacks).toBe(1);
    await h.advance(4999);
    expect(h.ended).toBe(0);
    await h.advance(1);
    expect(h.ended).toBe(1);
    expect(h.fallbackStops).toBe(1);
  });

  it.each([
    ['no audio element', 'none'],
    ['creating the element throws', 'throws'],
  ] as const)('plays the fallback at once when there is %s', async (_name, audio) => {
    const h = harness({ audio });
    expect(h.fallbacks).toBe(1);
    h.handle.stop();
    expect(h.fallbackStops).toBe(1);
    expect(h.ended).toBe(1);
  });

  it.each([
    ['the chosen speaker cannot be used', { sink: 'fails' as const }, ['sink:spk-2', 'play']],
    ['the browser cannot choose speakers', { sink: 'absent' as const }, ['play']],
    ['the system default is chosen', { speakerId: null }, ['play']],
  ])('still plays the file when %s', async (_name, opts, log) => {
    const h = harness(opts);
    await h.playResolves();
    expect(h.log).toEqual(log);
    expect(h.fallbacks).toBe(0);
  });

  it('ends with the file if it is shorter than the test', async () => {
    const h = harness();
    await h.playResolves();
    h.emit('ended');
    expect(h.ended).toBe(1);
    expect(h.pendingTimers()).toBe(0);
  });
});
