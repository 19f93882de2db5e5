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
type SinkAudio = HTMLAudioElement & { sinkId?: string; setSinkId?: (id: string) => Promise<void> };

/** The separate ringing device (§9.2): where the ring plays, and who hears that the device is gone. */
export interface RingerRoute {
  /** The chosen output device id, or null for the system default; read at every ring. */
  sinkId(): string | null;
  /** The chosen device could not be used; the ring plays on the system default instead. */
  onSinkFailed?(id: string): void;
}

/**
 * Sends the ring to the chosen device: the WebAudio graph feeds a MediaStream played by one hidden
 * <audio data-ringer> element, whose setSinkId picks the device (a loudspeaker while the call audio
 * stays on the headset). Returns null where that is not possible (no sink selection): ctx.destination.
 */
function ringOutput(win: Window, ctx: AudioContext, route: RingerRoute): { node: AudioNode; play(): void; pause(): void } | null {
  const doc = win.document;
  if (typeof ctx.createMediaStreamDestination !== 'function' || !doc?.body) return null;
  const probe = doc.createElement('audio') as SinkAudio;
  if (typeof probe.setSinkId !== 'function') return null;
  const dest = ctx.createMediaStreamDestination();
  const el = probe;
  el.dataset.ringer = '';
  el.hidden = true;
  el.srcObject = dest.stream;
  doc.body.append(el);
  /** Stop may come before the device switch finished: then do not start playing. */
  let ringing = false;
  return {
    node: dest,
    play() {
      ringing = true;
      const id = route.sinkId() ?? '';
      const ready = el.sinkId === id ? Promise.resolve() : el.setSinkId!(id).catch(() => {
        // Unplugged or not allowed: ring on the system default and tell the agent.
        route.onSinkFailed?.(id);
        return el.setSinkId!('').catch(() => undefined);
      });
      void ready.then(() => (ringing ? el.play() : undefined)).catch(() => undefined);
    },
    pause: () => {
      ringing = false;
      el.pause();
    },
  };
}

export function createWebAudioRinger(win: Window, route?: RingerRoute): Ringer {
  const w = win as unknown as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor };
  const Ctor = w.AudioContext ?? w.webkitAudioContext;
  if (!Ctor) return silentRinger;
  let ctx: AudioContext | null = null;
  let buffer: AudioBuffer | null = null;
  let source: AudioBufferSourceNode | null = null;
  let output: ReturnType<typeof ringOutput> | undefined;

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
        if (output === undefined) output = route ? ringOutput(win, ctx, route) : null;
        source.connect(output?.node ?? ctx.destination);
        source.start();
        output?.play();
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
      output?.pause();
    },
  };
}
