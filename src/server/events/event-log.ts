// Per-account event log behind the WebSocket stream: every event gets the next `seq` of its account,
// is delivered live to subscribers at once, and is persisted (bounded to the last KEEP events per
// account) so a client reconnecting with a cursor — even after a server restart — can replay what it missed.
import type { ServerEvent } from '../../shared/companion-api.js';
import type { Db } from '../db/database.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NewServerEvent = DistributiveOmit<ServerEvent, 'seq'>;
export type EventListener = (e: ServerEvent) => void;

export const KEEP_EVENTS = 1000;

export class EventLog {
  private readonly seqs = new Map<string, number>();
  private readonly listeners = new Map<string, Set<EventListener>>();
  private writes: Promise<void> = Promise.resolve();
  private readonly sinceTrim = new Map<string, number>();

  constructor(private readonly db: Db, private readonly onError: (e: unknown) => void, private readonly keep = KEEP_EVENTS) {}

  /** Loads the last seq of every account (call once before appending). */
  async init(): Promise<void> {
    const rows = await this.db.selectFrom('events').select(['account_id', (eb) => eb.fn.max<number>('seq').as('seq')]).groupBy('account_id').execute();
    for (const r of rows) this.seqs.set(r.account_id, Number(r.seq));
  }

  append(accountId: string, event: NewServerEvent): ServerEvent {
    const seq = (this.seqs.get(accountId) ?? 0) + 1;
    this.seqs.set(accountId, seq);
    const full = { ...event, seq } as ServerEvent;
    const { type, ...rest } = full;
    const payload = JSON.stringify(rest);
    // Writes are chained so they land in seq order; a failed write loses persistence, not live delivery.
    this.writes = this.writes.then(async () => {
      await this.db.insertInto('events').values({ account_id: accountId, seq, type, payload, created_at: Date.now() }).execute();
      const n = (this.sinceTrim.get(accountId) ?? 0) + 1;
      this.sinceTrim.set(accountId, n % 100);
      if (n >= 100) {
        await this.db.deleteFrom('events').where('account_id', '=', accountId).where('seq', '<=', seq - this.keep).execute();
      }
    }).catch(this.onError);
    for (const l of this.listeners.get(accountId) ?? []) {
      try { l(full); } catch (e) { this.onError(e); }
    }
    return full;
  }

  lastSeq(accountId: string): number {
    return this.seqs.get(accountId) ?? 0;
  }

  /** Persisted events with seq > cursor, oldest first (the log holds roughly the last KEEP per account). */
  async since(accountId: string, cursor: number): Promise<ServerEvent[]> {
    await this.writes;
    const rows = await this.db.selectFrom('events').select(['seq', 'type', 'payload'])
      .where('account_id', '=', accountId).where('seq', '>', cursor).orderBy('seq').execute();
    const out: ServerEvent[] = [];
    for (const r of rows) {
      try {
        out.push({ ...(JSON.parse(r.payload) as object), type: r.type, seq: r.seq } as ServerEvent);
      } catch (e) { this.onError(e); }
    }
    return out;
  }

  subscribe(accountId: string, listener: EventListener): () => void {
    let set = this.listeners.get(accountId);
    if (!set) this.listeners.set(accountId, (set = new Set()));
    set.add(listener);
    return () => { set.delete(listener); };
  }

  /** Waits for pending writes (call before closing the database). */
  async flush(): Promise<void> {
    await this.writes;
  }
}
