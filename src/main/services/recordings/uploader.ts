// Background uploader: sends ready legs to the companion server one at a time, retries with exponential
// backoff and jitter, and deletes a local file only after the server answered with the same sha256.
import type { PendingUpload, RecordingCache } from './recording-cache.js';

export interface UploadResult {
  serverId: string;
  sha256: string;
}

/** Sends one file; reports progress in bytes. Throws UploadError (or any error) on failure. */
export type UploadTarget = (item: PendingUpload, onProgress: (sentBytes: number) => void, signal: AbortSignal) => Promise<UploadResult>;

export class UploadError extends Error {
  /** permanent = retrying the same bytes cannot help (e.g. rejected metadata); still retried, but slowly. */
  constructor(message: string, readonly permanent = false) { super(message); }
}

export interface UploadProgress {
  legId: string;
  fileName: string;
  sentBytes: number;
  totalBytes: number;
  state: 'uploading' | 'uploaded' | 'waiting';
  error?: string;
  nextAttemptAt?: number;
}

export interface UploaderOptions {
  /** The cache, or null while its disk cannot be opened (nothing to upload then). */
  cache: RecordingCache | (() => RecordingCache | null);
  target: UploadTarget;
  now?: () => number;
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  onProgress?: (p: UploadProgress) => void;
  onError?: (message: string) => void;
}

/** Delay before attempt n+1 after n failures: base·2^n capped, with "equal jitter" (half fixed, half random). */
export function backoffDelay(failures: number, baseMs: number, maxMs: number, random: () => number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(failures, 30));
  return Math.round(exp / 2 + (exp / 2) * random());
}

export class RecordingUploader {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private abort = new AbortController();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  /** Set when the index itself refused a write: no pass before then (else the same leg would loop). */
  private pausedUntil = 0;
  private pauses = 0;

  constructor(private readonly o: UploaderOptions) {
    this.now = o.now ?? Date.now;
    this.random = o.random ?? Math.random;
    this.baseDelayMs = o.baseDelayMs ?? 2_000;
    this.maxDelayMs = o.maxDelayMs ?? 10 * 60_000;
  }

  /** Starts the background loop (idempotent). */
  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** The disk takes writes again: lift a pause set by a refused index write, then run a pass. */
  resume(): void {
    this.pausedUntil = 0;
    this.kick();
  }

  /** Runs a pass now (a new file is ready, or the network is back). */
  kick(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    void this.runOnce().catch((e: unknown) => this.indexRefused(e)).finally(() => this.schedule());
  }

  /** One pass over everything due; resolves when done. Concurrent calls share the pass. */
  runOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => { this.running = undefined; });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort.abort();
    await this.running?.catch(() => undefined);
    this.abort = new AbortController();
  }

  private schedule(): void {
    if (this.stopped) return;
    const cache = this.getCache();
    let due: number | null;
    try {
      due = cache ? cache.nextDueAt() : null;
    } catch {
      due = null;
    }
    if (due === null && this.pausedUntil > this.now()) due = this.pausedUntil;
    if (due === null) return;
    due = Math.max(due, this.pausedUntil);
    const wait = Math.max(50, Math.min(due - this.now(), 2 ** 31 - 1));
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref?.();
  }

  private getCache(): RecordingCache | null {
    return typeof this.o.cache === 'function' ? this.o.cache() : this.o.cache;
  }

  private async pass(): Promise<void> {
    for (;;) {
      if (this.stopped || this.now() < this.pausedUntil) return;
      const cache = this.getCache();
      if (!cache) return;
      const batch = cache.dueUploads(this.now(), 5);
      if (batch.length === 0) return;
      for (const item of batch) {
        if (this.stopped) return;
        await this.uploadOne(cache, item);
      }
    }
  }

  private async uploadOne(cache: RecordingCache, item: PendingUpload): Promise<void> {
    const { leg } = item;
    const report = (p: Omit<UploadProgress, 'legId' | 'fileName' | 'totalBytes'>) =>
      this.o.onProgress?.({ legId: leg.id, fileName: leg.file_name, totalBytes: leg.bytes, ...p });
    // What the server holds as far as we know: a resumed upload starts its progress there, not at 0.
    let sent = 0;
    try {
      const res = await this.o.target(item, (sentBytes) => { sent = sentBytes; report({ state: 'uploading', sentBytes }); }, this.abort.signal);
      if (res.sha256.toLowerCase() !== leg.sha256) {
        throw new UploadError(`The server stored a different checksum (${res.sha256.slice(0, 12)}…, expected ${leg.sha256?.slice(0, 12)}…).`);
      }
      try {
        cache.markUploaded(leg.id, res.serverId);
      } catch (e) {
        this.indexRefused(e);
        return; // the server keeps its copy; the next attempt is answered from it (idempotent by leg id)
      }
      this.pauses = 0;
      report({ state: 'uploaded', sentBytes: leg.bytes });
    } catch (e) {
      if (this.stopped) return; // aborted on shutdown: the leg stays ready and is retried at the next start
      const message = e instanceof Error ? e.message : String(e);
      const failures = leg.attempts + (e instanceof UploadError && e.permanent ? 6 : 0);
      const nextAttemptAt = this.now() + backoffDelay(failures, this.baseDelayMs, this.maxDelayMs, this.random);
      try {
        cache.markFailed(leg.id, message, nextAttemptAt);
      } catch (err) {
        this.indexRefused(err);
      }
      this.o.onError?.(`Upload of ${leg.file_name} failed: ${message}`);
      report({ state: 'waiting', sentBytes: sent, error: message, nextAttemptAt });
    }
  }

  /** The local index refused a write (disk full or read-only): back off as a whole instead of looping. */
  private indexRefused(e: unknown): void {
    this.pauses++;
    this.pausedUntil = this.now() + backoffDelay(this.pauses, this.baseDelayMs, this.maxDelayMs, this.random);
    this.o.onError?.(`The recording index cannot be updated: ${e instanceof Error ? e.message : String(e)}`);
  }
}
