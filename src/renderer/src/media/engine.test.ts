// @vitest-environment jsdom
// Request handling of the media engine with a minimal in-memory stand-in for WebRTC (jsdom/Node have none).
// Real RTCPeerConnection behaviour (audio, hold directions, DTMF, ICE restart) is exercised in Chromium.
import { describe, expect, it, vi } from 'vitest';
import type { MediaRequest } from '../../../shared/contract.js';
import { isPermissionError, MediaEngine, type MediaEnvironment } from './engine.js';

class FakeTrack {
  enabled = true;
  readyState = 'live';
  constructor(readonly kind: 'audio' | 'video') {}
  stop = vi.fn(() => {
    this.readyState = 'ended';
  });
}
class FakeStream {
  constructor(private tracks: FakeTrack[] = []) {}
  getTracks = () => this.tracks;
  getAudioTracks = () => this.tracks.filter((t) => t.kind === 'audio');
  getVideoTracks = () => this.tracks.filter((t) => t.kind === 'video');
  addTrack = (t: FakeTrack) => void this.tracks.push(t);
}
class FakePc {
  signalingState: RTCSignalingState = 'stable';
  iceGatheringState: RTCIceGatheringState = 'complete';
  localDescription: { type: string; sdp: string } | null = null;
  transceivers: Array<{ direction: string; currentDirection: string | null }> = [];
  senders: Array<{ track: FakeTrack | null; dtmf: null }> = [];
  closed = false;
  offers: unknown[] = [];
  addEventListener = vi.fn();
  removeEventListener = vi.fn();
  getTransceivers = () => this.transceivers;
  getSenders = () => this.senders;
  addTrack = (track: FakeTrack) => {
    this.senders.push({ track, dtmf: null });
    if (!this.transceivers.length) this.transceivers.push({ direction: 'sendrecv', currentDirection: null });
  };
  createOffer = async (o: unknown) => {
    this.offers.push(o);
    return { type: 'offer', sdp: `offer:${this.transceivers.map((t) => t.direction).join()}` };
  };
  createAnswer = async () => ({ type: 'answer', sdp: `answer:${this.transceivers.map((t) => t.direction).join()}` });
  setLocalDescription = async (d: { type: string; sdp: string }) => {
    this.localDescription = d;
    this.signalingState = d.type === 'offer' ? 'have-local-offer' : 'stable';
  };
  setRemoteDescription = async (d: { type: string; sdp: string }) => {
    if (!d.sdp.startsWith('v=')) throw new Error('bad sdp');
    if (!this.transceivers.length) this.transceivers.push({ direction: 'recvonly', currentDirection: null });
    this.signalingState = d.type === 'offer' ? 'have-remote-offer' : 'stable';
  };
  getStats = async () => new Map();
  close = () => {
    this.closed = true;
  };
}

function setup(getUserMedia?: MediaEnvironment['getUserMedia']) {
  const pcs: FakePc[] = [];
  const replies: unknown[] = [];
  const env: MediaEnvironment = {
    createPeerConnection: () => {
      const pc = new FakePc();
      pcs.push(pc);
      return pc as unknown as RTCPeerConnection;
    },
    getUserMedia: getUserMedia ?? (async () => new FakeStream([new FakeTrack('audio')]) as unknown as MediaStream),
    createMediaStream: () => new FakeStream() as unknown as MediaStream,
    document,
  };
  const onPermissionDenied = vi.fn();
  const api = { mediaReply: vi.fn(async (r: unknown) => void replies.push(r)), mediaReady: vi.fn(async () => undefined), on: vi.fn(() => () => undefined) };
  const engine = new MediaEngine(api as never, env, { onPermissionDenied });
  return { engine, pcs, replies, onPermissionDenied, api };
}

const get = (requestId: string, options: Record<string, unknown> = {}): MediaRequest =>
  ({ requestId, callId: 'c1', op: 'getDescription', options: { audio: true, video: false, ...options } }) as MediaRequest;
const SDP_OFFER = 'v=0\r\nm=audio 9 RTP/AVP 0\r\na=sendrecv\r\n';

