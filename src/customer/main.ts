// Customer call-link page: "Start voice call" / "Start video call" call the support queue over WebRTC with SIP.js.
// The customer does not register; the companion's SIP edge routes the INVITE to an available agent.
import { Inviter, type Referral, SessionState, UserAgent, type Web } from 'sip.js';
import { HealthSchema } from '../shared/companion-api.js';
import { failureText, PERMISSION_DENIED } from './call-messages.js';
import { CustomerVideo, readVideoStats } from './video.js';

type AudioStats = { bytesReceived: number; totalAudioEnergy: number; bytesSent: number };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('call-form');
const nameInput = $<HTMLInputElement>('name');
const startButton = $<HTMLButtonElement>('start');
const hangupButton = $<HTMLButtonElement>('hangup');
const statusLine = $<HTMLParagraphElement>('status');
const detailLine = $<HTMLParagraphElement>('detail');
const remoteAudio = $<HTMLAudioElement>('remote');
const startVideoButton = $<HTMLButtonElement>('start-video');
const inCallControls = $<HTMLDivElement>('in-call');
const video = new CustomerVideo($('video-area'), $('remote-video'), $('self-video'), $('camera'), $('share'), $('switch-camera'));

let ua: UserAgent | undefined;
let session: Inviter | undefined;
let lastPeerConnection: RTCPeerConnection | undefined;

// The queue to call: `?queue=<name>` (call links), default "support".
const queueParam = new URLSearchParams(location.search).get('queue') ?? '';
const queue = /^[a-z0-9][a-z0-9._-]{0,63}$/.test(queueParam) ? queueParam : 'support';

function show(status: string, detail = ''): void {
  statusLine.textContent = status;
  detailLine.textContent = detail;
}

function setInCall(inCall: boolean): void {
  startButton.disabled = inCall;
  startVideoButton.disabled = inCall;
  nameInput.disabled = inCall;
  form.hidden = inCall;
  inCallControls.hidden = !inCall;
  if (inCall) hangupButton.focus();
}

const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0')).join('');

function peerConnectionOf(s: Inviter | undefined): RTCPeerConnection | undefined {
  return (s?.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined)?.peerConnection;
}

const AUDIO_ONLY = { audio: true, video: false };
const WITH_VIDEO = { audio: true, video: true };
/** The media of the call in progress; a transfer keeps it (a video call stays a video call). */
let constraints: typeof AUDIO_ONLY | typeof WITH_VIDEO = AUDIO_ONLY;

// Sends the INVITE for `inviter` and makes it the current call. Used for the first call and for every
// call that follows a transfer (REFER), so status texts and audio handling are the same for both.
async function placeCall(inviter: Inviter): Promise<void> {
  session = inviter;
  let failure = '';
  inviter.delegate = { onRefer: (referral) => void followReferral(inviter, referral) };
  inviter.stateChange.addListener((state) => {
    if (state === SessionState.Established) {
      if (session !== inviter) return;
      lastPeerConnection = peerConnectionOf(inviter);
      const sdh = inviter.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
      if (sdh) {
        remoteAudio.srcObject = sdh.remoteMediaStream;
        remoteAudio.play().catch(() => undefined);
        const pc = peerConnectionOf(inviter);
        if (constraints.video && pc) video.attach(pc, sdh.remoteMediaStream, sdh.localMediaStream);
      }
      show('Connected');
      endPrevious();
    } else if (state === SessionState.Terminated) {
      // A leg that was transferred away ends on its own (the agent hangs up after 202); only the current
      // call ending ends the page's call.
      if (session === inviter) void endCall(failure);
    }
  });
  await inviter.invite({
    requestDelegate: { onReject: (r) => { failure = failureText(r.message.statusCode); } },
  });
}

// The leg being transferred away: kept (with its audio playing) until the new call is connected,
// so the customer hears the agent or transfer music rather than silence, then ended.
let previous: Inviter | undefined;

function endPrevious(): void {
  const old = previous;
  previous = undefined;
  if (old?.state === SessionState.Established) void old.bye().catch(() => undefined);
}

