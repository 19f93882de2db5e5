// The reference for the answer-to-audio benchmark: bare SIP.js pages with sip.js's own web media handler, no
// UI framework, no bridge, no engine. `?role=agent` registers and answers when told (`__answer()`), recording
// the moment; `?role=caller` calls the queue unregistered (`__call()`), as the customer page does.
import { Inviter, Registerer, SessionState, UserAgent, type Invitation, type Session } from 'sip.js';

declare global {
  interface Window {
    __registered: boolean; __ringing: boolean; __established: boolean; __answerAt: number | undefined;
    __answer(): void; __call(): void; __hangup(): void;
  }
}
const q = new URLSearchParams(location.search);
const AUDIO_ONLY = { constraints: { audio: true, video: false } };
Object.assign(window, { __registered: false, __ringing: false, __established: false, __answerAt: undefined });

let pending: Invitation | undefined;
let session: Session | undefined;
const track = (s: Session) => {
  session = s;
  s.stateChange.addListener((state) => {
    window.__established = state === SessionState.Established;
    if (state === SessionState.Terminated && session === s) session = undefined;
  });
};

const ua = new UserAgent({
  uri: UserAgent.makeURI(`sip:${q.get('user')}@${q.get('domain')}`)!,
  transportOptions: { server: q.get('ws')! },
  authorizationUsername: q.get('user')!, authorizationPassword: q.get('password') ?? '',
  logLevel: 'error',
  // The same media settings as the customer page and the agent engine: loopback, no STUN.
  sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 1000 },
  delegate: {
    onInvite: (inv) => {
      pending = inv;
      window.__ringing = true;
      inv.stateChange.addListener((s) => { if (s === SessionState.Terminated) { window.__ringing = false; if (pending === inv) pending = undefined; } });
    },
  },
});

window.__answer = () => {
  const inv = pending;
  if (!inv) throw new Error('nothing to answer');
  pending = undefined;
  window.__ringing = false;
  window.__answerAt = Date.now();
  track(inv);
  void inv.accept({ sessionDescriptionHandlerOptions: AUDIO_ONLY });
};
window.__call = () => {
  const inviter = new Inviter(ua, UserAgent.makeURI(`sip:${q.get('queue') ?? 'support'}@${q.get('domain')}`)!, { sessionDescriptionHandlerOptions: AUDIO_ONLY });
  track(inviter);
  void inviter.invite();
};
window.__hangup = () => {
  const s = session;
  if (s?.state === SessionState.Established) void s.bye();
  else if (s instanceof Inviter) void s.cancel();
};

await ua.start();
if (q.get('role') === 'agent') {
  const reg = new Registerer(ua);
  reg.stateChange.addListener((s) => { window.__registered = s === 'Registered'; });
  await reg.register();
}
