// WebSocket `GET /api/events?token=…&cursor=N`: replays the account's events after the cursor, then
// streams live ones. Subscribes BEFORE reading the backlog so nothing falls in between.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { ServerEvent } from '../../shared/companion-api.js';
import type { UsersRepo } from '../accounts/users-repo.js';
import type { TokenSigner } from '../auth/tokens.js';
import { bearerToken, userForToken } from '../http/auth.js';
import type { EventLog } from './event-log.js';

const QuerySchema = z.object({
  token: z.string().max(500).optional(),
  cursor: z.coerce.number().int().min(0).optional(),
});

const HEARTBEAT_MS = 30_000;

export class EventsSocket {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly heartbeat: NodeJS.Timeout;
  private readonly alive = new WeakMap<WebSocket, boolean>();

  constructor(
    private readonly events: EventLog,
    private readonly tokens: TokenSigner,
    private readonly users: UsersRepo,
    private readonly log: (msg: string, err?: unknown) => void,
  ) {
    // Dead connections (laptop lid closed) are found by ping/pong and dropped.
    this.heartbeat = setInterval(() => {
      for (const ws of this.wss.clients) {
        if (this.alive.get(ws) === false) { ws.terminate(); continue; }
        this.alive.set(ws, false);
        ws.ping();
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://companion.invalid');
    const query = QuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return refuse(socket, 400, 'Bad Request');
    const token = query.data.token || bearerToken(req.headers.authorization);
    userForToken(token, this.tokens, this.users).then((user) => {
      if (!user) return refuse(socket, 401, 'Unauthorized');
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.alive.set(ws, true);
        ws.on('pong', () => this.alive.set(ws, true));
        ws.on('error', (e) => this.log('event socket error', e));
        // Clients only listen; anything they send is ignored.
        ws.on('message', () => undefined);
        void this.serve(ws, user.accountId, query.data.cursor);
      });
    }).catch((e) => {
      this.log('event socket upgrade failed', e);
      refuse(socket, 500, 'Internal Server Error');
    });
  }

  private async serve(ws: WebSocket, accountId: string, cursor: number | undefined): Promise<void> {
    const buffered: ServerEvent[] = [];
    let live = false;
    let last = cursor ?? this.events.lastSeq(accountId);
    const send = (e: ServerEvent) => {
      if (e.seq <= last || ws.readyState !== ws.OPEN) return;
      last = e.seq;
      ws.send(JSON.stringify(e));
    };
    const unsubscribe = this.events.subscribe(accountId, (e) => (live ? send(e) : buffered.push(e)));
    ws.on('close', unsubscribe);
    try {
      if (cursor !== undefined) for (const e of await this.events.since(accountId, cursor)) send(e);
      for (const e of buffered) send(e);
      buffered.length = 0;
      live = true;
    } catch (e) {
      this.log('event replay failed', e);
      ws.close(1011, 'replay failed');
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  if (socket.writable) socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
