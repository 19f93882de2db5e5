// The effect on one camera: VideoFrame in → VideoFrame out. No DOM: it runs inside the effects
// worker (effects-worker.ts), and on the page only where a worker cannot start. Models run on some
// frames (adaptive.ts decides how often and at what size), their latest result is reused in
// between, and the per-frame work is measured so the cost adapts to the machine.
import { AdaptiveController, type AdaptiveOptions, type QualityLevel } from './adaptive.js';
import { BLUR_DOWNSCALE, BLUR_TINY_DOWNSCALE, MaskBuffer, compositeBackground, compositeBlur, compositeCrop, compositeFullBlur, compositeNaiveBlur, coverRect, makeCanvas, type Layers } from './compositor.js';
import type { EffectKind } from './effect-settings.js';
import { effectKindSchema } from './effect-settings.js';
import { FaceFramer } from './framing.js';
import { RollingWindow } from './frame-stats.js';
import { createModelRunner, type ModelKind, type ModelOutput, type ModelRunner } from './model-runner.js';

export type ProcessorImage = ImageBitmap | OffscreenCanvas;

export interface ProcessorOptions {
  effect: EffectKind;
  /** Required for 'background'; without it that effect falls back to 'none'. */
  backgroundImage?: ProcessorImage | undefined;
  /** Allowed average work per output frame in ms (default 20). */
  budgetMs?: number | undefined;
  /** Absolute URL of the folder holding `wasm/` and `models/` (a worker resolves URLs against itself). */
  assetBase: string;
  /** Faces below this detector score are ignored. */
  minFaceScore?: number | undefined;
  /** 'adaptive' (default) or 'naive' (bench reference: model on every full frame, full-resolution blur). */
  mode?: 'adaptive' | 'naive' | undefined;
  /** Overrides for the adaptive controller (tests, bench). */
  adaptive?: Partial<AdaptiveOptions> | undefined;
  /** Test hook: replaces the model loader. */
  loadModel?: ((kind: ModelKind, assetBase: string) => Promise<ModelRunner>) | undefined;
}

export interface DegradedInfo {
  degraded: boolean;
  /** Human-readable reason for the agent, or null when not degraded. */
  reason: string | null;
}

export interface EffectStats {
  effect: EffectKind;
  /** 'loading' while the model for the effect is being fetched; 'failed' if it could not load. */
  modelState: 'idle' | 'loading' | 'ready' | 'failed';
  /** Where the effect (frames and models) runs: the effects worker, or the page as a fallback. */
  where: 'worker' | 'page';
  /** Duration of the last model run, ms. */
  modelMs: number;
  modelError: string | null;
  frames: number;
  modelRuns: number;
  /** Work per output frame over the recent window, ms (on the thread given by `where`). */
  medianMs: number;
  p90Ms: number;
  meanMs: number;
  /** Output frames per second over the last second. */
  outputFps: number;
  quality: QualityLevel;
  degraded: boolean;
  width: number;
  height: number;
}

export interface ProcessorEvents {
  degraded(info: DegradedInfo): void;
}

export interface FrameProcessor {
  /** The frame to send for `frame` (the same object when passed through), or null to drop it. */
  process(frame: VideoFrame): VideoFrame | null;
  setEffect(effect: EffectKind, backgroundImage?: ProcessorImage): void;
  stats(): EffectStats;
  /** Resolves when the model needed by the current effect is loaded (or failed to load). */
  ready(): Promise<void>;
  /** The current person mask (256×144, 0..255), or null. */
  maskValues(): { width: number; height: number; values: Uint8Array } | null;
  /** The current face-tracking crop in input pixels. */
  currentCrop(): { x: number; y: number; w: number; h: number } | null;
  close(): void;
}

/** Longest side handed to each model: the segmenter works at 256×144, the face detector at 128×128. */
const MODEL_INPUT_MAX: Record<ModelKind, number> = { segmentation: 256, face: 320 };
export const MASK_W = 256;
export const MASK_H = 144;
export const DEGRADED_REASON = 'Video effect reduced to keep the call smooth on this computer.';
export const FAILED_REASON = 'The video effect could not start; your camera is sent without it.';

