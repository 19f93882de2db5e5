// Runs the effect models with MediaPipe Tasks (`@mediapipe/tasks-vision`), which works in a Web
// Worker: the effects worker calls these synchronously between frames, off the UI thread. The wasm
// and the models come from the app's own files (`<assetBase>/wasm`, `<assetBase>/models`, made at
// build time from npm packages by vite/mediapipe-assets.ts), never from a network hub.
import { FaceDetector, ImageSegmenter } from '@mediapipe/tasks-vision';

type WasmFileset = Parameters<typeof ImageSegmenter.createFromOptions>[0];

export type ModelKind = 'segmentation' | 'face';

export interface FaceResult {
  /** Normalised to the input (0..1), centre and size. */
  boundingBox: { xCenter: number; yCenter: number; width: number; height: number };
  score: number;
}

/** A person mask (0..1 per pixel, row-major) at the input's size, or the faces found. */
export type ModelOutput = { mask: Float32Array; width: number; height: number } | { faces: FaceResult[] };

export interface ModelRunner {
  readonly kind: ModelKind;
  /** Runs the model on `input` (timestamps in ms must increase); `consume` gets the result at once. */
  run(input: OffscreenCanvas, timestampMs: number, consume: (out: ModelOutput) => void): void;
  close(): void;
}

export const WASM_LOADER = 'wasm/vision_wasm_module_internal.js';
export const WASM_BINARY = 'wasm/vision_wasm_module_internal.wasm';
export const MODEL_FILES: Record<ModelKind, string> = {
  segmentation: 'models/selfie_segmentation_landscape.tflite',
  face: 'models/face_detection_short_range.tflite',
};

/** WebAssembly refused by a CSP without 'wasm-unsafe-eval' can leave the wasm start pending forever. */
export const MODEL_LOAD_TIMEOUT_MS = 30_000;

const join = (base: string, file: string): string => `${base.replace(/\/+$/, '')}/${file}`;

async function fetchModel(url: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new Error(`Could not load the video-effect model ${url}: ${err instanceof Error ? err.message : String(err)}.`);
  }
  if (!res.ok) throw new Error(`Could not load the video-effect model ${url} (HTTP ${res.status}). Is the mediapipe folder shipped next to the app?`);
  return new Uint8Array(await res.arrayBuffer());
}

type Global = { ModuleFactory?: unknown };
const factories = new Map<string, Promise<unknown>>();

/**
 * Loads the wasm glue (an ES module) ourselves, once per base. Tasks clears the global
 * `ModuleFactory` after creating a task and a module runs only once, so a second task (Blur, then
 * Face tracking) would fail with "ModuleFactory not set": we keep the factory and put it back
 * before each creation. The fileset then names no loader, so Tasks does not load it again (on a
 * page it would add it as a classic <script>, where a module's `import.meta` is an error).
 */
async function fileset(assetBase: string): Promise<WasmFileset> {
  const wasmLoaderPath = join(assetBase, WASM_LOADER);
  let factory = factories.get(wasmLoaderPath);
  if (!factory) {
    factory = import(/* @vite-ignore */ wasmLoaderPath).then(
      () => (globalThis as Global).ModuleFactory,
      (err: unknown) => {
        factories.delete(wasmLoaderPath);
        throw new Error(`Could not load the video-effect model runtime ${wasmLoaderPath}: ${err instanceof Error ? err.message : String(err)}.`);
      },
    );
    factories.set(wasmLoaderPath, factory);
  }
  const f = await factory;
  if (typeof f !== 'function') throw new Error(`${wasmLoaderPath} did not define the MediaPipe module factory.`);
  (globalThis as Global).ModuleFactory = f;
  return { wasmLoaderPath: '', wasmBinaryPath: join(assetBase, WASM_BINARY) };
}

function withTimeout<T>(p: Promise<T>, what: string, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The ${what} model did not load within ${Math.round(ms / 1000)} s (is WebAssembly allowed: CSP 'wasm-unsafe-eval'?).`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Creates the runner for `kind`. CPU inference: on machines without a GPU it was several times
 * faster than the WebGL path here, and it leaves the GPU to the call's video.
 */
export async function createModelRunner(kind: ModelKind, assetBase: string, timeoutMs = MODEL_LOAD_TIMEOUT_MS): Promise<ModelRunner> {
  const [files, model] = await Promise.all([fileset(assetBase), fetchModel(join(assetBase, MODEL_FILES[kind]))]);
  const baseOptions = { modelAssetBuffer: model, delegate: 'CPU' as const };
  if (kind === 'segmentation') {
    const seg = await withTimeout(ImageSegmenter.createFromOptions(files, { baseOptions, runningMode: 'VIDEO', outputConfidenceMasks: true, outputCategoryMask: false }), 'background segmentation', timeoutMs);
    return {
      kind,
      run(input, ts, consume) {
        seg.segmentForVideo(input, ts, (r) => {
          // The mask lives in wasm memory only during this callback.
          const m = r.confidenceMasks?.[0];
          if (m) consume({ mask: m.getAsFloat32Array(), width: m.width, height: m.height });
        });
      },
      close: () => seg.close(),
    };
  }
  const fd = await withTimeout(FaceDetector.createFromOptions(files, { baseOptions, runningMode: 'VIDEO' }), 'face detection', timeoutMs);
  return {
    kind,
    run(input, ts, consume) {
      const w = input.width;
      const h = input.height;
      const r = fd.detectForVideo(input, ts);
      consume({
        faces: r.detections.flatMap((d) => {
          const b = d.boundingBox;
          if (!b) return [];
          return [{ boundingBox: { xCenter: (b.originX + b.width / 2) / w, yCenter: (b.originY + b.height / 2) / h, width: b.width / w, height: b.height / h }, score: d.categories[0]?.score ?? 0 }];
        }),
      });
    },
    close: () => fd.close(),
  };
}
