// @vitest-environment jsdom
// Video paths of the media engine with small stand-ins for WebRTC objects (real WebRTC runs in the e2e
// test/e2e/video-call.test.ts): camera off/on swaps the sender's track, a screen share takes the sender and
// gives it back, a camera switched off stays off across a re-INVITE, and both codecs are preferred.
import { describe, expect, it, vi } from 'vitest';
import type { MediaRequest } from '../../../shared/contract.js';
import { MediaEngine, type MediaEnvironment } from './engine.js';

let nextTrack = 1;
class FakeTrack {
  enabled = true;
  readonly id = `t${nextTrack++}`;
  private listeners: Array<() => void> = [];
  constructor(readonly kind: 'audio' | 'video') {}
  stop = vi.fn();
  addEventListener = (_: string, l: () => void) => void this.listeners.push(l);
  end = () => this.listeners.forEach((l) => l());
}
class FakeStream {
  constructor(private tracks: FakeTrack[] = []) {}
  getTracks = () => [...this.tracks];
  getAudioTracks = () => this.tracks.filter((t) => t.kind === 'audio');
  getVideoTracks = () => this.tracks.filter((t) => t.kind === 'video');
  addTrack = (t: FakeTrack) => void this.tracks.push(t);
  removeTrack = (t: FakeTrack) => void (this.tracks = this.tracks.filter((x) => x !== t));
}
class FakeSender {
  constructor(public track: FakeTrack | null) {}
  dtmf = null;
  replaceTrack = vi.fn(async (t: FakeTrack | null) => void (this.track = t));
  getParameters = () => ({ codecs: [], encodings: [{}] });
  setParameters = vi.fn(async () => undefined);
}
class FakeTransceiver {
  direction = 'sendrecv';
  currentDirection: string | null = null;
  receiver: { track: { kind: string } };
  sender = new FakeSender(null);
  setCodecPreferences = vi.fn();
  constructor(kind: 'audio' | 'video') {
    this.receiver = { track: { kind } };
  }
}
class FakePc {
  signalingState: RTCSignalingState = 'stable';
  iceGatheringState: RTCIceGatheringState = 'complete';
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  transceivers: FakeTransceiver[] = [];
  addEventListener = vi.fn();
  removeEventListener = vi.fn();
  getTransceivers = () => this.transceivers;
  getSenders = () => this.transceivers.map((t) => t.sender);
  addTrack = (track: FakeTrack) => {
    const t = this.transceivers.find((x) => x.receiver.track.kind === track.kind && !x.sender.track) ?? new FakeTransceiver(track.kind);
    if (!this.transceivers.includes(t)) this.transceivers.push(t);
    t.sender.track = track;
    return t.sender;
  };
  createOffer = async () => ({ type: 'offer', sdp: 'v=0 offer' });
  createAnswer = async () => ({ type: 'answer', sdp: 'v=0 answer' });
  setLocalDescription = async (d: { type: string; sdp: string }) => {
    this.localDescription = d;
    this.signalingState = d.type === 'offer' ? 'have-local-offer' : 'stable';
  };
  setRemoteDescription = async (d: { type: string; sdp: string }) => {
    this.remoteDescription = d;
    // A remote video offer creates an audio and a video transceiver, like a browser does.
    if (!this.transceivers.length) this.transceivers.push(new FakeTransceiver('audio'), new FakeTransceiver('video'));
    this.signalingState = d.type === 'offer' ? 'have-remote-offer' : 'stable';
  };
  getStats = async () => new Map();
  close = vi.fn();
}

function setup() {
  const pcs: FakePc[] = [];
  const gum = vi.fn(async (c: MediaStreamConstraints) => new FakeStream([...(c.audio ? [new FakeTrack('audio')] : []), ...(c.video ? [new FakeTrack('video')] : [])]) as unknown as MediaStream);
  const screenTrack = new FakeTrack('video');
  const env: MediaEnvironment = {
    createPeerConnection: () => {
      const pc = new FakePc();
      pcs.push(pc);
      return pc as unknown as RTCPeerConnection;
    },
    getUserMedia: gum,
    createMediaStream: () => new FakeStream() as unknown as MediaStream,
    document,
    getDisplayMedia: vi.fn(async () => new FakeStream([screenTrack]) as unknown as MediaStream),
    videoCapabilities: () => ({ codecs: [{ mimeType: 'video/VP9', clockRate: 90000 }, { mimeType: 'video/H264', clockRate: 90000 }, { mimeType: 'video/VP8', clockRate: 90000 }], headerExtensions: [] }),
  };
  const replies: Array<{ ok: boolean; error?: string }> = [];
  const api = { mediaReply: vi.fn(async (r: { ok: boolean }) => void replies.push(r)), mediaReady: vi.fn(async () => undefined), on: vi.fn(() => () => undefined) };
  const onPermissionDenied = vi.fn();
  const engine = new MediaEngine(api as never, env, { onPermissionDenied });
  return { engine, pcs, gum, env, replies, screenTrack, onPermissionDenied };
}

