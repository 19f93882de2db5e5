// Loads MediaPipe's legacy "solutions" from local files (never a network hub). Their JS files are
// closure bundles that register globals instead of ES exports, so we add them with a <script> tag
// from `assetBase` (the build copies node_modules/@mediapipe/* there, see vite/mediapipe-plugin.ts)
// and point `locateFile` at the same folder for the wasm and model files.

export interface SegmentationResult {
  /** Confidence mask (the person is where alpha/red is high); valid only inside the callback. */
  segmentationMask: CanvasImageSource;
}

export interface SelfieSegmenter {
  setOptions(o: { modelSelection?: number; selfieMode?: boolean; useCpuInference?: boolean }): void;
  onResults(cb: (r: SegmentationResult) => void): void;
  initialize(): Promise<void>;
  send(input: { image: CanvasImageSource }): Promise<void>;
  close(): Promise<void>;
}

export interface RawDetection {
  boundingBox: { xCenter: number; yCenter: number; width: number; height: number };
  /** Present at run time although the shipped typings omit it. */
  V?: Array<{ index?: number; score?: number }>;
  score?: number[] | number;
}

export interface FaceDetector {
  setOptions(o: { model?: 'short' | 'full'; selfieMode?: boolean; useCpuInference?: boolean }): void;
  onResults(cb: (r: { detections: RawDetection[] }) => void): void;
  initialize(): Promise<void>;
  send(input: { image: CanvasImageSource }): Promise<void>;
  close(): Promise<void>;
}

/** MediaPipe never settles initialize() when its wasm is refused (e.g. a CSP without 'wasm-unsafe-eval'). */
export const MODEL_LOAD_TIMEOUT_MS = 30_000;

function initialized(init: Promise<void>, what: string, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`The ${what} model did not load within ${Math.round(timeoutMs / 1000)} s (is WebAssembly allowed: CSP 'wasm-unsafe-eval'?).`)),
      timeoutMs,
    );
  });
  return Promise.race([init, timeout]).finally(() => clearTimeout(timer));
}

type SolutionCtor<T> = new (config: { locateFile: (file: string) => string }) => T;

const loading = new Map<string, Promise<void>>();

function folder(assetBase: string, pkg: string): string {
  return `${assetBase.replace(/\/+$/, '')}/${pkg}`;
}

function loadScript(doc: Document, src: string): Promise<void> {
  const existing = loading.get(src);
  if (existing) return existing;
  const p = new Promise<void>((resolve, reject) => {
    const el = doc.createElement('script');
    el.src = src;
    el.async = true;
    el.onload = () => resolve();
    el.onerror = () => {
      loading.delete(src);
      reject(new Error(`Could not load the video-effect model script ${src}. Is the mediapipe folder copied next to the app?`));
    };
    doc.head.appendChild(el);
  });
  loading.set(src, p);
  return p;
}

async function ctor<T>(doc: Document, assetBase: string, pkg: string, file: string, globalName: string): Promise<SolutionCtor<T>> {
  await loadScript(doc, `${folder(assetBase, pkg)}/${file}`);
  const c = (doc.defaultView as unknown as Record<string, unknown> | null)?.[globalName];
  if (typeof c !== 'function') throw new Error(`${file} did not define ${globalName}.`);
  return c as SolutionCtor<T>;
}

/**
 * Creates and initialises the selfie segmenter. CPU inference: on machines without a GPU it was ~3×
 * faster than MediaPipe's WebGL path, and it keeps the GPU free for compositing elsewhere.
 */
export async function createSelfieSegmenter(doc: Document, assetBase: string, opts: { useCpuInference?: boolean; timeoutMs?: number } = {}): Promise<SelfieSegmenter> {
  const C = await ctor<SelfieSegmenter>(doc, assetBase, 'selfie_segmentation', 'selfie_segmentation.js', 'SelfieSegmentation');
  const seg = new C({ locateFile: (f) => `${folder(assetBase, 'selfie_segmentation')}/${f}` });
  // modelSelection 1 = the landscape model (144×256), matched to 4:3/16:9 webcam frames.
  seg.setOptions({ modelSelection: 1, selfieMode: false, useCpuInference: opts.useCpuInference ?? true });
  await initialized(seg.initialize(), 'background segmentation', opts.timeoutMs ?? MODEL_LOAD_TIMEOUT_MS);
  return seg;
}

/** Face detector (short-range model). Do not pass minDetectionConfidence: it crashes; filter scores instead. */
export async function createFaceDetector(doc: Document, assetBase: string, opts: { useCpuInference?: boolean; timeoutMs?: number } = {}): Promise<FaceDetector> {
  const C = await ctor<FaceDetector>(doc, assetBase, 'face_detection', 'face_detection.js', 'FaceDetection');
  const fd = new C({ locateFile: (f) => `${folder(assetBase, 'face_detection')}/${f}` });
  fd.setOptions({ model: 'short', selfieMode: false, useCpuInference: opts.useCpuInference ?? true });
  await initialized(fd.initialize(), 'face detection', opts.timeoutMs ?? MODEL_LOAD_TIMEOUT_MS);
  return fd;
}
