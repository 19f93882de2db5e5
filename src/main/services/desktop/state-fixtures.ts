// AppState builders for the desktop services' unit tests (test-only helper).
import { initialAppState, type AppState, type CallInfo } from '../../../shared/contract.js';

export const signedIn = (over: Partial<AppState> = {}): AppState => ({
  ...initialAppState(),
  session: { login: 'alice', displayName: 'Alice', role: 'agent', companionUrl: 'http://127.0.0.1:7400', sipUri: 'sip:alice@softphone.test' },
  registration: { state: 'registered', reason: null },
  agentStatus: 'Available',
  ...over,
});

export const call = (over: Partial<CallInfo> = {}): CallInfo => ({
  callId: 'c1',
  direction: 'inbound',
  phase: 'ringing',
  remoteUri: 'sip:+81312345678@softphone.test',
  customerName: 'Taro Yamada',
  customerNumber: '+81312345678',
  queue: 'Support',
  callType: 'normal',
  channel: 'phone',
  conversationId: null,
  startedAt: 1,
  answeredAt: null,
  endedAt: null,
  held: false,
  muted: false,
  endReason: null,
  ...over,
});

export const withCall = (over: Partial<CallInfo> = {}, state: Partial<AppState> = {}): AppState =>
  signedIn({ agentStatus: 'Busy', call: call(over), ...state });

export const inWrapUp = (): AppState =>
  signedIn({ agentStatus: 'Busy', call: call({ phase: 'ended', endedAt: 5 }), wrapUp: { callId: 'c1', conversationId: null, endsAt: 99, canExtend: true } });
