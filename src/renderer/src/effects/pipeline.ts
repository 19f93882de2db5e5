// The video effects pipeline as the page sees it: camera track in → processed track out. The work
// (every frame, every model run) happens in the effects worker, so a busy effect never blocks the
// UI thread: the page hands over the camera's frame stream (MediaStreamTrackProcessor), puts the
// frames the worker sends back on the output track (MediaStreamTrackGenerator) and receives stats a
// few times a second. Where a worker cannot start, or stops answering during the call, the same
// processor runs on the page (and says so in stats().where): effects never cost the agent the camera.
import type { AdaptiveOptions } from './adaptive.js';
import { DEFAULT_ADAPTIVE, QUALITY_LADDER } from './adaptive.js';
import type { EffectKind } from './effect-settings.js';
import { effectKindSchema } from './effect-settings.js';
import { createFrameProcessor, pumpFrames, writerSink, type DegradedInfo, type EffectStats, type FrameProcessor } from './processor.js';
import { effectStatsSchema, workerEventSchema, type WorkerCommand, type WorkerOptions } from './worker-protocol.js';

export type { DegradedInfo, EffectStats } from './processor.js';
export type BackgroundImage = ImageBitmap | HTMLImageElement | HTMLCanvasElement | OffscreenCanvas;

export interface EffectPipelineOptions {
  effect: EffectKind;
  /** Required for 'background'; without it that effect falls back to 'none'. */
  backgroundImage?: BackgroundImage;
  /** Allowed average work per output frame in ms (default 20). */
  budgetMs?: number;
  /** URL of the folder holding `wasm/` and `models/` (default './mediapipe', against the page). */
  assetBase?: string;
  /** Window to run in (default: the global window). */
  window?: Window;
  /** Faces below this detector score are ignored. */
  minFaceScore?: number;
  /** 'adaptive' (default) or 'naive' (bench reference: model on every full frame, full-resolution blur). */
  mode?: 'adaptive' | 'naive';
  /** Overrides for the adaptive controller (tests, bench). */
  adaptive?: Partial<AdaptiveOptions>;
  /** Starts the effects worker (default: the app's bundled worker); null runs the effect on the page. */
  createWorker?: () => Worker | null;
}

export interface EffectPipeline {
  /** Starts processing `input` and returns the processed track. One input per pipeline. */
  process(input: MediaStreamTrack): MediaStreamTrack;
  /** Switches effect mid-stream (no new track: the same output keeps flowing). */
  setEffect(effect: EffectKind, backgroundImage?: BackgroundImage): void;
  /** Called when the effect becomes degraded (or recovers). Returns an unsubscribe function. */
  onDegraded(cb: (info: DegradedInfo) => void): () => void;
  /** The latest stats (the worker reports them a few times a second). */
  stats(): EffectStats;
  /** The stats as of now, asked from the worker. */
  freshStats(): Promise<EffectStats>;
  /** Resolves when the model needed by the current effect is loaded (or failed to load). */
  ready(): Promise<void>;
  /** Test/bench hook: the current person mask at model resolution (0..255), or null. */
  maskValues(): Promise<{ width: number; height: number; values: Uint8Array } | null>;
  /** Test/bench hook: the current face-tracking crop in input pixels. */
  currentCrop(): Promise<{ x: number; y: number; w: number; h: number } | null>;
  stop(): void;
}

/** A worker that has not said hello by then is given up on and the page runs the effect. */
export const WORKER_START_TIMEOUT_MS = 10_000;
/** A running worker reports every 250 ms; this long without a word and the page takes over. */
export const WORKER_SILENCE_MS = 5_000;
const QUERY_TIMEOUT_MS = 5_000;

type ProcessorCtor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => { readable: ReadableStream<VideoFrame> };
type GeneratorCtor = new (init: { kind: 'video' }) => MediaStreamTrack & { writable: WritableStream<VideoFrame> };

function defaultWorker(): Worker {
  return new Worker(new URL('./effects-worker.ts', import.meta.url), { type: 'module', name: 'video-effects' });
}

async function toBitmap(win: Window, image: BackgroundImage | undefined): Promise<ImageBitmap | undefined> {
  if (!image) return undefined;
  // A copy: the original stays usable on the page (previews), the copy is transferred.
  return win.createImageBitmap(image);
}

