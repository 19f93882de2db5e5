// The companion's event stream (WS /api/events?token=…&cursor=…): validated ServerEvents, resumed from the
// last seen sequence number after every reconnect so no status change is missed.
import WebSocket from 'ws';
import { ServerEventSchema, type ServerEvent } from '../../../shared/companion-api.js';
import type { Clock, Logger, TimerHandle } from '../../ports.js';
import { backoffDelay } from '../sip/reconnector.js';

const MAX_EVENT_BYTES = 256 * 1024;

export interface EventStreamOptions {
  /** Builds the URL for the next connection from the last seen sequence number (null = none yet). */
  url: (cursor: number | null) => string;
  onEvent: (event: ServerEvent) => void;
  clock: Clock;
  logger: Logger;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export class CompanionEventStream {
  private socket: WebSocket | null = null;
  private cursor: number | null = null;
  private attempt = 0;
  private retry: TimerHandle | null = null;
  private stopped = false;
  private connectedOnce = false;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly options: EventStreamOptions) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Resolves once the first connection is open (or after `timeoutMs`, whichever comes first). */
  whenOpen(timeoutMs = 5_000): Promise<boolean> {
    if (this.socket?.readyState === WebSocket.OPEN) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        this.options.clock.clearTimeout(timer);
        this.waiters.delete(onOpen);
        resolve(ok);
      };
      const onOpen = () => done(true);
      const timer = this.options.clock.setTimeout(() => done(false), timeoutMs);
      this.waiters.add(onOpen);
    });
  }

  get lastSeq(): number | null {
    return this.cursor;
  }

  stop(): void {
    this.stopped = true;
    if (this.retry !== null) this.options.clock.clearTimeout(this.retry);
    this.retry = null;
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.removeAllListeners();
      s.on('error', () => undefined);
      s.terminate();
    }
    for (const w of [...this.waiters]) w();
  }

  private connect(): void {
    if (this.stopped) return;
    let s: WebSocket;
    try {
      s = new WebSocket(this.options.url(this.cursor), { maxPayload: MAX_EVENT_BYTES, handshakeTimeout: 10_000 });
    } catch (err) {
      this.options.logger.warn(`companion event stream: ${String(err)}`);
      this.scheduleReconnect();
      return;
    }
    this.socket = s;
    s.on('open', () => {
      this.attempt = 0;
      if (this.connectedOnce) this.options.logger.info('companion event stream reconnected');
      this.connectedOnce = true;
      for (const w of [...this.waiters]) w();
    });
    s.on('message', (data, isBinary) => {
      if (isBinary || this.socket !== s) return;
      this.handle(data.toString());
    });
    s.on('error', (err) => this.options.logger.warn(`companion event stream error: ${err.message}`));
    s.on('close', () => {
      if (this.socket !== s) return;
      this.socket = null;
      this.scheduleReconnect();
    });
  }

  private handle(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return;
    }
    // The stream may carry other message kinds (hello, snapshots, future events): only known events count.
    const parsed = ServerEventSchema.safeParse(raw);
    if (!parsed.success) return;
    const event = parsed.data;
    if (this.cursor !== null && event.seq <= this.cursor) return; // replayed after a reconnect
    this.cursor = event.seq;
    try {
      this.options.onEvent(event);
    } catch (err) {
      this.options.logger.error('companion event handler failed', err);
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retry !== null) return;
    const delay = backoffDelay(this.attempt++, this.options.initialDelayMs ?? 500, this.options.maxDelayMs ?? 15_000);
    this.retry = this.options.clock.setTimeout(() => {
      this.retry = null;
      this.connect();
    }, delay);
  }
}
