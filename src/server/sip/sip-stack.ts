// One instance of the `sip` package's stack (its own transaction layer), with SIP over WebSocket served
// on OUR HTTP server: the package's WebSocket listener is created in noServer mode and handed upgrades for
// /sip, so the API and SIP share one port (and one TLS setup later). Several stacks may live in one process.
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type * as SipModule from 'sip';
import type { Flow, Message, NameAddr, Stack, Uri } from 'sip';

const require = createRequire(import.meta.url);
// `require` gives the live CommonJS object (an ESM namespace import would be a snapshot).
export const sip = require('sip') as typeof SipModule;

/** Max SIP-over-WebSocket frame: generous for SDP with many candidates, small enough to bound memory. */
const WS_MAX_PAYLOAD = 256 * 1024;

interface WsLike {
  _socket: { remoteAddress?: string; remotePort?: number; address(): { address: string; port: number } };
  readyState: number;
  send(data: unknown, cb?: (err?: Error) => void): void;
  on(ev: string, fn: (...a: unknown[]) => void): void;
  terminate(): void;
}
const WS_OPEN = 1;
interface WsServerLike {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, cb: (ws: WsLike) => void): void;
  emit(ev: string, ...args: unknown[]): boolean;
  close(cb?: () => void): void;
  clients: Set<WsLike>;
}

// The `sip` package does `new WebSocket.Server({port: options.ws_port})` with ITS copy of `ws`. We replace
// that class once by a subclass which, when the "port" is one of our capture keys, builds a noServer
// instance and hands it to us; any other use behaves exactly like the original.
const captures = new Map<string, (server: WsServerLike) => void>();
(function patchSipWebSocketServer() {
  const wsPath = require.resolve('ws', { paths: [path.dirname(require.resolve('sip'))] });
  const WS = require(wsPath) as { Server: new (opts: Record<string, unknown>, cb?: () => void) => WsServerLike; __companionPatched?: boolean };
  if (WS.__companionPatched) return;
  const Original = WS.Server as unknown as new (opts: Record<string, unknown>, cb?: () => void) => object;
  class CapturingServer extends Original {
    constructor(opts: Record<string, unknown>, cb?: () => void) {
      const capture = typeof opts?.port === 'string' ? captures.get(opts.port) : undefined;
      if (!capture) { super(opts, cb); return; }
      super({
        noServer: true,
        maxPayload: WS_MAX_PAYLOAD,
        // RFC 7118: the subprotocol is "sip"; browsers fail the handshake unless it is echoed.
        handleProtocols: (protocols: string[]) => (protocols.includes('sip') ? 'sip' : false),
      });
      capture(this as unknown as WsServerLike);
    }
  }
  WS.Server = CapturingServer as unknown as typeof WS.Server;
  WS.__companionPatched = true;
})();

/**
 * The `sip` package creates its UDP socket and TCP server without 'error' listeners, so a bind or send
 * error would crash the process. While it builds its transports, hand out sockets that have one.
 */
function withErrorListeners<T>(onError: (e: unknown) => void, build: () => T): T {
  const dgram = require('node:dgram') as typeof import('node:dgram');
  const net = require('node:net') as typeof import('node:net');
  const { createSocket } = dgram;
  const { createServer } = net;
  (dgram as { createSocket: unknown }).createSocket = (...args: Parameters<typeof createSocket>) => {
    const sock = createSocket(...args);
    sock.on('error', onError);
    return sock;
  };
  (net as { createServer: unknown }).createServer = (...args: Parameters<typeof createServer>) => {
    const srv = createServer(...args);
    srv.on('error', onError);
    return srv;
  };
  try {
    return build();
  } finally {
    (dgram as { createSocket: unknown }).createSocket = createSocket;
    (net as { createServer: unknown }).createServer = createServer;
  }
}

export interface SipStackOptions {
  /** Interface for the optional UDP/TCP listeners. */
  host: string;
  /** UDP+TCP SIP port; undefined = WebSocket only. */
  udpTcpPort?: number;
  onRequest: (rq: Message, flow: Flow) => void;
  onFlowClosed: (flowKey: string) => void;
  log: (level: 'debug' | 'warn' | 'error', msg: string, err?: unknown) => void;
  trace?: boolean;
}