export function createFrameProcessor(options: ProcessorOptions, events: Partial<ProcessorEvents> = {}, where: EffectStats['where'] = 'worker'): FrameProcessor {
  const naive = options.mode === 'naive';
  const minFaceScore = options.minFaceScore ?? 0.5;
  const loadModel = options.loadModel ?? createModelRunner;
  let effect: EffectKind = effectKindSchema.parse(options.effect);
  let backgroundImage = options.backgroundImage ?? null;

  const adaptive = new AdaptiveController({ ...options.adaptive, ...(options.budgetMs ? { budgetMs: options.budgetMs } : {}) });
  let decision = adaptive.decision();
  const frameMs = new RollingWindow(90);
  const outputTimes: number[] = [];
  let degraded = false;

  const runners = new Map<ModelKind, Promise<ModelRunner>>();
  const readyRunners = new Map<ModelKind, ModelRunner>();
  let lastModelMs = 0;
  let lastTimestamp = 0;
  let modelState: EffectStats['modelState'] = 'idle';
  let modelError: string | null = null;
  let closed = false;

  let width = 0;
  let height = 0;
  let layers: Layers | null = null;
  let modelInput: { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D } | null = null;
  let bgScaled: OffscreenCanvas | null = null;
  const mask = new MaskBuffer(MASK_W, MASK_H);
  let framer: FaceFramer | null = null;
  let frames = 0;
  let modelRuns = 0;
  let sinceModel = Number.POSITIVE_INFINITY;
  let nextDue = 0;

  const warned = new Set<string>();
  function warnOnce(what: string, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    if (warned.has(message) || warned.size > 20) return;
    warned.add(message);
    console.warn(what, message);
  }

  function emitDegraded(value: boolean, reason: string | null): void {
    if (value === degraded) return;
    degraded = value;
    try {
      events.degraded?.({ degraded: value, reason: value ? reason : null });
    } catch {
      // A listener's error must not stop the video.
    }
  }

  const needsSegmenter = (e: EffectKind): boolean => e === 'blur' || (e === 'background' && backgroundImage !== null);
  const modelFor = (e: EffectKind): ModelKind | null => (needsSegmenter(e) ? 'segmentation' : e === 'face-tracking' ? 'face' : null);

  /** Starts loading the model the effect needs (once); failures leave the video unprocessed. */
  function ensureModel(e: EffectKind): Promise<void> {
    const kind = modelFor(e);
    if (!kind || readyRunners.has(kind)) {
      modelState = kind ? 'ready' : readyRunners.size > 0 ? 'ready' : 'idle';
      return Promise.resolve();
    }
    let p = runners.get(kind);
    if (!p) {
      p = loadModel(kind, options.assetBase);
      runners.set(kind, p);
    }
    modelState = 'loading';
    return p.then(
      (r) => {
        if (closed) return r.close();
        readyRunners.set(kind, r);
        if (modelFor(effect) === kind) modelState = 'ready';
      },
      (err: unknown) => {
        modelState = 'failed';
        modelError = err instanceof Error ? err.message : String(err);
        emitDegraded(true, FAILED_REASON);
      },
    );
  }
  let readyPromise = ensureModel(effect);

  function setup(w: number, h: number): void {
    width = w;
    height = h;
    layers = {
      out: makeCanvas(w, h).ctx,
      bg: makeCanvas(w, h).ctx,
      small: makeCanvas(Math.ceil(w / BLUR_DOWNSCALE), Math.ceil(h / BLUR_DOWNSCALE)).ctx,
      tiny: makeCanvas(Math.ceil(w / BLUR_TINY_DOWNSCALE), Math.ceil(h / BLUR_TINY_DOWNSCALE)).ctx,
    };
    framer = new FaceFramer(w, h);
    bgScaled = null;
  }

  function scaledBackground(): OffscreenCanvas | null {
    if (!backgroundImage) return null;
    if (!bgScaled) {
      const { canvas, ctx } = makeCanvas(width, height);
      const r = coverRect(backgroundImage.width, backgroundImage.height, width, height);
      ctx.drawImage(backgroundImage, r.x, r.y, r.w, r.h, 0, 0, width, height);
      bgScaled = canvas;
    }
    return bgScaled;
  }

  function consume(out: ModelOutput): void {
    if ('mask' in out) {
      if (needsSegmenter(effect)) mask.update(out.mask, out.width, out.height);
      return;
    }
    if (effect !== 'face-tracking') return;
    const best = out.faces.filter((f) => f.score >= minFaceScore).sort((a, b) => b.score - a.score)[0];
    const b = best?.boundingBox;
    framer?.observe(b ? { x: (b.xCenter - b.width / 2) * width, y: (b.yCenter - b.height / 2) * height, w: b.width * width, h: b.height * height } : null);
  }

  function runModel(frame: VideoFrame, q: QualityLevel, runner: ModelRunner, now: number): void {
    // Never more pixels than the model looks at: it would only scale them down itself (and the
    // segmenter would hand back a mask at the larger size, to be scaled down again).
    const scale = naive ? 1 : Math.min(q.modelScale, MODEL_INPUT_MAX[runner.kind] / Math.max(width, height));
    const mw = Math.max(16, Math.round(width * scale));
    const mh = Math.max(16, Math.round(height * scale));
    if (!modelInput || modelInput.canvas.width !== mw || modelInput.canvas.height !== mh) modelInput = makeCanvas(mw, mh);
    modelInput.ctx.drawImage(frame, 0, 0, mw, mh);
    // Video-mode models need strictly increasing timestamps.
    lastTimestamp = Math.max(lastTimestamp + 1, Math.round(now));
    const t0 = performance.now();
    try {
      runner.run(modelInput.canvas, lastTimestamp, consume);
      modelRuns++;
    } catch (err) {
      warnOnce('video effect model run failed:', err);
    }
    lastModelMs = performance.now() - t0;
  }

  function render(frame: VideoFrame, now: number): VideoFrame | null {
    const q = decision.quality;
    // Frame-rate cap of the current quality level. A schedule (not "time since the last frame")
    // so that camera jitter at the same rate as the cap does not drop frames.
    const interval = 1000 / q.fps;
    if (!naive && now < nextDue - interval / 2) return null;
    nextDue = Math.max(nextDue + interval, now);
    const w = frame.displayWidth;
    const h = frame.displayHeight;
    if (w !== width || h !== height || !layers) setup(w, h);
    const l = layers!;
    const kind = modelFor(effect);
    const runner = kind ? readyRunners.get(kind) : undefined;
    if (runner && (naive || sinceModel + 1 >= q.modelEvery)) {
      runModel(frame, q, runner, now);
      sinceModel = 0;
    } else {
      sinceModel++;
    }
    const bg = effect === 'background' ? scaledBackground() : null;
    // Until the first mask (the model still loading, or just switched on), blur everything: an
    // agent who chose to hide the background must never have it sent, not even for a second.
    if (needsSegmenter(effect) && !mask.hasMask && modelState !== 'failed') compositeFullBlur(l, frame, width, height);
    else if (effect === 'blur' && mask.hasMask) (naive ? compositeNaiveBlur : compositeBlur)(l, frame, mask, width, height);
    else if (effect === 'background' && bg && mask.hasMask) compositeBackground(l, frame, mask, bg, width, height);
    else if (effect === 'face-tracking' && framer) compositeCrop(l, frame, framer.next(), width, height);
    else return frame;
    return new VideoFrame(l.out.canvas, { timestamp: frame.timestamp });
  }

  return {
    process(frame) {
      if (closed) return null;
      const t0 = performance.now();
      let out: VideoFrame | null;
      try {
        out = render(frame, t0);
      } catch (err) {
        // Keep the call's video alive: send the camera as it is, log once per distinct message.
        warnOnce('video effect frame failed:', err);
        out = frame;
      }
      if (!out) return null;
      const t1 = performance.now();
      frames++;
      outputTimes.push(t1);
      while (outputTimes.length > 0 && (outputTimes[0] ?? 0) < t1 - 1000) outputTimes.shift();
      frameMs.push(t1 - t0);
      if (!naive && effect !== 'none') {
        decision = adaptive.record(t1 - t0);
        if (modelState !== 'failed') emitDegraded(decision.degraded, DEGRADED_REASON);
      }
      return out;
    },
    setEffect(next, image) {
      effect = effectKindSchema.parse(next);
      if (image) {
        backgroundImage = image;
        bgScaled = null;
      }
      mask.reset();
      sinceModel = Number.POSITIVE_INFINITY;
      if (width > 0) framer = new FaceFramer(width, height);
      if (effect === 'none') emitDegraded(false, null);
      readyPromise = ensureModel(effect);
    },
    ready: () => readyPromise,
    stats() {
      return {
        effect,
        modelState,
        modelError,
        where,
        modelMs: lastModelMs,
        frames,
        modelRuns,
        medianMs: frameMs.percentile(50),
        p90Ms: frameMs.percentile(90),
        meanMs: frameMs.mean(),
        outputFps: outputTimes.length,
        quality: decision.quality,
        degraded,
        width,
        height,
      };
    },
    maskValues: () => (mask.hasMask ? { width: MASK_W, height: MASK_H, values: mask.values() } : null),
    currentCrop: () => (framer ? { ...framer.current() } : null),
    close() {
      closed = true;
      for (const r of runners.values()) void r.then((x) => x.close()).catch(() => undefined);
    },
  };
}

