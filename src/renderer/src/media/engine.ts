// The renderer's media engine. Signalling runs in main (sip.js with a remote session description handler);
// main asks for SDP work with `mediaRequest` events and we answer with `mediaReply`. One RTCPeerConnection
// and one local stream per call id; remote audio plays through a hidden <audio> element.
import type { SoftphoneApi } from '../../../shared/bridge.js';
import type { DescriptionOptions, MediaRequest, SdpBody } from '../../../shared/contract.js';
import type { BridgeConnection } from '../bridge/connect.js';
import { holdDirection, remoteSendingAfter } from './directions.js';
import { QualitySampler, type InjectedLoss } from './quality.js';
import { playReconnectCue, reconnectEdge } from './reconnect-cue.js';
import { applyVideoCodecOrder, DEFAULT_VIDEO_CODEC_ORDER, pinSendCodec, videoTransceiver, type VideoCodecName } from './video-codecs.js';

/** getStats sampling period for call quality (spec §9.5: every second). */
export const QUALITY_INTERVAL_MS = 1_000;

export const ICE_GATHERING_TIMEOUT_MS = 1_500;
export const PERMISSION_DENIED = 'permission_denied';

export interface MediaEnvironment {
  createPeerConnection(config: RTCConfiguration): RTCPeerConnection;
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  createMediaStream(): MediaStream;
  document: Document;
  /** Screen or window capture (issue 8); absent where the window cannot capture. */
  getDisplayMedia?(constraints: DisplayMediaStreamOptions): Promise<MediaStream>;
  /** What the browser can receive for video (codec preferences); null/absent: browser defaults. */
  videoCapabilities?(): RTCRtpCapabilities | null;
}

export function browserMediaEnvironment(win: Window): MediaEnvironment {
  const w = win as unknown as { RTCPeerConnection: typeof RTCPeerConnection; MediaStream: typeof MediaStream };
  return {
    createPeerConnection: (config) => new w.RTCPeerConnection(config),
    getUserMedia: (constraints) => {
      if (!win.navigator.mediaDevices?.getUserMedia) {
        return Promise.reject(new Error('This window has no access to media devices (a secure context is required).'));
      }
      return win.navigator.mediaDevices.getUserMedia(constraints);
    },
    createMediaStream: () => new w.MediaStream(),
    document: win.document,
    getDisplayMedia: (constraints) => {
      if (!win.navigator.mediaDevices?.getDisplayMedia) return Promise.reject(new Error('This window cannot share the screen.'));
      return win.navigator.mediaDevices.getDisplayMedia(constraints);
    },
    videoCapabilities: () => (win as unknown as { RTCRtpReceiver?: typeof RTCRtpReceiver }).RTCRtpReceiver?.getCapabilities?.('video') ?? null,
  };
}

export interface MediaStats {
  bytesReceived: number;
  packetsReceived: number;
  totalAudioEnergy: number;
  bytesSent: number;
  directions: string[];
}

interface CallMedia {
  callId: string;
  pc: RTCPeerConnection;
  local: MediaStream | null;
  remote: MediaStream;
  audio: HTMLAudioElement | null;
  remoteSending: boolean;
  lastOfferWasHold: boolean;
  muted: boolean;
  quality: QualitySampler;
  /** Video calls (issue 8): the agent switched the camera off; a shared screen replaces the camera. */
  cameraOff: boolean;
  screen: MediaStreamTrack | null;
  /** What we send as video right now (camera or screen), for the agent's self view. */
  preview: MediaStream;
}

/** A call's video for the in-call view. */
export interface CallVideoView {
  /** The sent video (camera with its effect, or the shared screen); no track while the camera is off. */
  preview: MediaStream;
  remote: MediaStream;
  cameraOff: boolean;
  sharing: boolean;
}

// reportQuality is optional so small fakes in unit tests need not implement it.
type Api = Pick<SoftphoneApi, 'mediaReply' | 'mediaReady' | 'on'> & Partial<Pick<SoftphoneApi, 'reportQuality'>>;

