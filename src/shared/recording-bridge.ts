// Bridge schemas for recording (renderer ↔ main), spread into contract.ts. Chunks travel as base64 so
// every transport (Electron IPC, the web host's JSON WebSocket, the fake) carries them the same way.
import { z } from 'zod';
import { RecordingItemSchema } from './recording-api.js';
import { RecordingLegSchema } from './recording-policy.js';

/** About 1.5 MB of media per chunk; a 1 s chunk of audio is a few kB, of video a few hundred kB. */
export const MAX_CHUNK_BASE64 = 2_000_000;

export const RecordingBeginArgsSchema = z.object({
  callId: z.string().min(1).max(200),
  hasVideo: z.boolean(),
  mimeType: z.string().min(1).max(100),
}).strict();

export const RecordingBeginResultSchema = z.object({
  recordingId: z.string(),
  video: z.boolean(),
  composition: z.enum(['separate', 'merged']),
  legs: z.array(z.object({ legId: z.string(), leg: RecordingLegSchema })),
}).nullable();
export type RecordingBeginResult = z.infer<typeof RecordingBeginResultSchema>;

export const RecordingChunkArgsSchema = z.object({
  legId: z.string().min(1).max(100),
  seq: z.number().int().min(0).max(10_000_000),
  data: z.string().max(MAX_CHUNK_BASE64).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'data must be base64'),
}).strict();

export const RecordingEndArgsSchema = z.object({ legId: z.string().min(1).max(100) }).strict();

export const LocalRecordingSchema = z.object({
  legId: z.string(),
  callId: z.string(),
  fileName: z.string(),
  leg: RecordingLegSchema,
  state: z.enum(['recording', 'ready', 'uploaded']),
  bytes: z.number(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.number().nullable(),
});
export type LocalRecording = z.infer<typeof LocalRecordingSchema>;

export const RecordingProgressSchema = z.object({
  legId: z.string(),
  fileName: z.string(),
  sentBytes: z.number(),
  totalBytes: z.number(),
  state: z.enum(['uploading', 'uploaded', 'waiting']),
  error: z.string().optional(),
  nextAttemptAt: z.number().optional(),
});
export type RecordingProgress = z.infer<typeof RecordingProgressSchema>;

export const recordingMethods = {
  /** The renderer's media for a call is live: main answers with the plan decided at call start, or null. */
  recordingBegin: { args: RecordingBeginArgsSchema, result: RecordingBeginResultSchema },
  /** One chunk (every second) of one leg, in order from seq 0. */
  recordingChunk: { args: RecordingChunkArgsSchema, result: z.object({ chunkCount: z.number() }) },
  /** The recorder of a leg stopped (hang-up, transfer); main seals the file and queues the upload. */
  recordingEnd: { args: RecordingEndArgsSchema, result: z.void() },
  /** Local cache contents with upload state (progress in the UI). */
  listLocalRecordings: { args: z.object({}).strict(), result: z.object({ recordings: z.array(LocalRecordingSchema) }) },
  /** Retry every waiting upload now. */
  retryRecordingUploads: { args: z.object({}).strict(), result: z.void() },
  /** Recordings on the companion server the signed-in user may see (agents: their own). */
  listServerRecordings: {
    args: z.object({ conversationId: z.string().max(200).optional() }).strict(),
    result: z.object({ recordings: z.array(RecordingItemSchema) }),
  },
  /** One recording's content for playback (base64; at most MAX_PLAYBACK_BYTES). */
  getRecordingContent: {
    args: z.object({ id: z.string().min(1).max(100) }).strict(),
    result: z.object({ mimeType: z.string(), data: z.string() }),
  },
  /** Supervisors only (the server refuses agents). */
  deleteServerRecording: { args: z.object({ id: z.string().min(1).max(100) }).strict(), result: z.void() },
} as const;

export const MAX_PLAYBACK_BYTES = 200 * 1024 * 1024;

export const recordingEvents = {
  recordingProgress: RecordingProgressSchema,
} as const;