// Blind transfer: the agent's REFER carries the target (with the edge's one-time token); call it.
async function followReferral(from: Inviter, referral: Referral): Promise<void> {
  if (session !== from || !ua) {
    await referral.reject().catch(() => undefined);
    return;
  }
  try {
    await referral.accept();
    const next = referral.makeInviter({ sessionDescriptionHandlerOptions: { constraints } });
    endPrevious();
    previous = from;
    show('Calling…');
    await placeCall(next);
  } catch {
    // The new call never started: end everything rather than leave the customer on a leg being dropped.
    if (session === from || previous === from) {
      endPrevious();
      await endCall('The call could not be connected. Please try again.');
    }
  }
}

async function startCall(withVideo: boolean): Promise<void> {
  constraints = withVideo ? WITH_VIDEO : AUDIO_ONLY;
  setInCall(true);
  show('Calling…');
  try {
    const res = await fetch('/api/health', { cache: 'no-store' });
    const health = HealthSchema.parse(await res.json());
    const displayName = nameInput.value.trim().slice(0, 100);
    ua = new UserAgent({
      uri: UserAgent.makeURI(`sip:guest-${randomId()}@${health.sipDomain}`),
      transportOptions: { server: health.sipWebSocketUrl },
      displayName: displayName || undefined,
      logLevel: 'warn',
      sessionDescriptionHandlerFactoryOptions: {
        // Same-machine / LAN deployments need no STUN; TURN/STUN come from server configuration later.
        peerConnectionConfiguration: { iceServers: [] },
        iceGatheringTimeout: 1000,
      },
    });
    await ua.start();
    const target = UserAgent.makeURI(`sip:${queue}@${health.sipDomain}`);
    if (!target) throw new Error('bad target');
    const inviter = new Inviter(ua, target, { sessionDescriptionHandlerOptions: { constraints } });
    await placeCall(inviter);
  } catch (e) {
    const denied = e instanceof Error && /Permission|NotAllowed/i.test(`${e.name} ${e.message}`);
    await endCall(denied ? PERMISSION_DENIED : 'The call could not be connected. Please try again.');
  }
}

async function endCall(detail: string): Promise<void> {
  const stopping = ua;
  ua = undefined;
  session = undefined;
  previous = undefined;
  remoteAudio.srcObject = null;
  video.detach();
  show('Call ended', detail);
  setInCall(false);
  await stopping?.stop().catch(() => undefined);
}

function hangUp(): void {
  endPrevious();
  const s = session;
  if (!s) return;
  if (s.state === SessionState.Established) void s.bye().catch(() => undefined);
  else if (s.state === SessionState.Initial || s.state === SessionState.Establishing) void s.cancel().catch(() => undefined);
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!session) void startCall(false);
});
startVideoButton.addEventListener('click', () => {
  if (!session) void startCall(true);
});
hangupButton.addEventListener('click', hangUp);
window.addEventListener('pagehide', hangUp);

// Used by end-to-end tests to check that audio really flows.
(window as unknown as { __customerDebug: unknown }).__customerDebug = {
  async stats(): Promise<AudioStats | null> {
    const pc = peerConnectionOf(session) ?? lastPeerConnection;
    if (!pc) return null;
    const out: AudioStats = { bytesReceived: 0, totalAudioEnergy: 0, bytesSent: 0 };
    (await pc.getStats()).forEach((r: Record<string, unknown>) => {
      if (r.kind !== 'audio') return;
      if (r.type === 'inbound-rtp') {
        out.bytesReceived += Number(r.bytesReceived ?? 0);
        out.totalAudioEnergy += Number(r.totalAudioEnergy ?? 0);
      } else if (r.type === 'outbound-rtp') {
        out.bytesSent += Number(r.bytesSent ?? 0);
      }
    });
    return out;
  },
  async videoStats() {
    const pc = peerConnectionOf(session) ?? lastPeerConnection;
    return pc ? readVideoStats(await pc.getStats()) : null;
  },
  cameraLabel: () => video.cameraLabel(),
  /** The SDP of both sides (codec checks). */
  sdp() {
    const pc = peerConnectionOf(session) ?? lastPeerConnection;
    return pc ? { local: pc.localDescription?.sdp ?? '', remote: pc.remoteDescription?.sdp ?? '' } : null;
  },
};