describe('media engine request handling', () => {
  it('offers with local audio, then answers a remote offer; replies carry application/sdp', async () => {
    const { engine, replies, pcs } = setup();
    await engine.enqueue(get('r1'));
    expect(replies[0]).toEqual({ requestId: 'r1', ok: true, value: { body: 'offer:sendrecv', contentType: 'application/sdp' } });
    expect(engine.callIds()).toEqual(['c1']);
    await engine.enqueue({ requestId: 'r2', callId: 'c2', op: 'setDescription', description: { body: SDP_OFFER, contentType: 'application/sdp' }, options: { audio: true, video: false } });
    await engine.enqueue({ ...get('r3'), callId: 'c2' } as MediaRequest);
    expect(replies[1]).toEqual({ requestId: 'r2', ok: true, value: null });
    expect((replies[2] as { value: { body: string } }).value.body).toMatch(/^answer:/);
    expect(pcs).toHaveLength(2);
  });

  it('sets hold and resume directions before the offer and passes iceRestart', async () => {
    const { engine, replies, pcs } = setup();
    await engine.enqueue(get('r1'));
    pcs[0]!.signalingState = 'stable';
    await engine.enqueue(get('r2', { hold: true, iceRestart: true }));
    expect((replies[1] as { value: { body: string } }).value.body).toBe('offer:sendonly');
    expect(pcs[0]!.offers[1]).toEqual({ iceRestart: true });
    pcs[0]!.signalingState = 'stable';
    await engine.enqueue(get('r3', { hold: false }));
    expect((replies[2] as { value: { body: string } }).value.body).toBe('offer:sendrecv');
  });

  it('replies permission_denied and tells the UI when the microphone is refused', async () => {
    const denied = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    const { engine, replies, onPermissionDenied } = setup(async () => {
      throw denied;
    });
    await engine.enqueue(get('r1'));
    expect(replies).toEqual([{ requestId: 'r1', ok: false, error: 'permission_denied' }]);
    expect(onPermissionDenied).toHaveBeenCalledTimes(1);
    expect(isPermissionError({ name: 'SecurityError' })).toBe(true);
    expect(isPermissionError(new Error('x'))).toBe(false);
  });

  it('close does not wait behind a pending permission prompt; the pending step fails', async () => {
    let grant: (s: MediaStream) => void = () => undefined;
    const { engine, replies, pcs } = setup(() => new Promise((resolve) => (grant = resolve)));
    const pending = engine.enqueue(get('r1'));
    await new Promise((r) => setTimeout(r, 0));
    await engine.enqueue({ requestId: 'r2', callId: 'c1', op: 'close' });
    expect(replies).toEqual([{ requestId: 'r2', ok: true, value: null }]);
    expect(pcs[0]!.closed).toBe(true);
    const track = new FakeTrack('audio');
    grant(new FakeStream([track]) as unknown as MediaStream);
    await pending;
    expect(replies[1]).toEqual({ requestId: 'r1', ok: false, error: 'call closed' });
    expect(track.stop).toHaveBeenCalled();
    expect(engine.callIds()).toEqual([]);
  });

  it('reports errors as replies, never throws: bad SDP, unknown call, missing DTMF sender', async () => {
    const { engine, replies } = setup();
    await engine.enqueue({ requestId: 'a', callId: 'x', op: 'setDescription', description: { body: 'junk', contentType: 'application/sdp' }, options: { audio: true, video: false } });
    await engine.enqueue({ requestId: 'b', callId: 'y', op: 'setDescription', description: { body: SDP_OFFER, contentType: 'text/plain' }, options: { audio: true, video: false } });
    await engine.enqueue({ requestId: 'c', callId: 'nope', op: 'setMute', muted: true });
    await engine.enqueue(get('d'));
    await engine.enqueue({ requestId: 'e', callId: 'c1', op: 'sendDtmf', tones: '1', duration: 100, interToneGap: 70 });
    expect(replies.map((r) => (r as { ok: boolean }).ok)).toEqual([false, false, false, true, false]);
    expect((replies[1] as { error: string }).error).toMatch(/unsupported content type/);
    expect((replies[4] as { error: string }).error).toMatch(/^dtmf_unavailable/);
  });

  it('mute disables local audio, also for tracks added later', async () => {
    const track = new FakeTrack('audio');
    const { engine, replies } = setup(async () => new FakeStream([track]) as unknown as MediaStream);
    await engine.enqueue(get('r1'));
    await engine.enqueue({ requestId: 'm', callId: 'c1', op: 'setMute', muted: true });
    expect(track.enabled).toBe(false);
    expect(replies[1]).toEqual({ requestId: 'm', ok: true, value: null });
  });

  it('announces readiness on every (re)connect', () => {
    const { engine, api } = setup();
    const fns: Array<() => void> = [];
    engine.start({ whenConnected: (fn) => (fns.push(fn), fn(), () => undefined) });
    fns[0]!();
    expect(api.mediaReady).toHaveBeenCalledTimes(2);
  });
});
