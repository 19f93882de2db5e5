// CallRecorder with a fake Web Audio / MediaRecorder environment (the real thing runs in the e2e test).
import { describe, expect, it, vi } from 'vitest';
import { CallRecorder, pickMimeType, toBase64, type RecorderApi, type RecorderEnvironment } from './call-recorder.js';
import { FEED_HEIGHT, FEED_WIDTH, fitRect, insetRect } from './video-feed.js';

class FakeTrack { constructor(readonly id: string, readonly kind: 'audio' | 'video', public readyState = 'live') {} }
class FakeStream {
  constructor(public tracks: FakeTrack[] = []) {}
  getAudioTracks() { return this.tracks.filter((t) => t.kind === 'audio'); }
  getVideoTracks() { return this.tracks.filter((t) => t.kind === 'video'); }
  getTracks() { return this.tracks; }
}
class FakeNode {
  connections: unknown[] = [];
  channelCount = 1;
  stream = new FakeStream([new FakeTrack(`dest-${Math.random()}`, 'audio')]);
  connect(n: unknown, ...rest: number[]) { this.connections.push([n, ...rest]); }
  disconnect() { this.connections = []; }
}
class FakeRecorder {
  state = 'inactive';
  private listeners = new Map<string, ((e: unknown) => void)[]>();
  constructor(readonly stream: FakeStream, readonly mimeType: string) {}
  addEventListener(t: string, l: (e: unknown) => void) { this.listeners.set(t, [...(this.listeners.get(t) ?? []), l]); }
  emit(t: string, e: unknown = {}) { for (const l of this.listeners.get(t) ?? []) l(e); }
  start() { this.state = 'recording'; }
  pause() { this.state = 'paused'; }
  stop() { this.state = 'inactive'; this.emit('dataavailable', { data: new Blob(['last']) }); this.emit('stop'); }
}

function setup(plan: Awaited<ReturnType<RecorderApi['recordingBegin']>>, withFeeds = false) {
  const recorders: FakeRecorder[] = [];
  const sources: FakeNode[] = [];
  const ctx = {
    resume: async () => undefined, close: async () => undefined,
    createGain: () => new FakeNode(), createChannelMerger: () => new FakeNode(), createMediaStreamDestination: () => new FakeNode(),
    createMediaStreamSource: (s: FakeStream) => { const n = Object.assign(new FakeNode(), { src: s }); sources.push(n); return n; },
  };
  const env: RecorderEnvironment = {
    createAudioContext: () => ctx as unknown as AudioContext,
    createMediaRecorder: (s, m) => { const r = new FakeRecorder(s as unknown as FakeStream, m); recorders.push(r); return r as unknown as MediaRecorder; },
    createMediaStream: (tracks) => new FakeStream((tracks ?? []) as unknown as FakeTrack[]) as unknown as MediaStream,
    isTypeSupported: (t) => t.startsWith('audio/webm') || t.startsWith('video/webm'),
  };
  const feeds: { current: () => MediaStreamTrack | null; inset?: (() => MediaStreamTrack | null) | undefined; stopped: boolean; track: FakeTrack }[] = [];
  if (withFeeds) {
    env.createVideoFeed = (current, inset) => {
      const feed = { current, inset, stopped: false, track: new FakeTrack(`feed-${feeds.length}`, 'video') };
      feeds.push(feed);
      return { track: feed.track as unknown as MediaStreamTrack, stop: () => void (feed.stopped = true) };
    };
  }
  const chunks: { legId: string; seq: number; data: string }[] = [];
  const ended: string[] = [];
  const api: RecorderApi = {
    recordingBegin: vi.fn(async () => plan),
    recordingChunk: vi.fn(async (a) => { chunks.push(a); return { chunkCount: a.seq + 1 }; }),
    recordingEnd: vi.fn(async (a) => { ended.push(a.legId); }),
  };
  return { recorder: new CallRecorder(api, env, () => undefined, 1_000, 0), recorders, sources, chunks, ended, api, feeds };
}

const local = () => new FakeStream([new FakeTrack('mic-1', 'audio')]) as unknown as MediaStream;
const remote = () => new FakeStream([new FakeTrack('remote-1', 'audio')]) as unknown as MediaStream;

