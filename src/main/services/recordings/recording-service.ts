// Recording in main: snapshots the policy when a call starts (so toggling mid-call changes nothing for
// that call), answers the renderer's recordingBegin with a plan and leg ids, appends chunks to the
// crash-safe cache, seals legs at hang-up/transfer and runs the background uploader.
import { BridgeError, type AppState, type CallInfo } from '../../../shared/contract.js';
import { RecordingItemSchema, type RecordingItem } from '../../../shared/recording-api.js';
import { MAX_PLAYBACK_BYTES, type LocalRecording, type RecordingBeginResult, type RecordingProgress } from '../../../shared/recording-bridge.js';
import { z } from 'zod';
import { DEFAULT_RECORDING_SETTINGS, planRecording, RecordingSettingsSchema, type RecordingSettings } from '../../../shared/recording-policy.js';
import { CacheWriter } from './cache-writer.js';
import { RecordingCache, RecordingCacheError } from './recording-cache.js';
import type { StorageFault } from './storage-fault.js';
import { createHttpUploadTarget } from './http-upload-target.js';
import { RecordingUploader, type UploadTarget } from './uploader.js';

export interface RecordingCompanion {
  baseUrl: string;
  token: string | null;
  agentName: string;
}

export interface RecordingServiceOptions {
  dir: string;
  /** The signed-in companion session, or null when signed out. */
  companion: () => RecordingCompanion | null;
  onProgress?: (p: RecordingProgress) => void;
  now?: () => number;
  log?: (msg: string) => void;
  /** How long main waits after hang-up for the renderer's last chunk before sealing the files itself. */
  endGraceMs?: number;
  /** Overrides for tests. */
  uploadTarget?: UploadTarget;
  fetchPolicy?: (c: RecordingCompanion) => Promise<RecordingSettings>;
  uploadBaseDelayMs?: number;
  /** Tells the agent about the disk (full, read-only, recovered); en/ja texts are keyed by the code. */
  onNotice?: (n: RecordingNotice) => void;
  /** Media held in memory while the disk refuses writes (default 64 MiB). */
  maxBufferedBytes?: number;
  storageRetryMs?: number;
}

export interface RecordingNotice {
  level: 'info' | 'warning' | 'error';
  code: 'recording_storage_full' | 'recording_storage_unwritable' | 'recording_storage_overflow' | 'recording_storage_recovered';
  message: string;
}

const FAULT_NOTICE: Record<StorageFault, RecordingNotice> = {
  full: {
    level: 'warning', code: 'recording_storage_full',
    message: 'The disk for recordings is full. The call continues; the recording is kept in memory and saved as soon as space is freed.',
  },
  unwritable: {
    level: 'warning', code: 'recording_storage_unwritable',
    message: 'The recordings folder cannot be written. The call continues; the recording is kept in memory and saved as soon as it can be written.',
  },
}

