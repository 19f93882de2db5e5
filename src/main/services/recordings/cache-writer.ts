// Writes to the recording cache that survive a full or read-only disk (fault test of issue 9): every
// write goes straight to the cache while the disk takes it; once one fails with a storage fault, it and
// every later write wait in one ordered in-memory queue (bounded) that is retried every second. The call
// is never disturbed, the index never runs ahead of the files (each write is replayable: chunks are
// written at their indexed offset), and nothing captured is lost unless the memory bound is reached —
// then that leg's file simply ends at its last kept chunk (still playable).
import { RecordingCache, RecordingCacheError, type PreparedRecording, type StartRecordingInput, type StartedRecording } from './recording-cache.js';
import { storageFault, type StorageFault } from './storage-fault.js';

export const DEFAULT_MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export interface CacheWriterOptions {
  /** Opens the cache; may throw a storage fault (e.g. the folder is read-only at start-up). */
  open: () => RecordingCache;
  maxBufferedBytes?: number;
  retryMs?: number;
  /** The disk refused a write (first time, or the kind of fault changed). */
  onFault?: (kind: StorageFault, error: string) => void;
  /** Everything held in memory has been written. */
  onRecovered?: () => void;
  /** A leg's chunks no longer fit in memory: its recording stops there. */
  onOverflow?: (legId: string) => void;
  /** A leg may have been sealed or queued writes went out (new files may be ready to upload). */
  onWritten?: () => void;
  log?: (msg: string) => void;
}

interface Op {
  bytes: number;
  run: (cache: RecordingCache) => void;
}

export class CacheWriter {
  private cache: RecordingCache | null = null;
  private readonly queue: Op[] = [];
  private queuedBytes = 0;
  private fault: StorageFault | null = null;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Next chunk number per leg while that leg has writes waiting (the index is behind then). */
  private readonly expected = new Map<string, number>();
  /** Legs whose recording was started while the disk refused writes (not in the index yet). */
  private readonly queuedLegs = new Set<string>();
  /** Legs whose end is waiting in the queue. */
  private readonly closingLegs = new Set<string>();
  /** Legs that hit the memory bound: later chunks are accepted and dropped. */
  private readonly dropping = new Set<string>();
  private readonly maxBytes: number;

  constructor(private readonly o: CacheWriterOptions) {
    this.maxBytes = o.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  }

  /** The open cache, opening it on first use; null while the disk refuses. */
  current(): RecordingCache | null {
    if (this.cache || this.closed) return this.cache;
    try {
      this.cache = this.o.open();
    } catch (e) {
      const kind = storageFault(e);
      if (!kind) throw e;
      this.noteFault(kind, e);
    }
    return this.cache;
  }

  /** Bytes of media held in memory waiting for the disk. */
  get bufferedBytes(): number {
    return this.queuedBytes;
  }

  get faulted(): StorageFault | null {
    return this.fault;
  }

  start(input: StartRecordingInput): StartedRecording {
    const prepared: PreparedRecording = RecordingCache.prepare(input);
    if (!this.exec({ bytes: 0, run: (c) => c.insert(prepared) })) for (const l of prepared.legs) this.queuedLegs.add(l.legId);
    return prepared;
  }

  append(legId: string, seq: number, data: Uint8Array): { chunkCount: number } {
    if (this.dropping.has(legId)) return { chunkCount: seq + 1 };
    const cache = this.queue.length === 0 ? this.current() : null;
    if (cache) {
      try {
        // (No onWritten: a chunk never makes a file ready to upload; sealing does.)
        return { chunkCount: cache.appendChunk(legId, seq, data).chunkCount };
      } catch (e) {
        const kind = storageFault(e);
        if (!kind) throw e;
        // The chunk passed every check (the failure came from the write itself): it waits in memory.
        this.noteFault(kind, e);
        this.expected.set(legId, seq);
      }
    }
    const next = this.expectedSeq(legId);
    if (seq < next) return { chunkCount: next };
    if (seq > next) throw new RecordingCacheError('chunk_gap', `Recording leg ${legId} expected chunk ${next}, got ${seq}.`);
    if (this.queuedBytes + data.byteLength > this.maxBytes) {
      this.dropping.add(legId);
      this.o.log?.(`recording leg ${legId} stopped at chunk ${seq}: ${this.queuedBytes} bytes wait for the disk already`);
      this.o.onOverflow?.(legId);
      return { chunkCount: seq + 1 };
    }
    const copy = new Uint8Array(data); // own copy: the caller's buffer may be reused
    this.enqueue({ bytes: copy.byteLength, run: (c) => { c.appendChunk(legId, seq, copy); } });
    this.expected.set(legId, seq + 1);
    this.flush();
    return { chunkCount: seq + 1 };
  }