export interface MediaEngineHooks {
  /** The agent refused microphone/camera access (the UI shows the §1.5 text). */
  onPermissionDenied?(): void;
  /** Recording: a call's local and remote streams (again after a track change), and its end. */
  onCallMedia?(event: CallMediaEvent): void;
  /** The call lost its connection (§9.6); default: a short WebAudio cue in this window. */
  onCallReconnecting?(): void;
}

export type CallMediaEvent =
  /** `sent`: the video actually sent (camera/effect or shared screen), a stable stream whose track changes. */
  | { type: 'streams'; callId: string; local: MediaStream; remote: MediaStream; sent?: MediaStream }
  | { type: 'closed'; callId: string };

/** Error names getUserMedia uses for a refusal (PermissionDeniedError is the pre-standard name). */
export function isPermissionError(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'NotAllowedError' || name === 'PermissionDeniedError' || name === 'SecurityError';
}

class MediaError extends Error {}

export class MediaEngine {
  private readonly calls = new Map<string, CallMedia>();
  /** Per call, requests run one after another (a setDescription must finish before the next getDescription). */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly offs: Array<() => void> = [];
  private injectedLoss: InjectedLoss = { local: 0, remote: 0 };
  private readonly videoListeners = new Set<() => void>();
  private videoCodecOrder: readonly VideoCodecName[] = DEFAULT_VIDEO_CODEC_ORDER;

  constructor(
    private readonly api: Api,
    private readonly env: MediaEnvironment,
    private readonly hooks: MediaEngineHooks = {},
  ) {}

  /** Subscribes to media requests and announces readiness now and after every reconnect. */
  start(connection: Pick<BridgeConnection, 'whenConnected'>): void {
    this.offs.push(this.api.on('mediaRequest', (req) => void this.enqueue(req)));
    const cue = this.hooks.onCallReconnecting ?? (() => void playReconnectCue(this.env.document.defaultView).catch(() => undefined));
    const edge = reconnectEdge(cue);
    this.offs.push(this.api.on('state', (s) => edge(s.call?.reconnecting === true)));
    this.offs.push(
      connection.whenConnected(() => {
        this.api.mediaReady({}).catch((err: unknown) => console.warn('mediaReady failed', err));
      }),
    );
    const timer = setInterval(() => void this.sampleQuality(), QUALITY_INTERVAL_MS);
    this.offs.push(() => clearInterval(timer));
  }

  /** Test hook: adds packet loss (percent) to the stats source of every call (0 switches it off). */
  injectLoss(loss: Partial<InjectedLoss>): void {
    this.injectedLoss = { ...this.injectedLoss, ...loss };
  }

  /** One getStats per connected call, reported to main, which computes MOS and the weak notices. */
  async sampleQuality(): Promise<void> {
    const report = this.api.reportQuality;
    if (!report) return;
    for (const call of [...this.calls.values()]) {
      const state = call.pc.iceConnectionState;
      if (!call.pc.remoteDescription || (state !== 'connected' && state !== 'completed')) continue;
      try {
        const sample = call.quality.sample(await call.pc.getStats());
        if (sample) await report({ callId: call.callId, local: sample.local, remote: sample.remote });
      } catch (err) {
        // A call closing mid-sample or a dropped bridge: the next second tries again.
        console.debug('quality sample failed', err);
      }
    }
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
    for (const id of [...this.calls.keys()]) this.closeCall(id);
  }

  callIds(): string[] {
    return [...this.calls.keys()];
  }

  enqueue(req: MediaRequest): Promise<void> {
    // close must not wait behind a getDescription stuck at the permission prompt; the pending step then
    // notices the call is gone and fails.
    if (req.op === 'close') return this.serve(req);
    const previous = this.queues.get(req.callId) ?? Promise.resolve();
    const next = previous.then(() => this.serve(req));
    const tail = next.finally(() => {
      if (this.queues.get(req.callId) === tail) this.queues.delete(req.callId);
    });
    this.queues.set(req.callId, tail);
    return next;
  }

  private async serve(req: MediaRequest): Promise<void> {
    let reply: Parameters<Api['mediaReply']>[0];
    try {
      const value = await this.perform(req);
      reply = { requestId: req.requestId, ok: true, value };
    } catch (err) {
      reply = { requestId: req.requestId, ok: false, error: describeError(err).slice(0, 2000) };
    }
    try {
      await this.api.mediaReply(reply);
    } catch (err) {
      console.warn(`mediaReply for ${req.op} failed`, err);
    }
  }

