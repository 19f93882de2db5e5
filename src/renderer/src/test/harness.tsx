// Component-test harness: the real App over the FAKE bridge transport (real dispatcher + zod validation),
// with scripted handlers and an EventHub the test drives.
import { act, cleanup, render, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, vi, type Mock } from 'vitest';
import { createDispatcher, createFakeTransport, EventHub, type BridgeHandlers } from '../../../shared/bridge.js';
import { BridgeError, initialAppState, METHOD_NAMES, type AppState, type CallInfo, type EventName, type EventPayload } from '../../../shared/contract.js';
import { App } from '../app/App.js';
import { AppProvider, type AppServices } from '../app/context.js';
import { createStaticConnection } from '../bridge/connect.js';
import type { Locale } from '../i18n/i18n.js';
import { createAppStore, type AppStore } from '../store/store.js';
import { syncStoreWithBridge } from '../store/sync.js';
import { createFakeDevices, type FakeDevices } from './fake-devices.js';

// Without vitest globals RTL does not flag the environment itself; React then warns about act().
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export type HandlerMocks = { [M in keyof BridgeHandlers]: Mock<BridgeHandlers[M]> };

export const SESSION = {
  login: 'alice',
  displayName: 'Alice Example',
  role: 'agent' as const,
  companionUrl: 'http://127.0.0.1:7400',
  sipUri: 'sip:alice@softphone.test',
};

export function signedInState(patch: Partial<AppState> = {}): AppState {
  return {
    ...initialAppState(),
    session: SESSION,
    registration: { state: 'registered', reason: null },
    agentStatus: 'Available',
    ...patch,
  };
}

export function makeCall(patch: Partial<CallInfo> = {}): CallInfo {
  return {
    callId: 'call-1',
    direction: 'inbound',
    phase: 'ringing',
    remoteUri: 'sip:+15551234567@softphone.test',
    customerName: null,
    customerNumber: '+15551234567',
    queue: 'support',
    callType: 'normal',
    channel: 'phone',
    conversationId: 'conv-1',
    startedAt: Date.now(),
    answeredAt: null,
    endedAt: null,
    held: false,
    muted: false,
    endReason: null,
    ...patch,
  };
}

export interface Harness {
  hub: EventHub;
  handlers: HandlerMocks;
  store: AppStore;
  ringer: { start: Mock<() => void>; stop: Mock<() => void> };
  devices: FakeDevices;
  user: ReturnType<typeof userEvent.setup>;
  view: RenderResult;
  /** Current state as main would report it; `emitState` updates it and sends a `state` event. */
  state(): AppState;
  emitState(patch: Partial<AppState>): Promise<void>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): Promise<void>;
  unmount(): void;
}

export interface HarnessOptions {
  state?: AppState;
  handlers?: Partial<BridgeHandlers>;
  locale?: Locale;
  devices?: FakeDevices;
  /** Video of the call and video effects (issue 8 component tests). */
  extra?: Pick<AppServices, 'video' | 'effects'>;
}

/** Harnesses rendered and not unmounted yet (cleanupAfterEach unmounts them). */
const live = new Set<Harness>();

/**
 * Registers the usual teardown after each test: unmount every harness it rendered, RTL's cleanup, then
 * `extra` (module state such as a store's reset), then browser storage.
 */
export function cleanupAfterEach(extra?: () => void): void {
  afterEach(() => {
    for (const h of [...live]) h.unmount();
    cleanup();
    extra?.();
    localStorage.clear();
    sessionStorage.clear();
  });
}

export function renderApp(options: HarnessOptions = {}): Harness {
  let current: AppState = options.state ?? initialAppState();
  const hub = new EventHub();
  const base = Object.fromEntries(METHOD_NAMES.map((m) => [m, vi.fn(async () => undefined)])) as unknown as HandlerMocks;
  base.getState = vi.fn(() => current);
  base.dial = vi.fn(() => ({ callId: 'out-1' }));
  base.signIn = vi.fn(() => current);
  // Companion proxy (issue 5): empty lists and "new" by default, so screens that read them render quietly.
  base.myConversations = vi.fn(() => ({ conversations: [] }));
  base.transferTargets = vi.fn(() => ({ agents: [], queues: [] }));
  base.searchPeople = vi.fn(() => ({ people: [] }));
  base.accountNumbers = vi.fn(() => ({ numbers: [] }));
  base.myQueues = vi.fn(() => ({ queues: [] }));
  base.outboundCheck = vi.fn(() => ({ outcome: 'new' as const }));
  base.conversation = vi.fn(() => {
    throw new BridgeError('not_found', 'There is no such conversation.');
  });
  for (const [name, impl] of Object.entries(options.handlers ?? {})) {
    (base as Record<string, unknown>)[name] = vi.fn(impl as (...a: unknown[]) => unknown);
  }
  const handlers = base;
  const connection = createStaticConnection(createFakeTransport(createDispatcher(handlers as unknown as BridgeHandlers), hub));
  const store = createAppStore({ storage: window.localStorage, defaultLocale: options.locale ?? 'en', initialConnection: 'open' });
  syncStoreWithBridge(store, connection);
  const ringer = { start: vi.fn<() => void>(), stop: vi.fn<() => void>() };
  const devices = options.devices ?? createFakeDevices();
  const services: AppServices = { store, api: connection.api, ringer, drafts: window.sessionStorage, devices, ...options.extra };
  const ui = () => (
    <AppProvider services={services}>
      <App />
    </AppProvider>
  );
  const view = render(ui());
  const emit = async <E extends EventName>(event: E, payload: EventPayload<E>) => {
    await act(async () => {
      hub.emit(event, payload);
    });
  };
  const harness: Harness = {
    hub,
    handlers,
    store,
    ringer,
    devices,
    user: userEvent.setup(),
    view,
    state: () => current,
    emitState: async (patch) => {
      current = { ...current, ...patch };
      await emit('state', current);
    },
    emit,
    unmount: () => {
      live.delete(harness);
      view.unmount();
      store.dispose();
    },
  };
  live.add(harness);
  return harness;
}
