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
  cache: RecordingCache;
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

  /** Runs a pass now (a new file is ready, or the network is back). */
  kick(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    void this.runOnce().finally(() => this.schedule());
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
    const due = this.o.cache.nextDueAt();
    if (due === null) return;
    const wait = Math.max(50, Math.min(due - this.now(), 2 ** 31 - 1));
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref?.();
  }

  private async pass(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const batch = this.o.cache.dueUploads(this.now(), 5);
      if (batch.length === 0) return;
      for (const item of batch) {
        if (this.stopped) return;
        await this.uploadOne(item);
      }
    }
  }

  private async uploadOne(item: PendingUpload): Promise<void> {
    const { leg } = item;
    const report = (p: Omit<UploadProgress, 'legId' | 'fileName' | 'totalBytes'>) =>
      this.o.onProgress?.({ legId: leg.id, fileName: leg.file_name, totalBytes: leg.bytes, ...p });
    try {
      report({ state: 'uploading', sentBytes: 0 });
      const res = await this.o.target(item, (sentBytes) => report({ state: 'uploading', sentBytes }), this.abort.signal);
      if (res.sha256.toLowerCase() !== leg.sha256) {
        throw new UploadError(`The server stored a different checksum (${res.sha256.slice(0, 12)}…, expected ${leg.sha256?.slice(0, 12)}…).`);
      }
      this.o.cache.markUploaded(leg.id, res.serverId);
      report({ state: 'uploaded', sentBytes: leg.bytes });
    } catch (e) {
      if (this.stopped) return; // aborted on shutdown: the leg stays ready and is retried at the next start
      const message = e instanceof Error ? e.message : String(e);
      const failures = leg.attempts + (e instanceof UploadError && e.permanent ? 6 : 0);
      const nextAttemptAt = this.now() + backoffDelay(failures, this.baseDelayMs, this.maxDelayMs, this.random);
      this.o.cache.markFailed(leg.id, message, nextAttemptAt);
      this.o.onError?.(`Upload of ${leg.file_name} failed: ${message}`);
      report({ state: 'waiting', sentBytes: 0, error: message, nextAttemptAt });
    }
  }
}
