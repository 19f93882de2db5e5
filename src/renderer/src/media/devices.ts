// Audio and video devices (§9.2): the agent's sticky choices, device lists, the 5 s speaker test, the
// microphone level meter, camera preview and the troubleshooting checks (§17). The UI talks to the
// DeviceService interface so component tests can use a fake; `createBrowserDeviceService` is the real one.
import { z } from 'zod';
import type { MediaEnvironment } from './engine.js';

export const DEVICE_PREFS_KEY = 'softphone.devices';
export const SPEAKER_TEST_SECONDS = 5;

const DevicePrefsSchema = z.object({
  microphoneId: z.string().max(500).nullable().catch(null),
  speakerId: z.string().max(500).nullable().catch(null),
  cameraId: z.string().max(500).nullable().catch(null),
  /** Where the incoming-call ring plays (a loudspeaker while calls go to the headset); null = system default. */
  ringerId: z.string().max(500).nullable().catch(null),
});
export type DevicePrefs = z.infer<typeof DevicePrefsSchema>;
export const DEFAULT_DEVICE_PREFS: DevicePrefs = { microphoneId: null, speakerId: null, cameraId: null, ringerId: null };

export interface DeviceOption { id: string; label: string }
export interface DeviceLists { microphones: DeviceOption[]; speakers: DeviceOption[]; cameras: DeviceOption[] }

export type DeviceCheckId = 'permission' | 'microphonePresent' | 'microphoneLive' | 'speakerPresent' | 'cameraPresent';
export type DeviceCheckResult = 'ok' | 'problem' | 'unknown';
export interface DeviceCheck { id: DeviceCheckId; result: DeviceCheckResult; detail?: string }

export interface Stoppable { stop(): void }

export interface DeviceService {
  prefs(): DevicePrefs;
  setPrefs(patch: Partial<DevicePrefs>): DevicePrefs;
  list(): Promise<DeviceLists>;
  /** Calls back when devices are plugged in or removed; returns the unsubscribe function. */
  onDeviceChange(listener: () => void): () => void;
  /** Plays generated music on the chosen speaker for SPEAKER_TEST_SECONDS; `onEnd` runs when it stops. */
  testSpeaker(onEnd: () => void): Stoppable;
  /** Opens the chosen microphone and reports its level (0–1) about 20 times a second. */
  testMicrophone(onLevel: (level: number) => void): Promise<Stoppable>;
  cameraPreview(): Promise<MediaStream>;
  checks(): Promise<DeviceCheck[]>;
}

export function loadDevicePrefs(storage: Pick<Storage, 'getItem'> | null): DevicePrefs {
  try {
    const raw = storage?.getItem(DEVICE_PREFS_KEY);
    if (!raw) return { ...DEFAULT_DEVICE_PREFS };
    const parsed = DevicePrefsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : { ...DEFAULT_DEVICE_PREFS };
  } catch {
    return { ...DEFAULT_DEVICE_PREFS }; // Blocked storage or a corrupt value: system defaults.
  }
}

