// Call recording in the renderer: per-leg MediaRecorders (agent = local stream, customer = remote stream)
// or one merged stereo file (agent left, customer right), chunks every second to main over the bridge.
// Audio always goes through Web Audio, so mute, hold and a device switch (new local track) only change
// what is heard, never stop the recorder: a MediaRecorder stops for good when its track ends.
import type { SoftphoneApi } from '../../../shared/bridge.js';
import type { RecordingBeginResult } from '../../../shared/recording-bridge.js';
import { canvasVideoFeed, type VideoFeed } from './video-feed.js';

export type RecorderApi = Pick<SoftphoneApi, 'recordingBegin' | 'recordingChunk' | 'recordingEnd'>;

export interface RecorderEnvironment {
  createAudioContext(): AudioContext;
  createMediaRecorder(stream: MediaStream, mimeType: string): MediaRecorder;
  createMediaStream(tracks?: MediaStreamTrack[]): MediaStream;
  isTypeSupported(mimeType: string): boolean;
  /** A never-ending video track that follows `current()` (see video-feed.ts). */
  /** `inset`: a second source drawn small in a corner (the agent in a merged recording). */
  createVideoFeed?(current: () => MediaStreamTrack | null, inset?: () => MediaStreamTrack | null): VideoFeed;
}

export function browserRecorderEnvironment(win: Window & typeof globalThis): RecorderEnvironment {
  return {
    createAudioContext: () => new win.AudioContext(),
    createMediaRecorder: (stream, mimeType) => new win.MediaRecorder(stream, { mimeType, audioBitsPerSecond: 64_000 }),
    createMediaStream: (tracks) => (tracks ? new win.MediaStream(tracks) : new win.MediaStream()),
    isTypeSupported: (t) => typeof win.MediaRecorder !== 'undefined' && win.MediaRecorder.isTypeSupported(t),
    createVideoFeed: (current, inset) => canvasVideoFeed(win, current, inset),
  };
}

export const CHUNK_MS = 1_000;
/**
 * Frames still queued in the video encoder are dropped by stop(): the recorder pauses at hang-up (nothing
 * more is recorded) and stops this much later, so the video reaches the end of the call like the audio.
 */
export const VIDEO_DRAIN_MS = 1_500;

export function pickMimeType(env: RecorderEnvironment, video: boolean): string {
  const candidates = video
    ? ['video/webm;codecs=vp8,opus', 'video/webm']
    : ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus'];
  return candidates.find((c) => env.isTypeSupported(c)) ?? candidates[candidates.length - 1]!;
}

/** base64 of bytes without blowing the argument limit of String.fromCharCode. */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

interface LegRecorder {
  legId: string;
  recorder: MediaRecorder;
  seq: number;
  /** Chunks go to main strictly in order. */
  queue: Promise<void>;
  stopped: Promise<void>;
}

interface ActiveRecording {
  callId: string;
  ctx: AudioContext;
  /** Where the agent's / customer's audio enters the graph; sources are swapped when tracks change. */
  agentIn: GainNode;
  customerIn: GainNode;
  sources: Map<string, MediaStreamAudioSourceNode>;
  legs: LegRecorder[];
  feeds: VideoFeed[];
  stopping?: Promise<void>;
}

export class CallRecorder {
  private readonly active = new Map<string, ActiveRecording>();
  private readonly starting = new Map<string, Promise<void>>();

  constructor(
    private readonly api: RecorderApi,
    private readonly env: RecorderEnvironment,
    private readonly onError: (message: string) => void = (m) => console.warn(m),
    private readonly chunkMs = CHUNK_MS,
    private readonly videoDrainMs = VIDEO_DRAIN_MS,
  ) {}

  /**
   * The engine reports the call's streams (first time: start per the plan from main; later: a track
   * changed, e.g. a new microphone, so the graph is rewired).
   */
  async onStreams(callId: string, local: MediaStream, remote: MediaStream, sent?: MediaStream): Promise<void> {
    const rec = this.active.get(callId);
    if (rec) {
      this.wire(rec, local, remote);
      return;
    }
    if (this.starting.has(callId)) return this.starting.get(callId);
    const p = this.begin(callId, local, remote, sent).finally(() => this.starting.delete(callId));
    this.starting.set(callId, p);
    return p;
  }

