// Feeds the store from the bridge: getState at start and after every reconnect, then `state` and
// `notice` events. A getState answer older than a state event is ignored so it cannot roll state back.
import { BridgeError } from '../../../shared/contract.js';
import type { BridgeConnection } from '../bridge/connect.js';
import type { AppStore } from './store.js';
import { syncDesktop } from '../features/desktop/desktop-sync.js';

export function syncStoreWithBridge(store: AppStore, connection: BridgeConnection): () => void {
  const { api } = connection;
  const offs = [
    api.on('state', (s) => store.setApp(s)),
    api.on('notice', (n) => {
      store.addNotice(n);
    }),
    connection.onStatus((s) => store.setConnection(s)),
    // Click-to-dial requests and the UI language for the tray/notifications (issue 6).
    syncDesktop(store, connection),
  ];
  store.setConnection(connection.status());
  offs.push(
    connection.whenConnected(() => {
      const since = store.getSnapshot().version;
      api.getState({}).then(
        (s) => store.setAppIfUnchanged(s, since),
        (err: unknown) => {
          // A drop during the call is retried by the next reconnect; nothing to tell the agent.
          if (err instanceof BridgeError && err.code === 'disconnected') return;
          const message = err instanceof Error ? err.message : String(err);
          store.addNotice({ level: 'error', code: 'get_state_failed', message });
        },
      );
    }),
  );
  return () => {
    for (const off of offs) off();
  };
}