  private async perform(req: MediaRequest): Promise<SdpBody | null> {
    switch (req.op) {
      case 'getDescription':
        return this.getDescription(req.callId, req.options);
      case 'setDescription':
        await this.setDescription(req.callId, req.description);
        return null;
      case 'sendDtmf':
        this.sendDtmf(req.callId, req.tones, req.duration, req.interToneGap);
        return null;
      case 'setMute':
        this.setMute(req.callId, req.muted);
        return null;
      case 'close':
        this.closeCall(req.callId);
        return null;
      case 'setCamera':
        await this.setCamera(req.callId, req.on);
        return null;
    }
  }

  private ensureCall(callId: string): CallMedia {
    const existing = this.calls.get(callId);
    if (existing) return existing;
    const pc = this.env.createPeerConnection({ iceServers: [] });
    const call: CallMedia = {
      callId,
      pc,
      local: null,
      remote: this.env.createMediaStream(),
      audio: null,
      remoteSending: true,
      lastOfferWasHold: false,
      muted: false,
      quality: new QualitySampler(() => this.injectedLoss),
      cameraOff: false,
      screen: null,
      preview: this.env.createMediaStream(),
    };
    pc.addEventListener('track', (ev: RTCTrackEvent) => {
      if (!call.remote.getTracks().includes(ev.track)) call.remote.addTrack(ev.track);
      this.playRemote(call);
      this.reportMedia(call);
      this.notifyVideo();
    });
    this.calls.set(callId, call);
    return call;
  }

  private playRemote(call: CallMedia): void {
    if (!call.audio) {
      const el = this.env.document.createElement('audio');
      el.autoplay = true;
      el.hidden = true;
      el.dataset.callId = call.callId;
      this.env.document.body.appendChild(el);
      call.audio = el;
    }
    if (call.audio.srcObject !== call.remote) call.audio.srcObject = call.remote;
    call.audio.play().catch((err: unknown) => console.warn('remote audio did not start', err));
  }

  private async ensureLocalMedia(call: CallMedia, options: DescriptionOptions): Promise<void> {
    // A camera the agent switched off stays off across re-INVITEs (hold, ICE restart).
    const wantVideo = options.video === true && !call.cameraOff;
    const hasVideo = (call.local?.getVideoTracks().length ?? 0) > 0;
    if (call.local && (!wantVideo || hasVideo)) return;
    // First use: microphone (and camera); a later upgrade to video asks only for the camera.
    const constraints = call.local ? { audio: false, video: true } : { audio: true, video: wantVideo };
    let stream: MediaStream;
    try {
      stream = await this.env.getUserMedia(constraints);
    } catch (err) {
      if (isPermissionError(err)) {
        this.hooks.onPermissionDenied?.();
        throw new MediaError(PERMISSION_DENIED);
      }
      throw err;
    }
    // The call may have been closed while the permission prompt was up.
    if (this.calls.get(call.callId) !== call) {
      for (const t of stream.getTracks()) t.stop();
      throw new MediaError('call closed');
    }
    const local = call.local ?? stream;
    // addTrack reuses a transceiver created by a remote offer, so answers keep the offered m-lines.
    for (const track of stream.getTracks()) {
      if (track.kind === 'audio') track.enabled = !call.muted;
      if (local !== stream) local.addTrack(track);
      call.pc.addTrack(track, local);
    }
    call.local = local;
    this.syncPreview(call);
    this.reportMedia(call);
  }

  private async getDescription(callId: string, options: DescriptionOptions): Promise<SdpBody> {
    const call = this.ensureCall(callId);
    await this.ensureLocalMedia(call, options);
    const { pc } = call;
    const answering = pc.signalingState === 'have-remote-offer';
    // VP8 and H.264 (spec §1.4), in our order, in offers and answers alike.
    applyVideoCodecOrder(pc, this.env.videoCapabilities?.() ?? null, this.videoCodecOrder);
    const direction = holdDirection(options.hold, call.remoteSending);
    if (direction) {
      for (const t of pc.getTransceivers()) {
        if (t.currentDirection !== 'stopped' && t.direction !== 'stopped' && t.direction !== direction) t.direction = direction;
      }
    }
    const description = answering ? await pc.createAnswer() : await pc.createOffer({ iceRestart: options.iceRestart === true });
    if (!answering) call.lastOfferWasHold = options.hold === true;
    await pc.setLocalDescription(description);
    if (answering) await pinSendCodec(pc, this.videoCodecOrder);
    await waitForIceGathering(pc, ICE_GATHERING_TIMEOUT_MS);
    const sdp = pc.localDescription?.sdp;
    if (!sdp) throw new MediaError('no local description after setLocalDescription');
    return { body: sdp, contentType: 'application/sdp' };
  }

