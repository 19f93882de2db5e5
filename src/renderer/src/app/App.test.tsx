// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createBridgeClient, createDispatcher, createFakeTransport, EventHub, type BridgeHandlers } from '../../../shared/bridge.js';
import { initialAppState, METHOD_NAMES } from '../../../shared/contract.js';
import type { BridgeConnection } from '../bridge/connect.js';
import type { ConnectionStatus } from '../bridge/ws-transport.js';
import { silentRinger } from '../media/ringer.js';
import { createAppStore } from '../store/store.js';
import { syncStoreWithBridge } from '../store/sync.js';
import { App } from './App.js';
import { AppProvider } from './context.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  cleanup();
  localStorage.clear();
});

/** A connection whose up/down the test controls, to check the banner and the re-sync on reconnect. */
function controllableConnection() {
  const hub = new EventHub();
  let getStateCalls = 0;
  const handlers = Object.fromEntries(METHOD_NAMES.map((m) => [m, async () => undefined])) as unknown as BridgeHandlers;
  handlers.getState = () => {
    getStateCalls++;
    return { ...initialAppState(), agentStatus: getStateCalls > 1 ? 'Away' : 'Offline' };
  };
  const api = createBridgeClient(createFakeTransport(createDispatcher(handlers), hub));
  let status: ConnectionStatus = 'connecting';
  const statusListeners = new Set<(s: ConnectionStatus) => void>();
  const connection: BridgeConnection = {
    api,
    kind: 'static',
    status: () => status,
    onStatus: (l) => {
      statusListeners.add(l);
      return () => statusListeners.delete(l);
    },
    whenConnected: (fn) => {
      if (status === 'open') fn();
      const l = (s: ConnectionStatus) => s === 'open' && fn();
      statusListeners.add(l);
      return () => statusListeners.delete(l);
    },
    close: () => undefined,
  };
  const set = (s: ConnectionStatus) =>
    act(async () => {
      status = s;
      for (const l of [...statusListeners]) l(s);
    });
  return { connection, set, getStateCalls: () => getStateCalls };
}

describe('app shell', () => {
  it('shows the connecting banner while the service is down and re-syncs state on reconnect', async () => {
    const { connection, set, getStateCalls } = controllableConnection();
    const store = createAppStore();
    syncStoreWithBridge(store, connection);
    render(
      <AppProvider services={{ store, api: connection.api, ringer: silentRinger, drafts: null }}>
        <App />
      </AppProvider>,
    );
    expect(screen.getByRole('status').textContent).toBe('Connecting to the softphone service…');
    expect(screen.getByText('Loading…')).toBeTruthy();
    await set('open');
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.queryByText('Connecting to the softphone service…')).toBeNull();
    await set('connecting');
    expect(await screen.findByText('Connecting to the softphone service…')).toBeTruthy();
    await set('open');
    await screen.findByRole('button', { name: 'Sign in' });
    expect(getStateCalls()).toBe(2);
    expect(store.getSnapshot().app.agentStatus).toBe('Away');
    store.dispose();
  });
});