describe('CallRecorder', () => {
  it('records two legs, sends chunks in order and ends each leg after the last chunk', async () => {
    const t = setup({ recordingId: 'r', video: false, composition: 'separate', legs: [{ legId: 'A', leg: 'agent' }, { legId: 'C', leg: 'customer' }] });
    await t.recorder.onStreams('call', local(), remote());
    expect(t.recorders).toHaveLength(2);
    expect(t.recorders[0]!.mimeType).toBe('audio/webm;codecs=opus');
    t.recorders[0]!.emit('dataavailable', { data: new Blob(['one']) });
    t.recorders[0]!.emit('dataavailable', { data: new Blob(['two']) });
    await t.recorder.stop('call');
    expect(t.chunks.filter((c) => c.legId === 'A').map((c) => [c.seq, atob(c.data)])).toEqual([[0, 'one'], [1, 'two'], [2, 'last']]);
    expect(t.chunks.filter((c) => c.legId === 'C').map((c) => c.seq)).toEqual([0]);
    expect(t.ended).toEqual(['A', 'C']);
    expect(t.recorder.isRecording('call')).toBe(false);
  });

  it('does nothing when main says the call is not recorded', async () => {
    const t = setup(null);
    await t.recorder.onStreams('call', local(), remote());
    expect(t.recorders).toHaveLength(0);
    await t.recorder.stop('call');
    expect(t.ended).toEqual([]);
  });

  it('a new microphone track is rewired into the same recording (device switch does not break the file)', async () => {
    const t = setup({ recordingId: 'r', video: false, composition: 'merged', legs: [{ legId: 'M', leg: 'merged' }] });
    const l = local();
    const r = remote();
    await t.recorder.onStreams('call', l, r);
    expect(t.sources).toHaveLength(2);
    (l as unknown as FakeStream).tracks = [new FakeTrack('mic-2', 'audio')];
    await t.recorder.onStreams('call', l, r);
    expect(t.recorders).toHaveLength(1); // still the same recorder
    expect(t.sources).toHaveLength(3);
    expect(t.sources[0]!.connections).toEqual([]); // the old microphone is disconnected
    expect(t.api.recordingBegin).toHaveBeenCalledTimes(1);
  });

  it('video legs record a feed that follows the sent track (camera, screen share, none) and pause before stop', async () => {
    const t = setup({ recordingId: 'r', video: true, composition: 'separate', legs: [{ legId: 'A', leg: 'agent' }, { legId: 'C', leg: 'customer' }] }, true);
    const l = new FakeStream([new FakeTrack('mic-1', 'audio'), new FakeTrack('cam-1', 'video')]);
    const r = new FakeStream([new FakeTrack('remote-1', 'audio'), new FakeTrack('remote-v', 'video')]);
    const sent = new FakeStream([new FakeTrack('cam-1', 'video')]);
    await t.recorder.onStreams('call', l as unknown as MediaStream, r as unknown as MediaStream, sent as unknown as MediaStream);
    expect(t.recorders.map((x) => x.mimeType)).toEqual(['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp8,opus']);
    expect(t.recorders.map((x) => x.stream.getVideoTracks().map((v) => v.id))).toEqual([['feed-0'], ['feed-1']]);
    const [agentFeed, customerFeed] = t.feeds;
    expect(agentFeed!.current()?.id).toBe('cam-1');
    expect(customerFeed!.current()?.id).toBe('remote-v');
    sent.tracks = [new FakeTrack('screen', 'video')];
    expect(agentFeed!.current()?.id).toBe('screen');
    sent.tracks = []; // camera off
    expect(agentFeed!.current()).toBeNull();
    const paused: string[] = [];
    for (const x of t.recorders) { const p = x.pause.bind(x); x.pause = () => { paused.push(x.state); p(); }; }
    await t.recorder.stop('call');
    expect(paused).toEqual(['recording', 'recording']);
    expect(t.feeds.every((f) => f.stopped)).toBe(true);
    expect(t.ended).toEqual(['A', 'C']);
  });

  it('a merged video recording shows the customer with the agent (what is sent) in a corner', async () => {
    const t = setup({ recordingId: 'r', video: true, composition: 'merged', legs: [{ legId: 'M', leg: 'merged' }] }, true);
    const l = new FakeStream([new FakeTrack('mic-1', 'audio'), new FakeTrack('cam-1', 'video')]);
    const r = new FakeStream([new FakeTrack('remote-1', 'audio'), new FakeTrack('remote-v', 'video')]);
    const sent = new FakeStream([new FakeTrack('blurred', 'video')]);
    await t.recorder.onStreams('call', l as unknown as MediaStream, r as unknown as MediaStream, sent as unknown as MediaStream);
    const [feed] = t.feeds;
    expect(feed!.current()?.id).toBe('remote-v');
    expect(feed!.inset?.()?.id).toBe('blurred');
    sent.tracks = [new FakeTrack('screen', 'video')];
    expect(feed!.inset?.()?.id).toBe('screen');
    await t.recorder.stop('call');
  });

  it.each([
    ['a 4:3 camera', 640, 480, { x: FEED_WIDTH - 8 - 144, y: FEED_HEIGHT - 8 - 108, w: 144, h: 108 }],
    ['a 16:9 screen', 1280, 720, { x: FEED_WIDTH - 8 - 144, y: FEED_HEIGHT - 8 - 81, w: 144, h: 81 }],
    ['a portrait phone', 360, 640, { x: FEED_WIDTH - 8 - 81, y: FEED_HEIGHT - 8 - 144, w: 81, h: 144 }],
    ['nothing', 0, 0, { x: 0, y: 0, w: 0, h: 0 }],
  ])('puts the inset of %s in the bottom-right corner', (_name, w, h, rect) => {
    expect(insetRect(w, h)).toEqual(rect);
  });

  it('letterboxes a source into the feed', () => {
    expect(fitRect(1280, 720, 480, 360)).toEqual({ x: 0, y: 45, w: 480, h: 270 });
    expect(fitRect(640, 480, 480, 360)).toEqual({ x: 0, y: 0, w: 480, h: 360 });
    expect(fitRect(0, 0)).toEqual({ x: 0, y: 0, w: 0, h: 0 });
  });

  it('picks a supported MIME type and encodes base64 in slices', () => {
    const env = { isTypeSupported: (x: string) => x === 'audio/webm' } as unknown as RecorderEnvironment;
    expect(pickMimeType(env, false)).toBe('audio/webm');
    const big = new Uint8Array(100_000).map((_, i) => i % 256);
    expect(atob(toBase64(big)).length).toBe(100_000);
  });
});