  private async setDescription(callId: string, description: SdpBody): Promise<void> {
    if (description.contentType.toLowerCase().split(';')[0]?.trim() !== 'application/sdp') {
      throw new MediaError(`unsupported content type: ${description.contentType}`);
    }
    const call = this.ensureCall(callId);
    const type = call.pc.signalingState === 'have-local-offer' ? 'answer' : 'offer';
    await call.pc.setRemoteDescription({ type, sdp: description.body });
    if (type === 'answer') await pinSendCodec(call.pc, this.videoCodecOrder);
    call.remoteSending = remoteSendingAfter(call.remoteSending, { type, sdp: description.body }, call.lastOfferWasHold);
  }

  private sendDtmf(callId: string, tones: string, duration: number, gap: number): void {
    const call = this.calls.get(callId);
    if (!call) throw new MediaError(`no media for call ${callId}`);
    const sender = call.pc.getSenders().find((s) => s.track?.kind === 'audio' && s.dtmf);
    const dtmf = sender?.dtmf;
    if (!dtmf || !dtmf.canInsertDTMF) throw new MediaError('dtmf_unavailable: the call has no RFC 4733 sender');
    // Chromium clamps to 40–6000 ms tones and ≥30 ms gaps; keep inside so insertDTMF never throws on range.
    dtmf.insertDTMF(tones, clamp(duration, 40, 6000), Math.max(30, gap));
  }

  private setMute(callId: string, muted: boolean): void {
    const call = this.calls.get(callId);
    if (!call) throw new MediaError(`no media for call ${callId}`);
    call.muted = muted;
    for (const t of call.local?.getAudioTracks() ?? []) t.enabled = !muted;
  }

  /**
   * Device switch during a call (§9.2, added by the UI helper): opens the microphone the agent just
   * chose and swaps it into every live call's audio sender, keeping the mute state. getUserMedia goes
   * through the environment, which applies the stored device choice.
   */
  async switchMicrophone(): Promise<void> {
    for (const call of this.calls.values()) {
      const sender = call.pc.getSenders().find((s) => s.track?.kind === 'audio');
      if (!sender || !call.local) continue;
      const stream = await this.env.getUserMedia({ audio: true, video: false });
      const track = stream.getAudioTracks()[0];
      if (!track || this.calls.get(call.callId) !== call) {
        for (const t of stream.getTracks()) t.stop();
        continue;
      }
      track.enabled = !call.muted;
      const old = sender.track;
      await sender.replaceTrack(track);
      if (old) {
        call.local.removeTrack(old);
        old.stop();
      }
      call.local.addTrack(track);
      this.reportMedia(call);
    }
  }

  // ---------------------------------------------------------------- video calls (issue 8)

  /** Order of video codecs for the next offers/answers (default VP8, then H.264). */
  setVideoCodecOrder(order: readonly VideoCodecName[]): void {
    this.videoCodecOrder = order.length ? [...order] : DEFAULT_VIDEO_CODEC_ORDER;
  }

  /** Re-renders the in-call view when a call's video changes. */
  subscribeVideo(listener: () => void): () => void {
    this.videoListeners.add(listener);
    return () => this.videoListeners.delete(listener);
  }

  videoOf(callId: string): CallVideoView | null {
    const call = this.calls.get(callId);
    if (!call) return null;
    return { preview: call.preview, remote: call.remote, cameraOff: call.cameraOff, sharing: call.screen !== null };
  }

