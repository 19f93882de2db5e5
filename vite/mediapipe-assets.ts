// The video effects' runtime files (issue 8), made at build time from npm packages only: MediaPipe
// Tasks' WebAssembly (`@mediapipe/tasks-vision`, the ES-module build, loaded inside the effects
// worker) and the person-segmentation and face models that MediaPipe's legacy solutions ship
// (`@mediapipe/selfie_segmentation`, `@mediapipe/face_detection`), with the TFLite metadata Tasks
// needs added (see tflite-metadata.ts). Shipped under `<renderer>/mediapipe/`; never a network hub.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { addTfliteMetadata, imageMetadataBuffer, type ImageModelMetadata } from './tflite-metadata.js';

interface AssetRecipe {
  /** Package folder under node_modules and the file in it. */
  from: string;
  /** Present for models: the metadata to add. */
  metadata?: ImageModelMetadata;
}

/** Paths below the asset folder, as the renderer's effects worker requests them (effects/assets.ts). */
export const EFFECT_ASSETS: Readonly<Record<string, AssetRecipe>> = {
  'wasm/vision_wasm_module_internal.js': { from: '@mediapipe/tasks-vision/wasm/vision_wasm_module_internal.js' },
  'wasm/vision_wasm_module_internal.wasm': { from: '@mediapipe/tasks-vision/wasm/vision_wasm_module_internal.wasm' },
  // The landscape model (144×256) suits 4:3/16:9 cameras; MediaPipe feeds it RGB scaled to [0, 1].
  'models/selfie_segmentation_landscape.tflite': {
    from: '@mediapipe/selfie_segmentation/selfie_segmentation_landscape.tflite',
    metadata: { name: 'selfie_segmentation_landscape', mean: [0], std: [255], outputNames: ['segmentation'] },
  },
  // Short-range face detector (128×128), fed RGB scaled to [-1, 1].
  'models/face_detection_short_range.tflite': {
    from: '@mediapipe/face_detection/face_detection_short_range.tflite',
    metadata: { name: 'face_detection_short_range', mean: [127.5], std: [127.5], outputNames: ['regressors', 'classificators'] },
  },
};

const cache = new Map<string, Buffer>();

/** The bytes of one asset (`file` as in EFFECT_ASSETS), or null when it is not one of ours. */
export function readEffectAsset(nodeModules: string, file: string): Buffer | null {
  if (!Object.hasOwn(EFFECT_ASSETS, file)) return null;
  const recipe = EFFECT_ASSETS[file]!;
  const key = `${nodeModules}\0${file}`;
  let out = cache.get(key);
  if (!out) {
    const raw = readFileSync(path.join(nodeModules, recipe.from));
    out = recipe.metadata ? Buffer.from(addTfliteMetadata(new Uint8Array(raw), imageMetadataBuffer(recipe.metadata))) : raw;
    cache.set(key, out);
  }
  return out;
}
