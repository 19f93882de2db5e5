// Upload target for the companion server: PUT /api/recordings/uploads/:clientId with the file as the
// body. The leg id is the idempotency key, so a retry after a lost response is answered with the stored copy.
import { createReadStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';
import { UploadError, type UploadTarget } from './uploader.js';

const StoredSchema = z.object({ id: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/i) });
const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export interface HttpUploadOptions {
  baseUrl: string;
  /** Current bearer token; null when signed out (the upload waits). */
  token: () => string | null;
}

export function createHttpUploadTarget(o: HttpUploadOptions): UploadTarget {
  return (item, onProgress, signal) => new Promise((resolve, reject) => {
    const token = o.token();
    if (!token) return reject(new UploadError('Not signed in to the companion server.'));
    const url = new URL(`/api/recordings/uploads/${encodeURIComponent(item.leg.id)}`, o.baseUrl);
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(url, {
      method: 'PUT',
      signal,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/octet-stream',
        'content-length': String(item.leg.bytes),
        'x-content-sha256': item.leg.sha256 ?? '',
        'x-recording-metadata': Buffer.from(JSON.stringify({ ...item.metadata, mimeType: item.leg.mime_type })).toString('base64url'),
      },
    }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('error', (e) => reject(new UploadError(`Connection lost while reading the answer: ${e.message}`)));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let body: unknown;
        try { body = JSON.parse(text); } catch { body = undefined; }
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          const ok = StoredSchema.safeParse(body);
          return ok.success ? resolve({ serverId: ok.data.id, sha256: ok.data.sha256 }) : reject(new UploadError('The server answered without a checksum.'));
        }
        const err = ErrorSchema.safeParse(body);
        const msg = err.success ? err.data.error.message : `HTTP ${status}`;
        // 4xx other than auth/quota/conflict means the request itself is wrong: retrying soon will not help.
        reject(new UploadError(msg, status >= 400 && status < 500 && ![401, 403, 408, 409, 429, 507].includes(status)));
      });
    });
    req.on('error', (e) => reject(new UploadError(`Cannot reach the companion server: ${e.message}`)));
    const file = createReadStream(item.filePath);
    let sent = 0;
    file.on('data', (d) => { sent += d.length; onProgress(sent); });
    file.on('error', (e) => { req.destroy(); reject(new UploadError(`Cannot read ${item.leg.file_name}: ${e.message}`)); });
    file.pipe(req);
  });
}