export function saveDevicePrefs(storage: Pick<Storage, 'setItem'> | null, prefs: DevicePrefs): void {
  try {
    storage?.setItem(DEVICE_PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // Not persisted; the choice still applies for this session.
  }
}

/** Groups enumerateDevices output. Unlabelled devices (no permission yet) get a numbered label. */
export function groupDevices(devices: readonly MediaDeviceInfo[], unnamed: (kind: keyof DeviceLists, n: number) => string): DeviceLists {
  const out: DeviceLists = { microphones: [], speakers: [], cameras: [] };
  const kinds: Record<MediaDeviceKind, keyof DeviceLists> = { audioinput: 'microphones', audiooutput: 'speakers', videoinput: 'cameras' };
  for (const d of devices) {
    const kind = kinds[d.kind];
    // "default"/"communications" are Chromium aliases of a real device; the UI offers "System default" itself.
    if (!kind || !d.deviceId || d.deviceId === 'default' || d.deviceId === 'communications') continue;
    if (out[kind].some((o) => o.id === d.deviceId)) continue;
    out[kind].push({ id: d.deviceId, label: d.label || unnamed(kind, out[kind].length + 1) });
  }
  return out;
}

/**
 * getUserMedia constraints with the preferred devices. `ideal` (not `exact`) so an unplugged device
 * falls back to the system default instead of failing the call (§9.2).
 */
export function withPreferredDevices(constraints: MediaStreamConstraints, prefs: DevicePrefs): MediaStreamConstraints {
  const pick = (c: boolean | MediaTrackConstraints | undefined, id: string | null): boolean | MediaTrackConstraints | undefined => {
    if (!c || !id) return c;
    return { ...(typeof c === 'object' ? c : {}), deviceId: { ideal: id } };
  };
  return { ...constraints, audio: pick(constraints.audio, prefs.microphoneId), video: pick(constraints.video, prefs.cameraId) };
}

/** Wraps the media engine's environment so every new call uses the agent's chosen microphone and camera. */
export function environmentWithPreferredDevices(env: MediaEnvironment, prefs: () => DevicePrefs): MediaEnvironment {
  return { ...env, getUserMedia: (constraints) => env.getUserMedia(withPreferredDevices(constraints, prefs())) };
}

type SinkElement = HTMLMediaElement & { setSinkId?: (id: string) => Promise<void> };

/** Sends call audio (the engine's hidden audio elements, now and later) to the chosen speaker. */
export function routeCallAudio(doc: Document, speakerId: () => string | null): { refresh(): void; dispose(): void } {
  const apply = (el: SinkElement) => {
    const id = speakerId() ?? '';
    if (typeof el.setSinkId !== 'function' || (el as { sinkId?: string }).sinkId === id) return;
    el.setSinkId(id).catch((err: unknown) => console.warn('could not switch the speaker', err));
  };
  const refresh = () => doc.querySelectorAll<SinkElement>('audio[data-call-id]').forEach(apply);
  const Observer = doc.defaultView?.MutationObserver;
  const observer = Observer ? new Observer(refresh) : null;
  observer?.observe(doc.body, { childList: true });
  return { refresh, dispose: () => observer?.disconnect() };
}

/** A short, calm arpeggio (C major, then F, G, C) generated with oscillators: no audio asset needed. */
export function scheduleTestMusic(ctx: BaseAudioContext, destination: AudioNode, seconds: number): void {
  const chords = [[261.63, 329.63, 392.0], [349.23, 440.0, 523.25], [392.0, 493.88, 587.33], [261.63, 329.63, 523.25]];
  const step = 0.25;
  const start = ctx.currentTime + 0.05;
  const notes = Math.floor(seconds / step);
  for (let i = 0; i < notes; i++) {
    const chord = chords[Math.floor((i * step) / (seconds / chords.length)) % chords.length] ?? chords[0]!;
    const freq = chord[i % chord.length]!;
    const t = start + i * step;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'triangle';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0, t);
    gain.gain.linearRampToValueAtTime(0.18, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.001, t + step * 0.95);
    osc.connect(gain).connect(destination);
    osc.start(t);
    osc.stop(t + step);
  }
}

/** RMS level of time-domain samples (0–1), scaled so normal speech fills most of the bar. */
export function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  return Math.min(1, rms * 4);
}