async function fetchPolicyOverHttp(c: RecordingCompanion): Promise<RecordingSettings> {
  if (!c.token) throw new Error('not signed in');
  const res = await fetch(`${c.baseUrl}/api/me/recording-policy`, { headers: { authorization: `Bearer ${c.token}` }, signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return RecordingSettingsSchema.parse(await res.json());
}

interface CallSnapshot {
  call: CallInfo;
  settings: Promise<RecordingSettings>;
  recordingId?: string;
  begun?: NonNullable<RecordingBeginResult>;
  legIds: string[];
}

export class RecordingService {
  private readonly writer: CacheWriter;
  private readonly uploader: RecordingUploader;
  private readonly calls = new Map<string, CallSnapshot>();
  private readonly graceTimers = new Set<NodeJS.Timeout>();
  private lastSettings: RecordingSettings = DEFAULT_RECORDING_SETTINGS;
  private readonly now: () => number;
  private readonly log: (msg: string) => void;
  private readonly fetchPolicy: (c: RecordingCompanion) => Promise<RecordingSettings>;

  constructor(private readonly o: RecordingServiceOptions) {
    this.now = o.now ?? Date.now;
    this.log = o.log ?? (() => undefined);
    this.fetchPolicy = o.fetchPolicy ?? fetchPolicyOverHttp;
    this.writer = new CacheWriter({
      open: () => new RecordingCache(o.dir, this.now),
      maxBufferedBytes: o.maxBufferedBytes,
      retryMs: o.storageRetryMs,
      log: this.log,
      onFault: (kind) => o.onNotice?.(FAULT_NOTICE[kind]),
      onOverflow: () => o.onNotice?.({
        level: 'error', code: 'recording_storage_overflow',
        message: 'Recording stopped: the disk for recordings is still full and the memory reserve is used up. The call continues; what was recorded so far is kept.',
      }),
      onRecovered: () => {
        o.onNotice?.({ level: 'info', code: 'recording_storage_recovered', message: 'Recordings are being saved to disk again.' });
        this.uploader.resume();
      },
      onWritten: () => this.uploader.kick(),
    });
    const target = o.uploadTarget ?? ((item, onProgress, signal) => {
      const c = o.companion();
      if (!c) return Promise.reject(new Error('Not signed in to the companion server.'));
      return createHttpUploadTarget({ baseUrl: c.baseUrl, token: () => o.companion()?.token ?? null })(item, onProgress, signal);
    });
    this.uploader = new RecordingUploader({
      cache: () => this.writer.current(), target, now: this.now, baseDelayMs: o.uploadBaseDelayMs,
      onProgress: (p) => o.onProgress?.(p), onError: (m) => this.log(m),
    });
  }

  /** At start-up: seal what a crash left, then upload in the background. */
  start(): void {
    this.writer.finaliseInterrupted();
    this.uploader.start();
  }

  /** The local index (null while its disk cannot be opened); for tests and diagnostics. */
  get cache(): RecordingCache | null {
    return this.writer.current();
  }

  /** Bytes of media waiting in memory for the disk. */
  get bufferedBytes(): number {
    return this.writer.bufferedBytes;
  }

  /** Signed in (or back online): fetch the policy now and push waiting uploads. */
  onSignedIn(): void {
    const c = this.o.companion();
    if (c) void this.fetchPolicy(c).then((s) => { this.lastSettings = s; }, (e: unknown) => this.log(`recording policy not loaded: ${String(e)}`));
    this.retryNow();
  }

  /** Feed of app state: a new call snapshots the policy; an ended call gets its legs sealed. */
  onState(state: AppState, previous: AppState): void {
    const cur = state.call;
    const prev = previous.call;
    if (cur && cur.phase !== 'ended' && !this.calls.has(cur.callId)) this.callStarted(cur);
    if (prev && (!cur || cur.callId !== prev.callId || cur.phase === 'ended')) this.callEnded(prev.callId);
  }

  private callStarted(call: CallInfo): void {
    const c = this.o.companion();
    const fallback = this.lastSettings;
    // Evaluated at call start: the fresh policy when the server answers quickly, else the last one known.
    const settings = c
      ? this.fetchPolicy(c).then((s) => { this.lastSettings = s; return s; }, () => fallback)
      : Promise.resolve(fallback);
    this.calls.set(call.callId, { call, settings, legIds: [] });
  }

  private callEnded(callId: string): void {
    const snap = this.calls.get(callId);
    if (!snap) return;
    const t = setTimeout(() => {
      this.graceTimers.delete(t);
      this.calls.delete(callId);
      if (snap.recordingId) this.finish(snap);
    }, this.o.endGraceMs ?? 5_000);
    this.graceTimers.add(t);
  }

  async begin(args: { callId: string; hasVideo: boolean; mimeType: string }): Promise<RecordingBeginResult> {
    const snap = this.calls.get(args.callId);
    if (!snap) return null;
    if (snap.begun) {
      // The renderer asked again (reload, reconnect): hand out the same legs that still take chunks.
      const legs = snap.begun.legs.filter((l) => this.writer.legOpen(l.legId));
      return legs.length ? { ...snap.begun, legs } : null;
    }
    const plan = planRecording(await snap.settings, { direction: snap.call.direction, hasVideo: args.hasVideo });
    if (!plan) return null;
    const c = this.o.companion();
    const started = this.writer.start({
      callId: snap.call.callId, conversationId: snap.call.conversationId, agentName: c?.agentName ?? 'agent',
      endUserName: snap.call.customerName, endUserPhone: snap.call.customerNumber, direction: snap.call.direction,
      startedAt: snap.call.answeredAt ?? this.now(), plan, mimeType: args.mimeType,
    });
    snap.recordingId = started.recordingId;
    snap.legIds = started.legs.map((l) => l.legId);
    snap.begun = { recordingId: started.recordingId, video: plan.video, composition: plan.composition, legs: started.legs.map(({ legId, leg }) => ({ legId, leg })) };
    return snap.begun;
  }

  chunk(args: { legId: string; seq: number; data: string }): { chunkCount: number } {
    try {
      return this.writer.append(args.legId, args.seq, Buffer.from(args.data, 'base64'));
    } catch (e) {
      if (e instanceof RecordingCacheError) throw new BridgeError(`recording_${e.code}`, e.message);
      throw e;
    }
  }

  end(args: { legId: string }): void {
    this.writer.finishLeg(args.legId);
  }

  private finish(snap: CallSnapshot): void {
    // Runs from a timer: a refused write is queued by the writer, anything else must not crash the host.
    try {
      if (snap.recordingId) this.writer.finishRecording(snap.recordingId, this.now(), snap.legIds);
    } catch (e) {
      this.log(`recording ${snap.recordingId ?? '?'} not sealed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  list(): LocalRecording[] {
    const cache = this.writer.current();
    if (!cache) return [];
    return cache.listLegs().map((l) => ({
      legId: l.id, callId: l.call_id, fileName: l.file_name, leg: l.leg, state: l.state, bytes: l.bytes,
      attempts: l.attempts, lastError: l.last_error, nextAttemptAt: l.state === 'ready' ? l.next_attempt_at : null,
    }));
  }

  // ------------------------------------------------------------ server recordings (playback)

  private async server(pathname: string, init: RequestInit = {}): Promise<Response> {
    const c = this.o.companion();
    if (!c?.token) throw new BridgeError('not_signed_in', 'Sign in first.');
    let res: Response;
    try {
      res = await fetch(`${c.baseUrl}${pathname}`, { ...init, headers: { authorization: `Bearer ${c.token}` }, signal: AbortSignal.timeout(60_000) });
    } catch {
      throw new BridgeError('companion_unreachable', `Cannot reach the companion server at ${c.baseUrl}.`);
    }
    if (!res.ok) {
      const body = await res.json().catch(() => null) as { error?: { code?: string; message?: string } } | null;
      throw new BridgeError(body?.error?.code ?? `http_${res.status}`, body?.error?.message ?? `The companion server answered ${res.status}.`);
    }
    return res;
  }

  async listServer(conversationId?: string): Promise<RecordingItem[]> {
    const q = conversationId ? `?conversationId=${encodeURIComponent(conversationId)}` : '';
    const body: unknown = await (await this.server(`/api/recordings${q}`)).json();
    return z.object({ recordings: z.array(RecordingItemSchema) }).parse(body).recordings;
  }

  async content(id: string): Promise<{ mimeType: string; data: string }> {
    const res = await this.server(`/api/recordings/${encodeURIComponent(id)}/content`);
    if (Number(res.headers.get('content-length') ?? 0) > MAX_PLAYBACK_BYTES) throw new BridgeError('too_large', 'This recording is too large to play here; download it instead.');
    const buf = Buffer.from(await res.arrayBuffer());
    return { mimeType: res.headers.get('content-type') ?? 'application/octet-stream', data: buf.toString('base64') };
  }

  async deleteServer(id: string): Promise<void> {
    await this.server(`/api/recordings/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  retryNow(): void {
    try {
      this.writer.current()?.retryAllNow();
    } catch (e) {
      this.log(`upload retry not recorded: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.uploader.resume();
  }

  /** Seals every open leg (clean shutdown) and stops the uploader. */
  async dispose(): Promise<void> {
    for (const t of this.graceTimers) clearTimeout(t);
    this.graceTimers.clear();
    for (const snap of this.calls.values()) this.finish(snap);
    this.calls.clear();
    await this.uploader.stop();
    this.writer.close();
  }
}
