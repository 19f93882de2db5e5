// Picks the bridge transport: Electron's preload (window.softphone) when present, otherwise the web host's
// same-origin WebSocket. Everything above this file sees one typed API plus a connection status.
import { createBridgeClient, type BridgeTransport, type SoftphoneApi } from '../../../shared/bridge.js';
import { WS_BRIDGE_PATH } from '../../../shared/ws-bridge-protocol.js';
import { createWsTransport, type ConnectionStatus, type SocketFactory } from './ws-transport.js';

export type { ConnectionStatus } from './ws-transport.js';

export interface BridgeConnection {
  api: SoftphoneApi;
  kind: 'electron' | 'websocket' | 'static';
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Runs `fn` now if connected and again after every reconnect (to re-sync state, re-announce media). */
  whenConnected(fn: () => void): () => void;
  close(): void;
}

function isBridgeTransport(value: unknown): value is BridgeTransport {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.invoke === 'function' && typeof v.subscribe === 'function';
}

/** A connection that is always up: Electron IPC, and the fake transport in component tests. */
export function createStaticConnection(transport: BridgeTransport, kind: 'electron' | 'static' = 'static'): BridgeConnection {
  return {
    api: createBridgeClient(transport),
    kind,
    status: () => 'open',
    onStatus: () => () => undefined,
    whenConnected(fn) {
      fn();
      return () => undefined;
    },
    close: () => undefined,
  };
}

export function bridgeUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_BRIDGE_PATH}`;
}

export function createWebSocketConnection(url: string, createSocket?: SocketFactory): BridgeConnection {
  const transport = createWsTransport(createSocket ? { url, createSocket } : { url });
  return {
    api: createBridgeClient(transport),
    kind: 'websocket',
    status: transport.status,
    onStatus: transport.onStatus,
    whenConnected(fn) {
      if (transport.status() === 'open') fn();
      return transport.onStatus((s) => {
        if (s === 'open') fn();
      });
    },
    close: transport.close,
  };
}

export function connectBridge(win: Window): BridgeConnection {
  const preload = (win as unknown as { softphone?: unknown }).softphone;
  if (preload !== undefined) {
    if (isBridgeTransport(preload)) return createStaticConnection(preload, 'electron');
    console.error('window.softphone is present but is not a bridge transport; falling back to the WebSocket bridge');
  }
  return createWebSocketConnection(bridgeUrl(win.location));
}
