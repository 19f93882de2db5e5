// The reference for the ring-latency benchmark: a bare SIP.js UserAgent in a page, no UI framework, no
// bridge, no engine. It registers and records the wall-clock time each INVITE reaches its delegate.
import { Registerer, UserAgent, type SessionDescriptionHandler } from 'sip.js';

declare global { interface Window { __ring: number[]; __registered: boolean } }
window.__ring = [];
window.__registered = false;

const q = new URLSearchParams(location.search);
const sdh = (): SessionDescriptionHandler => ({
  getDescription: async () => ({ body: 'v=0\r\n', contentType: 'application/sdp' }),
  setDescription: async () => undefined, hasDescription: () => true, sendDtmf: () => true,
  close: () => undefined, rollbackDescription: async () => undefined,
});
const ua = new UserAgent({
  uri: UserAgent.makeURI(`sip:${q.get('user')}@${q.get('domain')}`)!,
  transportOptions: { server: q.get('ws')! },
  authorizationUsername: q.get('user')!, authorizationPassword: q.get('password')!,
  logLevel: 'error', sessionDescriptionHandlerFactory: sdh,
  delegate: { onInvite: () => { window.__ring.push(Date.now()); } },
});
await ua.start();
const reg = new Registerer(ua);
reg.stateChange.addListener((s) => { window.__registered = s === 'Registered'; });
await reg.register();
