// Upload target for the companion server, resumable: ask the server where the upload stands
// (GET /api/recordings/uploads/:clientId), then send the rest in parts (PATCH with Upload-Offset). After a
// cut the next attempt continues from the server-confirmed offset instead of byte 0. The leg id is the
// idempotency key, so a retry after a lost answer gets the stored copy; the last part's answer carries the
// sha256 the server computed over the whole file, which the uploader compares before deleting anything.
import { createReadStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';
import type { PendingUpload } from './recording-cache.js';
import { UploadError, type UploadTarget } from './uploader.js';

const Sha = z.string().regex(/^[0-9a-f]{64}$/i);
const StatusSchema = z.discriminatedUnion('complete', [
  z.object({ complete: z.literal(true), id: z.string(), sha256: Sha, offset: z.number().int().min(0) }),
  z.object({ complete: z.literal(false), offset: z.number().int().min(0) }),
]);
const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** Parts of 4 MiB: a cut costs at most one part, and a long video is still only a few hundred requests. */
export const DEFAULT_PART_BYTES = 4 * 1024 * 1024;

export interface HttpUploadOptions {
  baseUrl: string;
  /** Current bearer token; null when signed out (the upload waits). */
  token: () => string | null;
  partBytes?: number;
}

interface Answer { status: number; body: unknown }

function request(o: HttpUploadOptions, token: string, method: 'GET' | 'PATCH', item: PendingUpload, signal: AbortSignal,
  part?: { start: number; length: number; onSent: (n: number) => void }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(`/api/recordings/uploads/${encodeURIComponent(item.leg.id)}`, o.baseUrl);
    const lib = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (part) {
      Object.assign(headers, {
        'content-type': 'application/octet-stream',
        'content-length': String(part.length),
        'upload-offset': String(part.start),
        'upload-length': String(item.leg.bytes),
        'x-content-sha256': item.leg.sha256 ?? '',
        'x-recording-metadata': Buffer.from(JSON.stringify({ ...item.metadata, mimeType: item.leg.mime_type })).toString('base64url'),
      });
    }
    const req = lib.request(url, { method, signal, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('error', (e) => reject(new UploadError(`Connection lost while reading the answer: ${e.message}`)));
      res.on('end', () => {
        let body: unknown;
        try { body = JSON.parse(Buffer.concat(parts).toString('utf8')); } catch { body = undefined; }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', (e) => reject(new UploadError(`Cannot reach the companion server: ${e.message}`)));
    if (!part || part.length === 0) {
      req.end();
      return;
    }
    const file = createReadStream(item.filePath, { start: part.start, end: part.start + part.length - 1 });
    let sent = 0;
    file.on('data', (d) => { sent += d.length; part.onSent(sent); });
    file.on('error', (e) => { req.destroy(); reject(new UploadError(`Cannot read ${item.leg.file_name}: ${e.message}`)); });
    file.pipe(req);
  });
}

function failure(a: Answer): UploadError {
  const err = ErrorSchema.safeParse(a.body);
  const msg = err.success ? err.data.error.message : `HTTP ${a.status}`;
  // 4xx other than auth/quota/conflict/interrupted means the request itself is wrong: retrying soon will not help.
  const retryable = [400, 401, 403, 408, 409, 429, 507].includes(a.status) && !(a.status === 400 && err.data?.error.code === 'validation_error');
  return new UploadError(msg, a.status >= 400 && a.status < 500 && !retryable);
}

function status(a: Answer): z.infer<typeof StatusSchema> {
  if (a.status < 200 || a.status >= 300) throw failure(a);
  const s = StatusSchema.safeParse(a.body);
  if (!s.success) throw new UploadError('The server answered without an upload status.');
  return s.data;
}

export function createHttpUploadTarget(o: HttpUploadOptions): UploadTarget {
  const partBytes = o.partBytes ?? DEFAULT_PART_BYTES;
  return async (item, onProgress, signal) => {
    const token = o.token();
    if (!token) throw new UploadError('Not signed in to the companion server.');
    const total = item.leg.bytes;
    let s = status(await request(o, token, 'GET', item, signal));
    let resyncs = 0;
    for (;;) {
      if (s.complete) {
        onProgress(total);
        return { serverId: s.id, sha256: s.sha256 };
      }
      if (s.offset > total) throw new UploadError(`The server holds ${s.offset} bytes of a ${total}-byte file.`);
      const start = s.offset;
      onProgress(start);
      const length = Math.min(partBytes, total - start);
      const a = await request(o, token, 'PATCH', item, signal, { start, length, onSent: (n) => onProgress(start + n) });
      if (a.status === 409 && ErrorSchema.safeParse(a.body).data?.error.code === 'offset_mismatch' && resyncs++ < 3) {
        // The server holds a different amount than it said a moment ago (an older request finished): ask again.
        s = status(await request(o, token, 'GET', item, signal));
        continue;
      }
      s = status(a);
      if (!s.complete && s.offset <= start) throw new UploadError('The server did not confirm the part.');
    }
  };
}
