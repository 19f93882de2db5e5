// @vitest-environment jsdom
// Device switch during a call (§9.2): MediaEngine.switchMicrophone swaps the new microphone into the
// call's audio sender, keeps the mute state and releases the old device. Minimal WebRTC stand-ins.
import { describe, expect, it, vi } from 'vitest';
import type { MediaRequest } from '../../../shared/contract.js';
import { MediaEngine, type MediaEnvironment } from './engine.js';

let nextId = 0;
class Track {
  id = `t${++nextId}`;
  enabled = true;
  readyState = 'live';
  readonly kind = 'audio';
  stop = vi.fn(() => {
    this.readyState = 'ended';
  });
}
class Stream {
  constructor(public tracks: Track[] = []) {}
  getTracks = () => this.tracks;
  getAudioTracks = () => this.tracks;
  getVideoTracks = () => [];
  addTrack = (t: Track) => void this.tracks.push(t);
  removeTrack = (t: Track) => void (this.tracks = this.tracks.filter((x) => x !== t));
}
class Sender {
  dtmf = null;
  constructor(public track: Track | null) {}
  replaceTrack = vi.fn(async (t: Track | null) => {
    this.track = t;
  });
}
class Pc {
  signalingState: RTCSignalingState = 'stable';
  iceGatheringState: RTCIceGatheringState = 'complete';
  localDescription: { type: string; sdp: string } | null = null;
  senders: Sender[] = [];
  addEventListener = vi.fn();
  removeEventListener = vi.fn();
  getTransceivers = () => [];
  getSenders = () => this.senders;
  addTrack = (t: Track) => void this.senders.push(new Sender(t));
  createOffer = async () => ({ type: 'offer', sdp: 'offer' });
  createAnswer = async () => ({ type: 'answer', sdp: 'answer' });
  setLocalDescription = async (d: { type: string; sdp: string }) => {
    this.localDescription = d;
  };
  setRemoteDescription = async () => undefined;
  getStats = async () => new Map();
  close = () => undefined;
}

describe('MediaEngine.switchMicrophone', () => {
  it('replaces the sending track, keeps mute, stops the old device', async () => {
    const pcs: Pc[] = [];
    const getUserMedia = vi.fn(async () => new Stream([new Track()]) as unknown as MediaStream);
    const env: MediaEnvironment = {
      createPeerConnection: () => {
        const pc = new Pc();
        pcs.push(pc);
        return pc as unknown as RTCPeerConnection;
      },
      getUserMedia,
      createMediaStream: () => new Stream() as unknown as MediaStream,
      document,
    };
    const api = { mediaReply: vi.fn(async () => undefined), mediaReady: vi.fn(async () => undefined), on: vi.fn(() => () => undefined) };
    const engine = new MediaEngine(api as never, env, {});
    await engine.enqueue({ requestId: 'r1', callId: 'c1', op: 'getDescription', options: { audio: true, video: false } } as MediaRequest);
    await engine.enqueue({ requestId: 'r2', callId: 'c1', op: 'setMute', muted: true } as MediaRequest);
    const sender = pcs[0]!.senders[0]!;
    const old = sender.track!;

    await engine.switchMicrophone();

    expect(getUserMedia).toHaveBeenLastCalledWith({ audio: true, video: false });
    expect(sender.replaceTrack).toHaveBeenCalledTimes(1);
    expect(sender.track).not.toBe(old);
    expect(sender.track?.enabled).toBe(false); // still muted
    expect(old.stop).toHaveBeenCalled();
  });

  it('does nothing without a call', async () => {
    const getUserMedia = vi.fn();
    const env = { createPeerConnection: vi.fn(), getUserMedia, createMediaStream: vi.fn(), document } as unknown as MediaEnvironment;
    const engine = new MediaEngine({ mediaReply: vi.fn(), mediaReady: vi.fn(), on: vi.fn(() => () => undefined) } as never, env, {});
    await engine.switchMicrophone();
    expect(getUserMedia).not.toHaveBeenCalled();
  });
});
