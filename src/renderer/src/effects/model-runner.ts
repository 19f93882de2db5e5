// Runs a model on a frame. Today the models run on the page (`blocking`: the pipeline waits for
// them); the interface also fits an off-thread runner, which the pipeline would not wait for.
// (MediaPipe's legacy solutions have a Web Worker code path, but in these versions it fails:
// it importScripts its model files, expects a global `Module`, then breaks in send().)
import { createFaceDetector, createSelfieSegmenter, type RawDetection } from './mediapipe-loader.js';
import { detectionScore } from './mask-math.js';

export type ModelKind = 'segmentation' | 'face';

export interface FaceResult {
  boundingBox: { xCenter: number; yCenter: number; width: number; height: number };
  score: number;
}

export type ModelOutput = { mask: CanvasImageSource } | { faces: FaceResult[] };

export interface ModelRunner {
  /** True when run() occupies the UI thread (the pipeline then waits for it). */
  readonly blocking: boolean;
  readonly where: 'worker' | 'page';
  /** Runs the model on `input`; `consume` gets the result synchronously while it is valid. */
  run(input: HTMLCanvasElement, consume: (out: ModelOutput) => void): Promise<void>;
  close(): void;
}

export async function pageRunner(kind: ModelKind, doc: Document, assetBase: string): Promise<ModelRunner> {
  let consumer: ((out: ModelOutput) => void) | null = null;
  if (kind === 'segmentation') {
    const seg = await createSelfieSegmenter(doc, assetBase);
    seg.onResults((r) => consumer?.({ mask: r.segmentationMask }));
    return {
      blocking: true,
      where: 'page',
      async run(input, consume) {
        consumer = consume;
        await seg.send({ image: input });
      },
      close: () => void seg.close().catch(() => undefined),
    };
  }
  const fd = await createFaceDetector(doc, assetBase);
  fd.onResults((r) => consumer?.({ faces: (r.detections ?? []).map((d: RawDetection) => ({ boundingBox: d.boundingBox, score: detectionScore(d) })) }));
  return {
    blocking: true,
    where: 'page',
    async run(input, consume) {
      consumer = consume;
      await fd.send({ image: input });
    },
    close: () => void fd.close().catch(() => undefined),
  };
}