  private async begin(callId: string, local: MediaStream, remote: MediaStream, sent?: MediaStream): Promise<void> {
    const hasVideo = local.getVideoTracks().length > 0 || remote.getVideoTracks().length > 0;
    const mimeType = pickMimeType(this.env, hasVideo);
    let plan: RecordingBeginResult;
    try {
      plan = await this.api.recordingBegin({ callId, hasVideo, mimeType });
    } catch (e) {
      this.onError(`Recording could not start: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (!plan) return;
    const mime = plan.video ? mimeType : pickMimeType(this.env, false);
    const ctx = this.env.createAudioContext();
    void ctx.resume().catch(() => undefined);
    const agentIn = ctx.createGain();
    const customerIn = ctx.createGain();
    const rec: ActiveRecording = { callId, ctx, agentIn, customerIn, sources: new Map(), legs: [], feeds: [] };
    this.wire(rec, local, remote);
    for (const { legId, leg } of plan.legs) {
      const dest = ctx.createMediaStreamDestination();
      if (leg === 'merged') {
        // Agent left, customer right.
        dest.channelCount = 2;
        const merger = ctx.createChannelMerger(2);
        agentIn.connect(merger, 0, 0);
        customerIn.connect(merger, 0, 1);
        merger.connect(dest);
      } else {
        (leg === 'agent' ? agentIn : customerIn).connect(dest);
      }
      const tracks = [...dest.stream.getAudioTracks()];
      if (plan.video) {
        // The agent leg shows what is sent (camera through its effect, or the shared screen); the others the
        // customer, and the merged one the agent small in a corner too. The stream objects stay the same
        // for the call; their tracks come and go.
        const agentVideo = sent ?? local;
        const from = leg === 'agent' ? agentVideo : remote;
        const current = () => from.getVideoTracks()[0] ?? null;
        if (this.env.createVideoFeed) {
          const feed = leg === 'merged' ? this.env.createVideoFeed(current, () => agentVideo.getVideoTracks()[0] ?? null) : this.env.createVideoFeed(current);
          rec.feeds.push(feed);
          tracks.push(feed.track);
        } else {
          const video = current();
          if (video) tracks.push(video);
        }
      }
      rec.legs.push(this.startLeg(legId, this.env.createMediaStream(tracks), mime));
    }
    this.active.set(callId, rec);
  }

  private wire(rec: ActiveRecording, local: MediaStream, remote: MediaStream): void {
    const wanted = new Map<string, { track: MediaStreamTrack; into: GainNode }>();
    for (const t of local.getAudioTracks()) wanted.set(t.id, { track: t, into: rec.agentIn });
    for (const t of remote.getAudioTracks()) wanted.set(t.id, { track: t, into: rec.customerIn });
    for (const [id, node] of rec.sources) {
      if (!wanted.has(id)) { node.disconnect(); rec.sources.delete(id); }
    }
    for (const [id, { track, into }] of wanted) {
      if (rec.sources.has(id) || track.readyState === 'ended') continue;
      const node = rec.ctx.createMediaStreamSource(this.env.createMediaStream([track]));
      node.connect(into);
      rec.sources.set(id, node);
    }
  }

  private startLeg(legId: string, stream: MediaStream, mimeType: string): LegRecorder {
    const recorder = this.env.createMediaRecorder(stream, mimeType);
    const leg: LegRecorder = { legId, recorder, seq: 0, queue: Promise.resolve(), stopped: Promise.resolve() };
    recorder.addEventListener('dataavailable', (ev: BlobEvent) => {
      if (!ev.data || ev.data.size === 0) return;
      const blob = ev.data;
      leg.queue = leg.queue.then(async () => {
        const seq = leg.seq++;
        const data = toBase64(new Uint8Array(await blob.arrayBuffer()));
        await this.sendChunk(legId, seq, data);
      });
    });
    leg.stopped = new Promise((resolve) => recorder.addEventListener('stop', () => resolve(), { once: true }));
    recorder.start(this.chunkMs);
    return leg;
  }

  private async sendChunk(legId: string, seq: number, data: string): Promise<void> {
    // A bridge hiccup (web host reconnecting) must not lose the chunk, and a lost chunk would make main refuse
    // every later one (gap): retry for about a minute, later chunks queue behind. Main ignores repeats.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.api.recordingChunk({ legId, seq, data });
        return;
      } catch (e) {
        const code = (e as { code?: unknown } | null)?.code;
        // Main refused for good (leg closed or unknown, e.g. after a restart): retrying cannot help.
        if (attempt >= 20 || code === 'recording_leg_closed' || code === 'recording_unknown_leg' || code === 'invalid_arguments') {
          this.onError(`A recording chunk could not be saved: ${e instanceof Error ? e.message : String(e)}`);
          return;
        }
        await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** attempt)));
      }
    }
  }

  /** Hang-up or transfer: flush the last chunk, then tell main the legs are complete. */
  stop(callId: string): Promise<void> {
    const rec = this.active.get(callId);
    if (!rec) return this.starting.get(callId)?.then(() => this.stop(callId)) ?? Promise.resolve();
    rec.stopping ??= (async () => {
      if (rec.feeds.length > 0) {
        for (const leg of rec.legs) if (leg.recorder.state === 'recording') leg.recorder.pause();
        await new Promise((r) => setTimeout(r, this.videoDrainMs));
      }
      for (const leg of rec.legs) if (leg.recorder.state !== 'inactive') leg.recorder.stop();
      await Promise.all(rec.legs.map((l) => l.stopped));
      await Promise.all(rec.legs.map((l) => l.queue));
      for (const leg of rec.legs) {
        await this.api.recordingEnd({ legId: leg.legId }).catch((e: unknown) => this.onError(`Recording end not confirmed: ${String(e)}`));
      }
      for (const node of rec.sources.values()) node.disconnect();
      for (const feed of rec.feeds) feed.stop();
      await rec.ctx.close().catch(() => undefined);
      this.active.delete(callId);
    })();
    return rec.stopping;
  }

  isRecording(callId: string): boolean {
    return this.active.has(callId);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.active.keys()].map((id) => this.stop(id)));
  }
}