export function createEffectPipeline(options: EffectPipelineOptions): EffectPipeline {
  const win = options.window ?? window;
  const assetBase = new URL(options.assetBase ?? './mediapipe', win.document.baseURI).href.replace(/\/+$/, '');
  const workerOptions: WorkerOptions = {
    effect: effectKindSchema.parse(options.effect),
    assetBase,
    ...(options.budgetMs ? { budgetMs: options.budgetMs } : {}),
    ...(options.minFaceScore !== undefined ? { minFaceScore: options.minFaceScore } : {}),
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.adaptive ? { adaptive: options.adaptive } : {}),
  };
  const degradedListeners = new Set<(i: DegradedInfo) => void>();
  let last: EffectStats = {
    effect: workerOptions.effect, modelState: workerOptions.effect === 'none' ? 'idle' : 'loading', where: 'worker',
    modelMs: 0, modelError: null, frames: 0, modelRuns: 0, medianMs: 0, p90Ms: 0, meanMs: 0, outputFps: 0,
    quality: QUALITY_LADDER[options.adaptive?.startLevel ?? DEFAULT_ADAPTIVE.startLevel] ?? QUALITY_LADDER[0]!,
    degraded: false, width: 0, height: 0,
  };
  let started = false;
  let stopped = false;
  let input: MediaStreamTrack | null = null;
  let Processor: ProcessorCtor | undefined;
  let worker: Worker | null = null;
  let local: FrameProcessor | null = null;
  let generator: (MediaStreamTrack & { writable: WritableStream<VideoFrame> }) | null = null;
  let writer: WritableStreamDefaultWriter<VideoFrame> | null = null;
  // The background currently chosen, kept to restart the effect on the page if the worker fails.
  let image: BackgroundImage | undefined = options.backgroundImage;
  let lastHeard = 0;
  let watchdog: ReturnType<typeof setInterval> | undefined;
  // Commands go out in order, after any image conversion they need.
  let queue: Promise<void> = Promise.resolve();
  let generation = 0;
  let settledGeneration = -1;
  const readyWaiters: Array<{ generation: number; resolve: () => void }> = [];
  const replies = new Map<number, (v: unknown) => void>();
  let nextQuery = 0;

  function emitDegraded(info: DegradedInfo): void {
    for (const cb of degradedListeners) {
      try {
        cb(info);
      } catch {
        // A listener's error must not stop the video.
      }
    }
  }

  function settle(g: number): void {
    settledGeneration = Math.max(settledGeneration, g);
    for (const w of readyWaiters.splice(0)) {
      if (w.generation <= settledGeneration) w.resolve();
      else readyWaiters.push(w);
    }
  }

  function send(cmd: WorkerCommand, transfer: Transferable[] = []): void {
    worker?.postMessage(cmd, transfer);
  }

  function onWorkerMessage(ev: MessageEvent): void {
    lastHeard = win.performance.now();
    const parsed = workerEventSchema.safeParse(ev.data);
    if (!parsed.success) return;
    const e = parsed.data;
    if (e.type === 'frame') {
      // Dropped rather than queued when the output is behind (latency), or once the page took over.
      if (stopped || local || !writer || (writer.desiredSize ?? 0) <= 0) e.frame.close();
      else writerSink(writer).write(e.frame);
    } else if (e.type === 'stats') last = e.stats;
    else if (e.type === 'degraded') emitDegraded(e.info);
    else if (e.type === 'settled') settle(e.generation);
    else if (e.type === 'reply') {
      replies.get(e.id)?.(e.value);
      replies.delete(e.id);
    }
  }

  /** Runs the effect on the page: the fallback when no worker starts or the worker fails. */
  function runOnPage(readable: ReadableStream<VideoFrame>, bitmap: ImageBitmap | undefined): void {
    worker?.terminate();
    worker = null;
    if (!writer) return;
    const p = createFrameProcessor({ ...workerOptions, effect: last.effect, backgroundImage: bitmap }, { degraded: emitDegraded }, 'page');
    local = p;
    last = p.stats();
    const g = generation;
    void p.ready().then(() => settle(g));
    void pumpFrames(readable, writerSink(writer), p, () => stopped).catch(() => undefined);
  }

  /** The worker died or hangs: read the camera again here and go on with the effect on the page. */
  function takeOver(reason: string): void {
    if (!worker || stopped) return;
    console.warn(`video effects: ${reason}; the effect goes on on the page.`);
    clearInterval(watchdog);
    worker.terminate();
    worker = null;
    for (const reply of replies.values()) reply(null);
    replies.clear();
    if (!input || input.readyState !== 'live' || !Processor) return;
    const readable = new Processor({ track: input, maxBufferSize: 1 }).readable;
    void toBitmap(win, image).catch(() => undefined).then((bitmap) => runOnPage(readable, bitmap));
  }

  /** Starts the worker and hands it the camera stream once it has loaded (or falls back to the page). */
  async function start(readable: ReadableStream<VideoFrame>): Promise<void> {
    const bitmap = await toBitmap(win, image).catch(() => undefined);
    let w: Worker | null = null;
    try {
      w = (options.createWorker ?? defaultWorker)();
    } catch (err) {
      console.warn('video effects worker unavailable, running on the page:', err instanceof Error ? err.message : err);
    }
    if (!w) return runOnPage(readable, bitmap);
    worker = w;
    const hello = await new Promise<boolean>((resolve) => {
      const timer = win.setTimeout(() => resolve(false), WORKER_START_TIMEOUT_MS);
      w.addEventListener('message', (ev: MessageEvent) => {
        if ((ev.data as { type?: unknown } | null)?.type === 'hello') {
          win.clearTimeout(timer);
          resolve(true);
        }
      });
      w.addEventListener('error', (ev) => {
        win.clearTimeout(timer);
        console.warn('video effects worker failed to start, running on the page:', ev.message);
        resolve(false);
      });
    });
    if (stopped) {
      w.terminate();
      return;
    }
    if (!hello) return runOnPage(readable, bitmap);
    w.addEventListener('message', onWorkerMessage);
    w.addEventListener('error', (ev) => takeOver(`the worker failed (${ev.message})`));
    lastHeard = win.performance.now();
    watchdog = setInterval(() => {
      if (win.performance.now() - lastHeard > WORKER_SILENCE_MS) takeOver(`the worker has not answered for ${WORKER_SILENCE_MS / 1000} s`);
    }, 1_000);
    send({ type: 'start', readable, options: { ...workerOptions, effect: last.effect }, ...(bitmap ? { backgroundImage: bitmap } : {}) }, [readable, ...(bitmap ? [bitmap] : [])]);
  }

  function query(what: 'mask' | 'crop' | 'stats'): Promise<unknown> {
    if (local) return Promise.resolve(what === 'mask' ? local.maskValues() : what === 'crop' ? local.currentCrop() : local.stats());
    if (!worker) return Promise.resolve(null);
    const id = nextQuery++;
    return new Promise((resolve) => {
      const timer = win.setTimeout(() => {
        replies.delete(id);
        resolve(null);
      }, QUERY_TIMEOUT_MS);
      replies.set(id, (v) => {
        win.clearTimeout(timer);
        resolve(v);
      });
      send({ type: 'query', id, what });
    });
  }

  return {
    process(track) {
      if (started) throw new Error('This effect pipeline already processes a track; create another pipeline.');
      if (track.kind !== 'video') throw new Error('Video effects need a video track.');
      Processor = (win as unknown as { MediaStreamTrackProcessor?: ProcessorCtor }).MediaStreamTrackProcessor;
      const Generator = (win as unknown as { MediaStreamTrackGenerator?: GeneratorCtor }).MediaStreamTrackGenerator;
      if (!Processor || !Generator) throw new Error('This browser cannot process camera frames (no MediaStreamTrackProcessor).');
      started = true;
      input = track;
      // maxBufferSize 1: when the effect falls behind, older frames are dropped instead of queueing latency.
      const readable = new Processor({ track, maxBufferSize: 1 }).readable;
      generator = new Generator({ kind: 'video' });
      writer = generator.writable.getWriter();
      queue = start(readable).catch((err: unknown) => console.warn('video effects did not start:', err));
      return generator;
    },
    setEffect(next, bgImage) {
      const effect = effectKindSchema.parse(next);
      const g = ++generation;
      last = { ...last, effect, modelState: effect === 'none' ? last.modelState : 'loading' };
      if (bgImage) image = bgImage;
      queue = queue.then(async () => {
        const bitmap = await toBitmap(win, bgImage).catch(() => undefined);
        if (local) {
          local.setEffect(effect, bitmap);
          last = local.stats();
          void local.ready().then(() => settle(g));
        } else if (worker) send({ type: 'effect', generation: g, effect, ...(bitmap ? { backgroundImage: bitmap } : {}) }, bitmap ? [bitmap] : []);
        else settle(g);
      });
    },
    onDegraded(cb) {
      degradedListeners.add(cb);
      return () => degradedListeners.delete(cb);
    },
    ready() {
      if (stopped || settledGeneration >= generation) return Promise.resolve();
      return new Promise<void>((resolve) => readyWaiters.push({ generation, resolve }));
    },
    stats: () => (local ? local.stats() : last),
    freshStats: async () => {
      const parsed = effectStatsSchema.safeParse(await query('stats'));
      return parsed.success ? parsed.data : local ? local.stats() : last;
    },
    maskValues: () => query('mask') as Promise<{ width: number; height: number; values: Uint8Array } | null>,
    currentCrop: () => query('crop') as Promise<{ x: number; y: number; w: number; h: number } | null>,
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(watchdog);
      send({ type: 'stop' });
      const w = worker;
      // Give the worker a moment to close its models, then end it whatever it does.
      if (w) win.setTimeout(() => w.terminate(), 1_000);
      local?.close();
      generator?.stop();
      settle(Number.MAX_SAFE_INTEGER);
      degradedListeners.clear();
    },
  };
}
