// Incoming-call ring made with WebAudio (no asset): a two-tone double ring rendered once into a buffer and
// looped by the audio thread, so it keeps its rhythm even when timers are throttled in a hidden window.

export interface Ringer {
  start(): void;
  stop(): void;
}

export const RING_CYCLE_SECONDS = 3;
/** Tone bursts of one cycle, [from, to] in seconds. */
export const RING_BURSTS: ReadonlyArray<readonly [number, number]> = [
  [0, 0.4],
  [0.6, 1.0],
];
const FREQUENCIES = [400, 450];
const LEVEL = 0.12;
/** Short fades avoid clicks at the edges of each burst. */
const FADE_SECONDS = 0.02;

export const silentRinger: Ringer = { start: () => undefined, stop: () => undefined };

/** Samples of one ring cycle (mono). Pure, so it is unit-tested without WebAudio. */
export function renderRingCycle(sampleRate: number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(Math.round(RING_CYCLE_SECONDS * sampleRate));
  for (const [from, to] of RING_BURSTS) {
    const start = Math.round(from * sampleRate);
    const end = Math.min(out.length, Math.round(to * sampleRate));
    const fade = Math.max(1, Math.round(FADE_SECONDS * sampleRate));
    for (let i = start; i < end; i++) {
      const t = i / sampleRate;
      const envelope = Math.min(1, (i - start) / fade, (end - i) / fade);
      let v = 0;
      for (const f of FREQUENCIES) v += Math.sin(2 * Math.PI * f * t);
      out[i] = (v / FREQUENCIES.length) * LEVEL * envelope;
    }
  }
  return out;
}

type AudioContextCtor = new () => AudioContext;

export function createWebAudioRinger(win: Window): Ringer {
  const w = win as unknown as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor };
  const Ctor = w.AudioContext ?? w.webkitAudioContext;
  if (!Ctor) return silentRinger;
  let ctx: AudioContext | null = null;
  let buffer: AudioBuffer | null = null;
  let source: AudioBufferSourceNode | null = null;

  return {
    start() {
      if (source) return;
      try {
        ctx ??= new Ctor();
        void ctx.resume().catch(() => undefined);
        if (!buffer) {
          const samples = renderRingCycle(ctx.sampleRate);
          buffer = ctx.createBuffer(1, samples.length, ctx.sampleRate);
          buffer.copyToChannel(samples, 0);
        }
        source = ctx.createBufferSource();
        source.buffer = buffer;
        source.loop = true;
        source.connect(ctx.destination);
        source.start();
      } catch (err) {
        source = null;
        console.warn('ring sound unavailable', err);
      }
    },
    stop() {
      const s = source;
      source = null;
      if (!s) return;
      try {
        s.stop();
      } catch {
        // Already stopped.
      }
      s.disconnect();
    },
  };
}
