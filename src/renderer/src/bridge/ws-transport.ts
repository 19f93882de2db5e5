// The web host's transport: the bridge envelopes over a same-origin WebSocket (/bridge), with automatic
// reconnect. Event listeners live here, not on the socket, so they survive every reconnect.
import type { BridgeTransport } from '../../../shared/bridge.js';
import type { Envelope } from '../../../shared/contract.js';
import { HostMessageSchema, WS_BRIDGE_MAX_MESSAGE_BYTES, type ClientMessage } from '../../../shared/ws-bridge-protocol.js';

export type ConnectionStatus = 'open' | 'connecting';

/** The subset of the DOM WebSocket we use, so tests can pass the `ws` package's client. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: any) => void) | null;
  onclose: ((ev: any) => void) | null;
  onerror: ((ev: any) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type SocketFactory = (url: string) => SocketLike;

export interface WsTransportOptions {
  url: string;
  createSocket?: SocketFactory;
  /** First reconnect delay; doubles up to maxDelayMs (with jitter). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** How long a call made while disconnected waits for the connection before failing. */
  connectWaitMs?: number;
}

export interface WsTransport extends BridgeTransport {
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}

const OPEN = 1;

export const disconnectedEnvelope = (message: string): Envelope<never> => ({ ok: false, error: { code: 'disconnected', message } });

/** Delay before reconnect attempt `attempt` (0-based): exponential, capped, with ±25 % jitter. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 20));
  return Math.round(base * (0.75 + random() * 0.5));
}

export function createWsTransport(options: WsTransportOptions): WsTransport {
  const createSocket: SocketFactory = options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  const initialDelayMs = options.initialDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  const connectWaitMs = options.connectWaitMs ?? 15_000;

  const eventListeners = new Set<(event: string, payload: unknown) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const pending = new Map<number, (env: Envelope<unknown>) => void>();
  const openWaiters = new Set<() => void>();
  let socket: SocketLike | null = null;
  let current: ConnectionStatus = 'connecting';
  let attempt = 0;
  let nextId = 1;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const setStatus = (s: ConnectionStatus) => {
    if (s === current) return;
    current = s;
    for (const l of [...statusListeners]) l(s);
  };

  const failPending = (message: string) => {
    for (const resolve of pending.values()) resolve(disconnectedEnvelope(message));
    pending.clear();
  };

  const onMessage = (data: unknown) => {
    if (typeof data !== 'string') return;
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return; // Not ours; a broken frame must not break the UI.
    }
    const parsed = HostMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.t === 'result') {
      const resolve = pending.get(msg.id);
      if (!resolve) return;
      pending.delete(msg.id);
      resolve(msg.envelope as Envelope<unknown>);
      return;
    }
    for (const l of [...eventListeners]) {
      try {
        l(msg.event, msg.payload);
      } catch (err) {
        console.error('bridge event listener failed', err);
      }
    }
  };

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    const delay = backoffDelay(attempt++, initialDelayMs, maxDelayMs);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect();
    }, delay);
  };

  function connect() {
    if (closed) return;
    let s: SocketLike;
    try {
      s = createSocket(options.url);
    } catch (err) {
      console.warn('bridge socket could not be created', err);
      scheduleReconnect();
      return;
    }
    socket = s;
    s.onopen = () => {
      if (socket !== s) return;
      attempt = 0;
      setStatus('open');
      for (const w of [...openWaiters]) w();
    };
    s.onmessage = (ev) => {
      if (socket === s) onMessage(ev.data);
    };
    s.onerror = () => {
      // 'close' follows; reconnect is handled there.
    };
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      failPending('The connection to the softphone service was lost.');
      setStatus('connecting');
      scheduleReconnect();
    };
  }

  const waitOpen = (): Promise<boolean> => {
    if (socket && socket.readyState === OPEN && current === 'open') return Promise.resolve(true);
    if (closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        openWaiters.delete(onOpen);
        resolve(ok);
      };
      const onOpen = () => done(true);
      const timer = setTimeout(() => done(false), connectWaitMs);
      openWaiters.add(onOpen);
    });
  };

  connect();

  return {
    async invoke(method, args) {
      if (!(await waitOpen()) || !socket) return disconnectedEnvelope('The softphone service is not reachable.');
      const id = nextId++;
      const message: ClientMessage = { t: 'invoke', id, method, args };
      let text: string;
      try {
        text = JSON.stringify(message);
      } catch (err) {
        return { ok: false, error: { code: 'invalid_arguments', message: `${method}: arguments are not serialisable` } };
      }
      if (new TextEncoder().encode(text).byteLength > WS_BRIDGE_MAX_MESSAGE_BYTES) {
        return { ok: false, error: { code: 'too_large', message: `${method}: message too large` } };
      }
      const sock = socket;
      return new Promise<Envelope<unknown>>((resolve) => {
        pending.set(id, resolve);
        try {
          sock.send(text);
        } catch {
          pending.delete(id);
          resolve(disconnectedEnvelope('The connection to the softphone service was lost.'));
        }
      });
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    status: () => current,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      const s = socket;
      socket = null;
      failPending('The bridge was closed.');
      for (const w of [...openWaiters]) w();
      s?.close();
    },
  };
}