/** Where processed frames go: the output track's writer on the page, or the page itself from the worker. */
export interface FrameSink {
  /** Resolves when the sink can take another frame. */
  ready(): Promise<void>;
  /** Takes ownership of `frame` (and closes it when done). */
  write(frame: VideoFrame): void;
  close(): void;
}

/** A sink writing into a stream (the MediaStreamTrackGenerator's writable). */
export function writerSink(writer: WritableStreamDefaultWriter<VideoFrame>): FrameSink {
  return {
    ready: () => writer.ready,
    write: (frame) => void writer.write(frame).catch(() => frame.close()),
    close: () => void writer.close().catch(() => undefined),
  };
}

/**
 * Moves frames from the camera to the sink through `processor` until either side ends. It waits
 * for the sink before reading the next frame; the camera side keeps only the newest frame
 * (maxBufferSize 1), so a slow machine drops frames instead of adding latency.
 */
export async function pumpFrames(readable: ReadableStream<VideoFrame>, sink: FrameSink, processor: FrameProcessor, stopped: () => boolean): Promise<void> {
  const reader = readable.getReader();
  try {
    while (!stopped()) {
      await sink.ready();
      const r = await reader.read();
      if (r.done) break;
      const frame = r.value;
      let out: VideoFrame | null = null;
      try {
        out = stopped() ? null : processor.process(frame);
        if (out) sink.write(out);
      } finally {
        if (out !== frame) frame.close();
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