  finishLeg(legId: string): void {
    if (!this.exec({ bytes: 0, run: (c) => c.finishLeg(legId) })) this.closingLegs.add(legId);
  }

  finishRecording(recordingId: string, endedAt: number, legIds: readonly string[]): void {
    if (!this.exec({ bytes: 0, run: (c) => c.finishRecording(recordingId, endedAt) })) for (const id of legIds) this.closingLegs.add(id);
  }

  finaliseInterrupted(): void {
    this.exec({
      bytes: 0,
      run: (c) => {
        const ids = c.finaliseInterrupted();
        if (ids.length) this.o.log?.(`finalised ${ids.length} interrupted recording(s)`);
      },
    });
  }

  /** True while a leg takes chunks (started and not ended, counting writes still waiting). */
  legOpen(legId: string): boolean {
    if (this.closingLegs.has(legId)) return false;
    if (this.queuedLegs.has(legId)) return true;
    return this.current()?.leg(legId)?.state === 'recording';
  }

  /** Writes what waits, in order, until the disk refuses again. True when nothing waits any more. */
  flush(): boolean {
    while (this.queue.length > 0) {
      const cache = this.current();
      if (!cache) return this.retryLater();
      const op = this.queue[0]!;
      try {
        op.run(cache);
      } catch (e) {
        const kind = storageFault(e);
        if (kind) {
          this.noteFault(kind, e);
          return this.retryLater();
        }
        // Not the disk (e.g. the leg was sealed meanwhile): this write can never succeed; drop it.
        this.o.log?.(`recording write dropped: ${e instanceof Error ? e.message : String(e)}`);
      }
      this.queue.shift();
      this.queuedBytes -= op.bytes;
    }
    this.expected.clear();
    this.queuedLegs.clear();
    this.closingLegs.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.fault) {
      this.fault = null;
      this.o.onRecovered?.();
    }
    this.o.onWritten?.();
    return true;
  }

  /** Shutdown: one last attempt to write what waits, then close the cache. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length) this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length) this.o.log?.(`${this.queue.length} recording write(s) lost at shutdown: the disk still refuses them`);
    this.closed = true;
    this.cache?.close();
    this.cache = null;
  }

  /** Runs a write now when nothing waits; otherwise (or if the disk refuses) queues it. True when written. */
  private exec(op: Op): boolean {
    if (this.queue.length === 0) {
      const cache = this.current();
      if (cache) {
        try {
          op.run(cache);
          this.o.onWritten?.();
          return true;
        } catch (e) {
          const kind = storageFault(e);
          if (!kind) throw e;
          this.noteFault(kind, e);
        }
      }
    }
    this.enqueue(op);
    this.flush();
    return this.queue.length === 0;
  }

  private enqueue(op: Op): void {
    this.queue.push(op);
    this.queuedBytes += op.bytes;
  }

  private expectedSeq(legId: string): number {
    if (this.closingLegs.has(legId)) throw new RecordingCacheError('leg_closed', `Recording leg ${legId} is already finished.`);
    const known = this.expected.get(legId);
    if (known !== undefined) return known;
    if (this.queuedLegs.has(legId)) return 0;
    const cache = this.current();
    const row = cache?.leg(legId);
    if (!row) {
      if (!cache) throw new RecordingCacheError('unknown_leg', `No recording leg ${legId} (the recording folder cannot be read).`);
      throw new RecordingCacheError('unknown_leg', `No recording leg ${legId}.`);
    }
    if (row.state !== 'recording') throw new RecordingCacheError('leg_closed', `Recording leg ${legId} is already finished.`);
    return row.chunk_count;
  }

  private noteFault(kind: StorageFault, e: unknown): void {
    if (this.fault === kind) return;
    this.fault = kind;
    const message = e instanceof Error ? e.message : String(e);
    this.o.log?.(`recording cache cannot be written (${kind}): ${message}`);
    this.o.onFault?.(kind, message);
  }

  private retryLater(): false {
    if (!this.timer && !this.closed) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.o.retryMs ?? 1_000);
      this.timer.unref?.();
    }
    return false;
  }
}