export function createBrowserDeviceService(win: Window, storage: Storage | null, onPrefsChanged?: (p: DevicePrefs) => void): DeviceService {
  let prefs = loadDevicePrefs(storage);
  const media = () => {
    const md = win.navigator.mediaDevices;
    if (!md) throw new Error('This window has no access to media devices (a secure context is required).');
    return md;
  };
  const newContext = () => new (win as unknown as { AudioContext: typeof AudioContext }).AudioContext();
  const stopAll = (s: MediaStream) => s.getTracks().forEach((t) => t.stop());

  return {
    prefs: () => prefs,
    setPrefs(patch) {
      prefs = { ...prefs, ...patch };
      saveDevicePrefs(storage, prefs);
      onPrefsChanged?.(prefs);
      return prefs;
    },
    async list() {
      const all = await media().enumerateDevices();
      return groupDevices(all, (kind, n) => `${kind === 'microphones' ? 'Microphone' : kind === 'speakers' ? 'Speaker' : 'Camera'} ${n}`);
    },
    onDeviceChange(listener) {
      const md = win.navigator.mediaDevices;
      md?.addEventListener('devicechange', listener);
      return () => md?.removeEventListener('devicechange', listener);
    },
    testSpeaker(onEnd) {
      const ctx = newContext();
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        void ctx.close().catch(() => undefined);
        onEnd();
      };
      const sink = ctx as AudioContext & { setSinkId?: (id: string) => Promise<void> };
      const ready = prefs.speakerId && typeof sink.setSinkId === 'function' ? sink.setSinkId(prefs.speakerId).catch(() => undefined) : Promise.resolve();
      void ready.then(() => {
        if (done) return;
        scheduleTestMusic(ctx, ctx.destination, SPEAKER_TEST_SECONDS);
        void ctx.resume().catch(() => undefined);
      });
      const timer = win.setTimeout(finish, SPEAKER_TEST_SECONDS * 1000 + 200);
      return { stop: () => { win.clearTimeout(timer); finish(); } };
    },
    async testMicrophone(onLevel) {
      const stream = await media().getUserMedia(withPreferredDevices({ audio: true, video: false }, prefs));
      const ctx = newContext();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 1024;
      ctx.createMediaStreamSource(stream).connect(analyser);
      void ctx.resume().catch(() => undefined);
      const buf = new Float32Array(analyser.fftSize);
      const timer = win.setInterval(() => {
        analyser.getFloatTimeDomainData(buf);
        onLevel(levelOf(buf));
      }, 50);
      return {
        stop() {
          win.clearInterval(timer);
          stopAll(stream);
          void ctx.close().catch(() => undefined);
        },
      };
    },
    cameraPreview: () => media().getUserMedia(withPreferredDevices({ audio: false, video: true }, prefs)),
    async checks() {
      const results: DeviceCheck[] = [];
      let permission: DeviceCheckResult = 'unknown';
      try {
        const status = await win.navigator.permissions?.query({ name: 'microphone' as PermissionName });
        permission = status ? (status.state === 'denied' ? 'problem' : status.state === 'granted' ? 'ok' : 'unknown') : 'unknown';
      } catch {
        // Some browsers cannot query the microphone permission; the live check below still tells.
      }
      let lists: DeviceLists = { microphones: [], speakers: [], cameras: [] };
      try {
        lists = await this.list();
      } catch {
        // Reported as missing devices below.
      }
      let live: DeviceCheck = { id: 'microphoneLive', result: 'unknown' };
      try {
        const stream = await media().getUserMedia(withPreferredDevices({ audio: true, video: false }, prefs));
        const track = stream.getAudioTracks()[0];
        live = { id: 'microphoneLive', result: track && track.readyState === 'live' && !track.muted && track.enabled ? 'ok' : 'problem' };
        permission = 'ok';
        stopAll(stream);
      } catch (err) {
        const name = (err as { name?: string }).name;
        if (name === 'NotAllowedError' || name === 'SecurityError') permission = 'problem';
        // NotReadableError: the device exists but another program holds it.
        live = { id: 'microphoneLive', result: 'problem', detail: name === 'NotReadableError' ? 'inUse' : name };
      }
      results.push({ id: 'permission', result: permission });
      results.push({ id: 'microphonePresent', result: lists.microphones.length > 0 ? 'ok' : 'problem' });
      results.push(live);
      results.push({ id: 'speakerPresent', result: lists.speakers.length > 0 ? 'ok' : 'unknown' });
      results.push({ id: 'cameraPresent', result: lists.cameras.length > 0 ? 'ok' : 'unknown' });
      return results;
    },
  };
}

/**
 * Hot-plug (§9.2): when a chosen device disappears, forget it (calls fall back to the system default)
 * and tell the agent once.
 */
export function watchRemovedDevices(devices: DeviceService, onRemoved: () => void): () => void {
  return devices.onDeviceChange(() => {
    devices.list().then(
      (lists) => {
        const p = devices.prefs();
        const gone: Partial<DevicePrefs> = {};
        if (p.microphoneId && !lists.microphones.some((d) => d.id === p.microphoneId)) gone.microphoneId = null;
        if (p.speakerId && !lists.speakers.some((d) => d.id === p.speakerId)) gone.speakerId = null;
        if (p.cameraId && !lists.cameras.some((d) => d.id === p.cameraId)) gone.cameraId = null;
        if (p.ringerId && !lists.speakers.some((d) => d.id === p.ringerId)) gone.ringerId = null;
        if (Object.keys(gone).length > 0) {
          devices.setPrefs(gone);
          onRemoved();
        }
      },
      () => undefined,
    );
  });
}