/** Host name of our own flow-token URIs; `.invalid` so it never collides with a real host. */
export const FLOW_HOST = 'companion.invalid';

export const flowKey = (f: Flow): string => [f.address, f.port, f.local.address, f.local.port].join();

export class SipStack {
  readonly stack: Stack;
  private wss!: WsServerLike;

  constructor(private readonly opts: SipStackOptions) {
    const key = `companion-capture:${randomUUID()}`;
    captures.set(key, (server) => { this.wss = server; });
    try {
      this.stack = withErrorListeners((e) => opts.log('warn', 'SIP socket error', e), () => sip.create({
        address: opts.host,
        port: opts.udpTcpPort,
        udp: opts.udpTcpPort !== undefined,
        tcp: opts.udpTcpPort !== undefined,
        ws_port: key,
        publicAddress: FLOW_HOST,
        maxBytesHeaders: 16 * 1024,
        maxContentLength: 128 * 1024,
        logger: {
          error: (e: unknown) => opts.log('warn', 'SIP stack error', e),
          ...(opts.trace ? {
            send: (m: Message) => opts.log('debug', `>> ${sip.stringify(m)}`),
            recv: (m: Message) => opts.log('debug', `<< ${sip.stringify(m)}`),
          } : {}),
        },
      }, (rq, flow) => opts.onRequest(rq, flow)));
    } finally {
      captures.delete(key);
    }
    if (!this.wss) throw new Error('SIP WebSocket listener was not created (is the `sip` package version 0.0.6?)');
  }

  /** Takes over an HTTP upgrade request for the SIP WebSocket path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // ws@6 emits 'error' on protocol violations; without a listener that would crash the process.
      ws.on('error', (e) => this.opts.log('debug', 'SIP WebSocket error', e));
      // ws@6 throws when sending on a closed socket, and the `sip` package sends from its retransmission
      // timers (e.g. a final response the caller never ACKed before disconnecting): that would be an
      // uncaught exception. A message to a closed connection is simply lost, as on any dead transport.
      const send = ws.send.bind(ws);
      ws.send = (data, cb) => {
        if (ws.readyState !== WS_OPEN) { cb?.(new Error('SIP WebSocket is closed')); return; }
        try { send(data, cb); } catch (e) { this.opts.log('debug', 'SIP WebSocket send failed', e); }
      };
      const local = ws._socket.address();
      const key = [ws._socket.remoteAddress, ws._socket.remotePort, local.address, local.port].join();
      ws.on('close', () => this.opts.onFlowClosed(key));
      this.wss.emit('connection', ws, req);
    });
  }

  send(m: Message, callback?: (rs: Message) => void): void {
    // Callbacks also run from the library's timers (e.g. a 408 on timeout), where a throw would be uncaught.
    this.stack.send(m, callback && ((rs) => {
      try { callback(rs); } catch (e) { this.opts.log('error', 'SIP response handler failed', e); }
    }));
  }

  /** Record-Route / Route entry that leads back to `flow` through this stack (RFC 5626 style flow token). */
  flowRoute(flow: Flow): NameAddr {
    const uri = this.stack.encodeFlowUri(flow);
    uri.params = { lr: null };
    return { uri, params: {} };
  }

  /** The flow a Route/Record-Route URI of ours points to (undefined if not ours or forged). */
  flowOf(uri: string | Uri): Flow | undefined {
    const u = sip.parseUri(uri);
    if (!u || u.host !== FLOW_HOST || !u.user) return undefined;
    try { return this.stack.decodeFlowUri(u); } catch { return undefined; }
  }

  isOurs(uri: string | Uri): boolean {
    return sip.parseUri(uri)?.host === FLOW_HOST;
  }

  flowToken(flow: Flow): string {
    return this.stack.encodeFlowUri(flow).user ?? '';
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.stack.destroy();
  }
}
