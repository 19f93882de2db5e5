// The video effects pipeline: camera track in → processed track out (canvas → captureStream).
// Runs in the renderer. Models run only on some frames (adaptive), their latest result is reused
// in between, and the per-frame work is measured so the cost adapts to the machine (see adaptive.ts).
import { AdaptiveController, type AdaptiveOptions, type QualityLevel } from './adaptive.js';
import { BLUR_DOWNSCALE, BLUR_TINY_DOWNSCALE, MaskBuffer, compositeBackground, compositeBlur, compositeCrop, compositeNaiveBlur, compositeNone, coverRect, makeCanvas, type Layers } from './compositor.js';
import type { EffectKind } from './effect-settings.js';
import { effectKindSchema } from './effect-settings.js';
import { createFrameSource, type FrameSource, type SourceFrame } from './frame-source.js';
import { FaceFramer } from './framing.js';
import { RollingWindow } from './frame-stats.js';
import { pageRunner, type ModelKind, type ModelOutput, type ModelRunner } from './model-runner.js';

export type BackgroundImage = ImageBitmap | HTMLImageElement | HTMLCanvasElement;

export interface EffectPipelineOptions {
  effect: EffectKind;
  /** Required for 'background'; without it that effect falls back to 'none'. */
  backgroundImage?: BackgroundImage;
  /** Allowed average work per output frame in ms (default 20). */
  budgetMs?: number;
  /** URL of the folder holding `selfie_segmentation/` and `face_detection/` (default './mediapipe'). */
  assetBase?: string;
  /** Window to run in (default: the global window). */
  window?: Window;
  /** Faces below this detector score are ignored (the detector's own threshold option crashes). */
  minFaceScore?: number;
  /**
   * 'adaptive' (default) or 'naive' (bench reference: model on every full frame, full-resolution
   * blur, no adaptation).
   */
  mode?: 'adaptive' | 'naive';
  /** Overrides for the adaptive controller (tests, bench). */
  adaptive?: Partial<AdaptiveOptions>;
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
  /** Where the current model runs (today always the page). */
  modelWhere: 'worker' | 'page' | null;
  /** Duration of the last model run, ms. */
  modelMs: number;
  modelError: string | null;
  frames: number;
  modelRuns: number;
  /** Work per output frame over the recent window, ms. */
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

export interface EffectPipeline {
  /** Starts processing `input` and returns the processed track. One input per pipeline. */
  process(input: MediaStreamTrack): MediaStreamTrack;
  /** Switches effect mid-stream (no new track: the same output keeps flowing). */
  setEffect(effect: EffectKind, backgroundImage?: BackgroundImage): void;
  /** Called when the effect becomes degraded (or recovers). Returns an unsubscribe function. */
  onDegraded(cb: (info: DegradedInfo) => void): () => void;
  stats(): EffectStats;
  /** Resolves when the model needed by the current effect is loaded (or failed to load). */
  ready(): Promise<void>;
  /** Test/bench hook: the current person mask at model resolution (0..255), or null. */
  maskValues(): { width: number; height: number; values: Uint8Array } | null;
  /** Test/bench hook: the current face-tracking crop in input pixels. */
  currentCrop(): { x: number; y: number; w: number; h: number } | null;
  stop(): void;
}

const MASK_W = 256;
const MASK_H = 144;
const DEGRADED_REASON = 'Video effect reduced to keep the call smooth on this computer.';

export function createEffectPipeline(options: EffectPipelineOptions): EffectPipeline {
  const win = options.window ?? window;
  const doc = win.document;
  const assetBase = options.assetBase ?? './mediapipe';
  const naive = options.mode === 'naive';
  const minFaceScore = options.minFaceScore ?? 0.5;
  let effect: EffectKind = effectKindSchema.parse(options.effect);
  let backgroundImage = options.backgroundImage ?? null;

  const adaptive = new AdaptiveController({ ...options.adaptive, ...(options.budgetMs ? { budgetMs: options.budgetMs } : {}) });
  let decision = adaptive.decision();
  const frameMs = new RollingWindow(90);
  const outputTimes: number[] = [];
  const degradedListeners = new Set<(i: DegradedInfo) => void>();
  let degraded = false;

  const runners = new Map<ModelKind, Promise<ModelRunner>>();
  const readyRunners = new Map<ModelKind, ModelRunner>();
  let inFlight = false;
  let lastModelMs = 0;
  let modelState: EffectStats['modelState'] = 'idle';
  let modelError: string | null = null;

  let source: FrameSource | null = null;
  let stopped = false;
  let started = false;
  let width = 0;
  let height = 0;
  let layers: Layers | null = null;
  let output: HTMLCanvasElement | null = null;
  let modelInput: { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } | null = null;
  let bgScaled: HTMLCanvasElement | null = null;
  const mask = new MaskBuffer(doc, MASK_W, MASK_H);
  let framer: FaceFramer | null = null;
  let frames = 0;
  let modelRuns = 0;
  let sinceModel = Number.POSITIVE_INFINITY;
  let nextDue = 0;
  let outputTrack: MediaStreamTrack | null = null;

  const warned = new Set<string>();
  function warnOnce(what: string, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    if (warned.has(message) || warned.size > 20) return;
    warned.add(message);
    console.warn(what, message);
  }

  function needsSegmenter(e: EffectKind): boolean {
    return e === 'blur' || (e === 'background' && backgroundImage !== null);
  }

  function modelFor(e: EffectKind): ModelKind | null {
    if (needsSegmenter(e)) return 'segmentation';
    if (e === 'face-tracking') return 'face';
    return null;
  }

  function createRunner(kind: ModelKind): Promise<ModelRunner> {
    return pageRunner(kind, doc, assetBase);
  }

  /** Starts loading the model the effect needs (once); failures leave the video unprocessed. */
  function ensureModel(e: EffectKind): Promise<void> {
    const kind = modelFor(e);
    if (!kind) {
      modelState = readyRunners.size > 0 ? 'ready' : 'idle';
      return Promise.resolve();
    }
    if (readyRunners.has(kind)) {
      modelState = 'ready';
      return Promise.resolve();
    }
    let p = runners.get(kind);
    if (!p) {
      p = createRunner(kind);
      runners.set(kind, p);
    }
    modelState = 'loading';
    return p.then(
      (r) => {
        readyRunners.set(kind, r);
        if (modelFor(effect) === kind) modelState = 'ready';
      },
      (err: unknown) => {
        modelState = 'failed';
        modelError = err instanceof Error ? err.message : String(err);
        emitDegraded(true, 'The video effect could not start; your camera is sent without it.');
      },
    );
  }
  let readyPromise = ensureModel(effect);

  function emitDegraded(value: boolean, reason: string | null): void {
    if (value === degraded) return;
    degraded = value;
    for (const cb of degradedListeners) {
      try {
        cb({ degraded: value, reason: value ? reason : null });
      } catch {
        // A listener's error must not stop the video.
      }
    }
  }

  function setup(w: number, h: number): void {
    width = w;
    height = h;
    const out = makeCanvas(doc, w, h);
    output ??= out.canvas;
    output.width = w;
    output.height = h;
    const outCtx = output.getContext('2d');
    if (!outCtx) throw new Error('Canvas 2D is not available for video effects.');
    layers = {
      out: outCtx,
      bg: makeCanvas(doc, w, h).ctx,
      frame: makeCanvas(doc, w, h).ctx,
      small: makeCanvas(doc, Math.ceil(w / BLUR_DOWNSCALE), Math.ceil(h / BLUR_DOWNSCALE)).ctx,
      tiny: makeCanvas(doc, Math.ceil(w / BLUR_TINY_DOWNSCALE), Math.ceil(h / BLUR_TINY_DOWNSCALE)).ctx,
    };
    framer = new FaceFramer(w, h);
    bgScaled = null;
  }

  function scaledBackground(): HTMLCanvasElement | null {
    if (!backgroundImage) return null;
    if (!bgScaled) {
      const { canvas, ctx } = makeCanvas(doc, width, height);
      const iw = (backgroundImage as { width: number }).width;
      const ih = (backgroundImage as { height: number }).height;
      const r = coverRect(iw, ih, width, height);
      ctx.drawImage(backgroundImage, r.x, r.y, r.w, r.h, 0, 0, width, height);
      bgScaled = canvas;
    }
    return bgScaled;
  }

  function consume(out: ModelOutput): void {
    if ('mask' in out) {
      if (needsSegmenter(effect)) mask.update(out.mask);
      return;
    }
    if (effect !== 'face-tracking') return;
    const best = out.faces.filter((f) => f.score >= minFaceScore).sort((a, b) => b.score - a.score)[0];
    const b = best?.boundingBox;
    framer?.observe(b ? { x: (b.xCenter - b.width / 2) * width, y: (b.yCenter - b.height / 2) * height, w: b.width * width, h: b.height * height } : null);
  }

  /**
   * Hands the frame to the model. A worker runs it in parallel (we do not wait; its result is used
   * by later frames); on the page we must wait, as the model then occupies this thread anyway.
   */
  async function runModel(frame: SourceFrame, q: QualityLevel, runner: ModelRunner): Promise<void> {
    const scale = naive ? 1 : q.modelScale;
    const mw = Math.max(16, Math.round(frame.width * scale));
    const mh = Math.max(16, Math.round(frame.height * scale));
    if (!modelInput || modelInput.canvas.width !== mw || modelInput.canvas.height !== mh) modelInput = makeCanvas(doc, mw, mh);
    modelInput.ctx.drawImage(frame.image, 0, 0, mw, mh);
    inFlight = true;
    const t0 = win.performance.now();
    const run = runner.run(modelInput.canvas, consume).then(
      () => {
        lastModelMs = win.performance.now() - t0;
        modelRuns++;
      },
      (err: unknown) => warnOnce('video effect model run failed:', err),
    ).finally(() => {
      inFlight = false;
    });
    if (runner.blocking || naive) await run;
  }

  async function handle(frame: SourceFrame): Promise<void> {
    const q = decision.quality;
    const now = win.performance.now();
    // Frame-rate cap of the current quality level. A schedule (not "time since the last frame")
    // so that camera jitter at the same rate as the cap does not drop frames.
    const interval = 1000 / q.fps;
    if (!naive && now < nextDue - interval / 2) return;
    nextDue = Math.max(nextDue + interval, now);
    const t0 = now;
    if (frame.width !== width || frame.height !== height || !layers) setup(frame.width, frame.height);
    const l = layers!;
    const modelDue = naive || sinceModel + 1 >= q.modelEvery;
    const kind = modelFor(effect);
    const runner = kind ? readyRunners.get(kind) : undefined;
    if (modelDue && runner && !inFlight) {
      await runModel(frame, q, runner);
      sinceModel = 0;
    } else {
      sinceModel++;
    }
    const bg = effect === 'background' ? scaledBackground() : null;
    if (effect === 'blur' && mask.hasMask) {
      // Convert the camera frame (often YUV) to RGB once; the blur reads it twice.
      l.frame.globalCompositeOperation = 'copy';
      l.frame.drawImage(frame.image, 0, 0, width, height);
      (naive ? compositeNaiveBlur : compositeBlur)(l, l.frame.canvas, mask, width, height);
    } else if (effect === 'background' && bg && mask.hasMask) compositeBackground(l, frame.image, mask, bg, width, height);
    else if (effect === 'face-tracking' && framer) compositeCrop(l, frame.image, framer.next(), width, height);
    else compositeNone(l, frame.image, width, height);
    const t1 = win.performance.now();
    frames++;
    outputTimes.push(t1);
    while (outputTimes.length > 0 && (outputTimes[0] ?? 0) < t1 - 1000) outputTimes.shift();
    frameMs.push(t1 - t0);
    if (!naive && effect !== 'none') {
      // Cost per frame = our work on this thread + the model's work spread over the frames it serves
      // (a worker still uses a CPU core that the rest of the app and the call need).
      const modelShare = runner && !runner.blocking ? lastModelMs / q.modelEvery : 0;
      decision = adaptive.record(t1 - t0 + modelShare);
      if (modelState !== 'failed') emitDegraded(decision.degraded, DEGRADED_REASON);
    }
  }

  async function loop(): Promise<void> {
    while (!stopped && source) {
      const frame = await source.next();
      if (!frame) break;
      try {
        if (frame.width > 0 && frame.height > 0) await handle(frame);
      } catch (err) {
        // Keep the call's video alive: log once per distinct message and carry on.
        warnOnce('video effect frame failed:', err);
      } finally {
        frame.close();
      }
    }
  }

  return {
    process(input) {
      if (started) throw new Error('This effect pipeline already processes a track; create another pipeline.');
      if (input.kind !== 'video') throw new Error('Video effects need a video track.');
      started = true;
      const s = input.getSettings();
      setup(s.width ?? 640, s.height ?? 480);
      source = createFrameSource(input, win);
      const stream = output!.captureStream();
      const track = stream.getVideoTracks()[0];
      if (!track) throw new Error('This browser cannot capture a canvas as video.');
      outputTrack = track;
      void loop();
      return track;
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
    onDegraded(cb) {
      degradedListeners.add(cb);
      return () => degradedListeners.delete(cb);
    },
    ready: () => readyPromise,
    stats() {
      return {
        effect,
        modelState,
        modelError,
        modelWhere: readyRunners.get(modelFor(effect) ?? 'segmentation')?.where ?? null,
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
    stop() {
      stopped = true;
      source?.stop();
      source = null;
      outputTrack?.stop();
      for (const r of runners.values()) void r.then((x) => x.close()).catch(() => undefined);
      degradedListeners.clear();
    },
  };
}
