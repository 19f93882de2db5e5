// The web host: the main-process services in a plain Node process, with the renderer served over HTTP and
// the bridge carried by a same-origin WebSocket (/bridge). Used by `npm run web`, the e2e tests, and as
// the fallback when no Electron binary exists. Signalling lives here, so a page reload changes nothing
// for SIP: sockets come and go, the engine stays registered.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { createDispatcher, EventHub } from '../../shared/bridge.js';
import {
  ClientMessageSchema,
  WS_BRIDGE_MAX_MESSAGE_BYTES,
  WS_BRIDGE_PATH,
  type HostMessage,
} from '../../shared/ws-bridge-protocol.js';
import { consoleLogger, type Clock, type Logger } from '../ports.js';
import { createSoftphoneService, type SoftphoneService } from '../services/app.js';
import { confSettingsPort } from '../services/desktop/conf-settings.js';
import { DesktopBridge } from '../services/desktop/desktop-bridge.js';
import { memorySettingsPort, startHeadlessDesktop } from '../services/desktop/headless-desktop.js';
import type { SipOverrides } from '../services/sip/sip-config.js';
import { contentSecurityPolicy, securityHeaders, serveStatic } from './static-files.js';

export const DEFAULT_STATIC_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'dist', 'renderer');
const HEARTBEAT_MS = 30_000;
/** A socket that does not read its events (8 MB queued) is dropped rather than growing memory. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface WebHostOptions {
  host?: string;
  port?: number;
  companionUrl: string;
  staticDir?: string;
  logger?: Logger;
  clock?: Clock;
  /** Media request timeout override (tests). */
  mediaTimeoutMs?: number;
  /** Local recording cache directory (records calls per the server's policy when set). */
  recordingDir?: string;
  /** Where the desktop settings and the agent's engine options (auto-answer) persist; none = memory only. */
  dataDir?: string;
  /** Fallback SIP servers and outbound proxy of this installation. */
  sip?: SipOverrides;
}

export interface WebHost {
  url: string;
  /** Un-REGISTERs (bounded), then closes every socket and the HTTP server. */
  close(): Promise<void>;
  service: SoftphoneService;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const isWildcard = (h: string) => h === '0.0.0.0' || h === '::';
const hostForUrl = (h: string) => (isWildcard(h) ? '127.0.0.1' : h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);

/** Host header values under which this server may be addressed (guards against DNS rebinding). */
function allowedHosts(host: string, port: number): Set<string> | null {
  if (isWildcard(host)) return null; // listening everywhere: any name may be right
  const names = new Set([hostForUrl(host)]);
  if (LOOPBACK_NAMES.includes(hostForUrl(host)) || host === '::1') for (const n of LOOPBACK_NAMES) names.add(n);
  return new Set([...names].map((n) => `${n}:${port}`.toLowerCase()));
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const bindHost = options.host ?? '127.0.0.1';
  const staticDir = path.resolve(options.staticDir ?? DEFAULT_STATIC_DIR);
  const logger = options.logger ?? consoleLogger('web-host');
  const hub = new EventHub();
  const desktopBridge = new DesktopBridge();
  const service = createSoftphoneService({
    hub,
    desktop: desktopBridge,
    defaultCompanionUrl: options.companionUrl,
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.mediaTimeoutMs ? { mediaTimeoutMs: options.mediaTimeoutMs } : {}),
    ...(options.recordingDir ? { recordingDir: options.recordingDir } : {}),
    ...(options.dataDir ? { enginePrefs: confSettingsPort(options.dataDir, 'engine-settings') } : {}),
    ...(options.sip ? { sip: options.sip } : {}),
  });
  const dispatch = createDispatcher(service.handlers);
  // Desktop settings and click-to-dial on the installed app's code, with OS ports that do nothing.
  const desktop = startHeadlessDesktop({
    hub,
    dispatch,
    getState: service.getState,
    settings: options.dataDir ? confSettingsPort(options.dataDir) : memorySettingsPort(),
    log: logger,
  });
  desktopBridge.bind(desktop.desktop);

  let port = 0;
  let hosts: Set<string> | null = null;
  const hostAllowed = (req: IncomingMessage) => {
    const h = (req.headers.host ?? '').toLowerCase();
    return h !== '' && (hosts === null || hosts.has(h));
  };

  const server = createServer((req, res) => {
    if (!hostAllowed(req)) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Misdirected Request');
      return;
    }
    const headers = securityHeaders(contentSecurityPolicy(`ws://${req.headers.host}`));
    serveStatic(req, res, staticDir, headers).catch((err: unknown) => {
      logger.error('static file error', err);
      if (!res.headersSent) res.writeHead(500, headers);
      res.end();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_BRIDGE_MAX_MESSAGE_BYTES });
  const sockets = new Map<WebSocket, string>();
  const alive = new WeakMap<WebSocket, boolean>();
  let nextSocket = 1;

  const send = (ws: WebSocket, msg: HostMessage) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      logger.warn('dropping a bridge socket that does not read its messages');
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(msg));
  };

  const detachHub = hub.attach((event, payload) => {
    const host = service.mediaHost();
    const text = JSON.stringify({ t: 'event', event, payload } satisfies HostMessage);
    for (const [ws, id] of sockets) {
      // Media work goes to the one renderer that serves media; until one announced itself, to all.
      if (event === 'mediaRequest' && host !== null && id !== host) continue;
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.terminate();
        continue;
      }
      ws.send(text);
    }
  });

  const onMessage = async (ws: WebSocket, senderId: string, data: RawData, isBinary: boolean) => {
    const fail = (id: number, code: string, message: string) =>
      send(ws, { t: 'result', id, envelope: { ok: false, error: { code, message } } });
    if (isBinary) return fail(-1, 'bad_message', 'Binary messages are not part of the bridge protocol.');
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      return fail(-1, 'bad_message', 'The message is not valid JSON.');
    }
    const parsed = ClientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      return fail(typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : -1, 'bad_message', 'The message does not follow the bridge protocol.');
    }
    const { id, method, args } = parsed.data;
    const envelope = await dispatch(method, args, { senderId });
    send(ws, { t: 'result', id, envelope });
  };

  wss.on('connection', (ws: WebSocket) => {
    const senderId = `ws-${nextSocket++}`;
    sockets.set(ws, senderId);
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', (data, isBinary) => {
      onMessage(ws, senderId, data, isBinary).catch((err: unknown) => logger.error('bridge message failed', err));
    });
    ws.on('error', (err) => logger.warn(`bridge socket error: ${err.message}`));
    ws.on('close', () => {
      sockets.delete(ws);
      service.detachSender(senderId);
    });
    // A new page (or a reloaded one) sees the current state at once.
    send(ws, { t: 'event', event: 'state', payload: service.getState() });
  });

  const refuse = (socket: Duplex, status: number, text: string) => {
    if (socket.writable) socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname !== WS_BRIDGE_PATH) return refuse(socket, 404, 'Not Found');
    // Only pages of this very origin may drive the softphone (no other site, no other local port).
    const origin = req.headers.origin;
    if (!hostAllowed(req) || !origin || origin.toLowerCase() !== `http://${(req.headers.host ?? '').toLowerCase()}`) {
      return refuse(socket, 403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const heartbeat = setInterval(() => {
    for (const ws of sockets.keys()) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(bindHost, port);
  const url = `http://${hostForUrl(bindHost)}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    service,
    close: () =>
      (closing ??= (async () => {
        clearInterval(heartbeat);
        desktop.dispose();
        await service.dispose();
        detachHub();
        for (const ws of sockets.keys()) ws.terminate();
        sockets.clear();
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })()),
  };
}
