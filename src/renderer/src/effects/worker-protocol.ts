// Messages between the page (pipeline.ts) and the effects worker (effects-worker.ts), checked with
// zod on arrival on both sides: a malformed message is dropped, never acted on.
import { z } from 'zod';
import { effectKindSchema } from './effect-settings.js';

const adaptiveSchema = z.object({
  budgetMs: z.number().positive(),
  window: z.number().int().positive(),
  headroom: z.number().positive(),
  minModelHz: z.number().nonnegative(),
  startLevel: z.number().int().nonnegative(),
}).partial();

export const workerOptionsSchema = z.object({
  effect: effectKindSchema,
  assetBase: z.string().url(),
  budgetMs: z.number().positive().optional(),
  minFaceScore: z.number().min(0).max(1).optional(),
  mode: z.enum(['adaptive', 'naive']).optional(),
  adaptive: adaptiveSchema.optional(),
});
export type WorkerOptions = z.infer<typeof workerOptionsSchema>;

const bitmap = z.custom<ImageBitmap>((v) => typeof ImageBitmap !== 'undefined' && v instanceof ImageBitmap, 'an ImageBitmap');
const videoFrame = z.custom<VideoFrame>((v) => typeof VideoFrame !== 'undefined' && v instanceof VideoFrame, 'a VideoFrame');

export const workerCommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    readable: z.instanceof(ReadableStream),
    options: workerOptionsSchema,
    backgroundImage: bitmap.optional(),
  }),
  z.object({ type: z.literal('effect'), generation: z.number().int(), effect: effectKindSchema, backgroundImage: bitmap.optional() }),
  z.object({ type: z.literal('query'), id: z.number().int(), what: z.enum(['mask', 'crop', 'stats']) }),
  z.object({ type: z.literal('stop') }),
]);
export type WorkerCommand = z.infer<typeof workerCommandSchema>;

const qualitySchema = z.object({ modelEvery: z.number(), modelScale: z.number(), fps: z.number() });
export const effectStatsSchema = z.object({
  effect: effectKindSchema,
  modelState: z.enum(['idle', 'loading', 'ready', 'failed']),
  where: z.enum(['worker', 'page']),
  modelMs: z.number(),
  modelError: z.string().nullable(),
  frames: z.number(),
  modelRuns: z.number(),
  medianMs: z.number(),
  p90Ms: z.number(),
  meanMs: z.number(),
  outputFps: z.number(),
  quality: qualitySchema,
  degraded: z.boolean(),
  width: z.number(),
  height: z.number(),
});

export const workerEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stats'), stats: effectStatsSchema }),
  z.object({ type: z.literal('degraded'), info: z.object({ degraded: z.boolean(), reason: z.string().nullable() }) }),
  z.object({ type: z.literal('settled'), generation: z.number().int() }),
  z.object({ type: z.literal('reply'), id: z.number().int(), value: z.unknown() }),
  /** A processed frame for the output track (transferred). */
  z.object({ type: z.literal('frame'), frame: videoFrame }),
  z.object({ type: z.literal('ended') }),
  /** Sent once the worker's module has loaded: only then does the page hand over its streams. */
  z.object({ type: z.literal('hello') }),
]);
export type WorkerEvent = z.infer<typeof workerEventSchema>;

/** How often the worker reports its stats to the page (the page's stats() returns the latest). */
export const STATS_INTERVAL_MS = 250;