  /**
   * Camera off: the video sender sends nothing (replaceTrack(null), no renegotiation) and the camera is
   * released; on: the camera opens again (through the effect pipeline, with the current effect).
   */
  private async setCamera(callId: string, on: boolean): Promise<void> {
    const call = this.calls.get(callId);
    const sender = call && videoTransceiver(call.pc)?.sender;
    if (!call || !sender) throw new MediaError('no_video: the call has no video');
    if (!on) {
      call.cameraOff = true;
      if (!call.screen) await sender.replaceTrack(null);
      this.dropCamera(call);
    } else {
      if (!call.cameraOff && (call.local?.getVideoTracks().length ?? 0) > 0) return;
      const track = await this.openCamera(call);
      call.cameraOff = false;
      call.local?.addTrack(track);
      if (!call.screen) await sender.replaceTrack(track);
    }
    this.syncPreview(call);
    this.reportMedia(call);
  }

  /** The effect setting changed: live calls with the camera on reopen it, so the new effect applies now. */
  async restartCamera(): Promise<void> {
    for (const call of [...this.calls.values()]) {
      const sender = videoTransceiver(call.pc)?.sender;
      if (!sender || call.cameraOff || (call.local?.getVideoTracks().length ?? 0) === 0) continue;
      const track = await this.openCamera(call);
      this.dropCamera(call);
      call.local?.addTrack(track);
      if (!call.screen) await sender.replaceTrack(track);
      this.syncPreview(call);
      this.reportMedia(call);
    }
  }

  /** Shares a screen or window instead of the camera (same sender, no renegotiation). */
  async startScreenShare(callId: string): Promise<void> {
    const call = this.calls.get(callId);
    const sender = call && videoTransceiver(call.pc)?.sender;
    if (!call || !sender) throw new MediaError('no_video: the call has no video');
    if (!this.env.getDisplayMedia) throw new MediaError('This window cannot share the screen.');
    const stream = await this.env.getDisplayMedia({ video: true, audio: false });
    const track = stream.getVideoTracks()[0];
    if (!track || this.calls.get(callId) !== call) {
      for (const t of stream.getTracks()) t.stop();
      throw new MediaError('screen sharing did not start');
    }
    // The browser's own "Stop sharing" (or a closed window) ends the track: go back to the camera.
    track.addEventListener('ended', () => void this.stopScreenShare(callId).catch(() => undefined));
    call.screen?.stop();
    call.screen = track;
    await sender.replaceTrack(track);
    this.syncPreview(call);
  }

  /** Back to the camera (or to nothing while the camera is off). */
  async stopScreenShare(callId: string): Promise<boolean> {
    const call = this.calls.get(callId);
    if (!call?.screen) return false;
    const screen = call.screen;
    call.screen = null;
    const sender = videoTransceiver(call.pc)?.sender;
    await sender?.replaceTrack(call.cameraOff ? null : call.local?.getVideoTracks()[0] ?? null);
    screen.stop();
    this.syncPreview(call);
    return true;
  }

  private async openCamera(call: CallMedia): Promise<MediaStreamTrack> {
    let stream: MediaStream;
    try {
      stream = await this.env.getUserMedia({ audio: false, video: true });
    } catch (err) {
      if (isPermissionError(err)) {
        this.hooks.onPermissionDenied?.();
        throw new MediaError(PERMISSION_DENIED);
      }
      throw err;
    }
    const track = stream.getVideoTracks()[0];
    if (!track || this.calls.get(call.callId) !== call) {
      for (const t of stream.getTracks()) t.stop();
      throw new MediaError(track ? 'call closed' : 'no camera');
    }
    return track;
  }

  private dropCamera(call: CallMedia): void {
    for (const t of call.local?.getVideoTracks() ?? []) {
      call.local?.removeTrack(t);
      t.stop();
    }
  }

  /** The self view shows exactly what is sent. */
  private syncPreview(call: CallMedia): void {
    const sent = call.screen ?? (call.cameraOff ? null : call.local?.getVideoTracks()[0] ?? null);
    for (const t of call.preview.getTracks()) if (t !== sent) call.preview.removeTrack(t);
    if (sent && !call.preview.getTracks().includes(sent)) call.preview.addTrack(sent);
    this.notifyVideo();
  }