let n = 0;
const req = (r: Record<string, unknown>) => ({ requestId: `r${++n}`, callId: 'c1', ...r }) as MediaRequest;
const videoOptions = { audio: true, video: true };

async function answeredVideoCall() {
  const s = setup();
  await s.engine.enqueue(req({ op: 'setDescription', description: { body: 'v=0 offer', contentType: 'application/sdp' }, options: videoOptions }));
  await s.engine.enqueue(req({ op: 'getDescription', options: videoOptions }));
  const pc = s.pcs[0]!;
  const video = pc.transceivers.find((t) => t.receiver.track.kind === 'video')!;
  return { ...s, pc, video };
}

describe('media engine: video calls', () => {
  it('answers a video offer with the camera on the offered video transceiver, VP8 then H.264 preferred', async () => {
    const { video, engine } = await answeredVideoCall();
    expect(video.sender.track?.kind).toBe('video');
    expect(video.setCodecPreferences).toHaveBeenCalledWith([{ mimeType: 'video/VP8', clockRate: 90000 }, { mimeType: 'video/H264', clockRate: 90000 }]);
    expect(engine.videoOf('c1')?.preview.getVideoTracks()).toEqual([video.sender.track]);
  });

  it('camera off sends nothing and releases the camera; on opens it again; no renegotiation', async () => {
    const { engine, video, pc, gum, replies } = await answeredVideoCall();
    const camera = video.sender.track!;
    const sdp = pc.localDescription;
    await engine.enqueue(req({ op: 'setCamera', on: false }));
    expect(video.sender.track).toBeNull();
    expect(camera.stop).toHaveBeenCalled();
    expect(engine.videoOf('c1')).toMatchObject({ cameraOff: true });
    expect(engine.videoOf('c1')?.preview.getVideoTracks()).toEqual([]);
    await engine.enqueue(req({ op: 'setCamera', on: true }));
    expect(video.sender.track?.kind).toBe('video');
    expect(video.sender.track).not.toBe(camera);
    expect(gum).toHaveBeenLastCalledWith({ audio: false, video: true });
    expect(pc.localDescription).toBe(sdp);
    expect(replies.every((r) => r.ok)).toBe(true);
  });

  it('a camera switched off stays off when a re-INVITE asks for a description', async () => {
    const { engine, video, gum } = await answeredVideoCall();
    await engine.enqueue(req({ op: 'setCamera', on: false }));
    const calls = gum.mock.calls.length;
    await engine.enqueue(req({ op: 'getDescription', options: { ...videoOptions, hold: true } }));
    expect(gum.mock.calls.length).toBe(calls);
    expect(video.sender.track).toBeNull();
  });

  it('screen sharing takes the video sender and gives it back to the camera (or to nothing while it is off)', async () => {
    const { engine, video, screenTrack } = await answeredVideoCall();
    const camera = video.sender.track;
    await engine.startScreenShare('c1');
    expect(video.sender.track).toBe(screenTrack);
    expect(engine.videoOf('c1')).toMatchObject({ sharing: true });
    // Camera off while sharing: the screen keeps going.
    await engine.enqueue(req({ op: 'setCamera', on: false }));
    expect(video.sender.track).toBe(screenTrack);
    expect(await engine.stopScreenShare('c1')).toBe(true);
    expect(video.sender.track).toBeNull();
    expect(screenTrack.stop).toHaveBeenCalled();
    await engine.enqueue(req({ op: 'setCamera', on: true }));
    expect(video.sender.track?.kind).toBe('video');
    expect(video.sender.track).not.toBe(camera);
  });

  it("the browser's own Stop sharing (track ended) switches back to the camera", async () => {
    const { engine, video, screenTrack } = await answeredVideoCall();
    const camera = video.sender.track;
    const seen = vi.fn();
    engine.subscribeVideo(seen);
    await engine.startScreenShare('c1');
    screenTrack.end();
    await vi.waitFor(() => expect(video.sender.track).toBe(camera));
    expect(engine.videoOf('c1')?.sharing).toBe(false);
    expect(seen).toHaveBeenCalled();
  });

  it('camera on refused by the browser: the §1.5 notice hook runs, the call keeps going with the camera off', async () => {
    const { engine, video, gum, replies, onPermissionDenied } = await answeredVideoCall();
    await engine.enqueue(req({ op: 'setCamera', on: false }));
    gum.mockRejectedValueOnce(Object.assign(new Error('denied'), { name: 'NotAllowedError' }));
    await engine.enqueue(req({ op: 'setCamera', on: true }));
    expect(replies.at(-1)).toMatchObject({ ok: false, error: 'permission_denied' });
    expect(onPermissionDenied).toHaveBeenCalledTimes(1);
    expect(video.sender.track).toBeNull();
    expect(engine.videoOf('c1')?.cameraOff).toBe(true);
  });

  it('setCamera on an audio-only call fails without touching anything', async () => {
    const s = setup();
    await s.engine.enqueue(req({ op: 'getDescription', options: { audio: true, video: false } }));
    await s.engine.enqueue(req({ op: 'setCamera', on: false }));
    expect(s.replies.at(-1)).toMatchObject({ ok: false, error: expect.stringMatching(/no_video/) });
  });
});