  private notifyVideo(): void {
    for (const l of [...this.videoListeners]) {
      try {
        l();
      } catch (err) {
        console.warn('video listener failed', err);
      }
    }
  }

  /** Tells the recorder once both sides have audio (and after each change). */
  private reportMedia(call: CallMedia): void {
    if (!call.local || call.remote.getTracks().length === 0 || this.calls.get(call.callId) !== call) return;
    try {
      this.hooks.onCallMedia?.({ type: 'streams', callId: call.callId, local: call.local, remote: call.remote, sent: call.preview });
    } catch (err) {
      console.warn('onCallMedia hook failed', err);
    }
  }

  private closeCall(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    this.calls.delete(callId);
    this.hooks.onCallMedia?.({ type: 'closed', callId });
    for (const t of call.local?.getTracks() ?? []) t.stop();
    call.screen?.stop();
    this.notifyVideo();
    try {
      call.pc.close();
    } catch {
      // Already closed.
    }
    if (call.audio) {
      call.audio.pause();
      call.audio.srcObject = null;
      call.audio.remove();
    }
  }

  /** Video counters of the most recent call (tests). */
  async videoStats(): Promise<VideoStats | null> {
    const call = [...this.calls.values()].at(-1);
    return call ? readVideoStats(await call.pc.getStats()) : null;
  }

  /** Audio counters of the most recent call (for tests and the quality panel). */
  async stats(): Promise<MediaStats | null> {
    const call = [...this.calls.values()].at(-1);
    if (!call) return null;
    const report = await call.pc.getStats();
    const out: MediaStats = { bytesReceived: 0, packetsReceived: 0, totalAudioEnergy: 0, bytesSent: 0, directions: [] };
    report.forEach((s: Record<string, unknown>) => {
      const kind = s.kind ?? s.mediaType;
      if (kind !== 'audio') return;
      if (s.type === 'inbound-rtp') {
        out.bytesReceived += num(s.bytesReceived);
        out.packetsReceived += num(s.packetsReceived);
        out.totalAudioEnergy += num(s.totalAudioEnergy);
      } else if (s.type === 'outbound-rtp') {
        out.bytesSent += num(s.bytesSent);
      }
    });
    out.directions = call.pc.getTransceivers().map((t) => t.currentDirection ?? t.direction);
    return out;
  }
}

export interface VideoStats {
  framesSent: number;
  sentWidth: number;
  sentHeight: number;
  framesDecoded: number;
  /** The negotiated video codec(s) in use, e.g. video/VP8. */
  codecs: string[];
}

/** Video counters of one getStats report (tests and diagnostics). */
export function readVideoStats(report: RTCStatsReport): VideoStats {
  const out: VideoStats = { framesSent: 0, sentWidth: 0, sentHeight: 0, framesDecoded: 0, codecs: [] };
  const codecIds = new Set<string>();
  report.forEach((s: Record<string, unknown>) => {
    if ((s.kind ?? s.mediaType) !== 'video') return;
    if (s.type === 'outbound-rtp') {
      out.framesSent += num(s.framesSent);
      out.sentWidth = Math.max(out.sentWidth, num(s.frameWidth));
      out.sentHeight = Math.max(out.sentHeight, num(s.frameHeight));
    } else if (s.type === 'inbound-rtp') {
      out.framesDecoded += num(s.framesDecoded);
    } else return;
    if (typeof s.codecId === 'string') codecIds.add(s.codecId);
  });
  report.forEach((s: Record<string, unknown>) => {
    if (s.type === 'codec' && codecIds.has(String(s.id)) && typeof s.mimeType === 'string' && !out.codecs.includes(s.mimeType)) out.codecs.push(s.mimeType);
  });
  return out;
}

function describeError(err: unknown): string {
  if (err instanceof MediaError) return err.message;
  if (err instanceof Error) return err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message;
  return String(err);
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Resolves when ICE gathering completes or after `timeoutMs` (host candidates are enough on one machine). */
export function waitForIceGathering(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onState);
      pc.removeEventListener('icecandidate', onCandidate);
      resolve();
    };
    const onState = () => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const onCandidate = (ev: RTCPeerConnectionIceEvent) => {
      if (!ev.candidate) done();
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', onState);
    pc.addEventListener('icecandidate', onCandidate);
  });
}
