import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EFFECT_ASSETS, readEffectAsset } from './mediapipe-assets.js';
import { addTfliteMetadata, imageMetadataBuffer, metadataEntry, metadataNames, readNormalization } from './tflite-metadata.js';

const nodeModules = path.resolve(import.meta.dirname, '..', 'node_modules');
const models = Object.entries(EFFECT_ASSETS).filter(([, r]) => r.metadata);
const meta = { name: 'm', mean: [0], std: [255], outputNames: ['out'] };

describe('addTfliteMetadata on the shipped models', () => {
  it.each(models)('%s gets a TFLITE_METADATA entry with its normalisation, the rest kept byte for byte', (file, recipe) => {
    const original = new Uint8Array(readFileSync(path.join(nodeModules, recipe.from)));
    const out = new Uint8Array(readEffectAsset(nodeModules, file)!);
    expect(metadataNames(original)).not.toContain('TFLITE_METADATA');
    expect(metadataNames(out)).toEqual([...metadataNames(original), 'TFLITE_METADATA']);
    const n = readNormalization(metadataEntry(out)!);
    expect(n).toEqual({ name: recipe.metadata!.name, mean: recipe.metadata!.mean, std: recipe.metadata!.std });
    // The old file follows the new root verbatim, at an offset that keeps its buffers aligned.
    const offset = out.length - original.length;
    expect(offset % 64).toBe(0);
    expect(Buffer.from(out.subarray(offset)).equals(Buffer.from(original))).toBe(true);
    expect(new TextDecoder().decode(out.subarray(4, 8))).toBe('TFL3');
    // The metadata FlatBuffer carries its schema's identifier.
    expect(new TextDecoder().decode(metadataEntry(out)!.subarray(4, 8))).toBe('M001');
  });
});

describe('addTfliteMetadata refuses what it cannot rewrite', () => {
  const seg = new Uint8Array(readFileSync(path.join(nodeModules, '@mediapipe/selfie_segmentation/selfie_segmentation.tflite')));
  it.each([
    ['a file that is not a TFLite model', new TextEncoder().encode('definitely not a model'), /Not a TFLite model/],
    ['a too short file', new Uint8Array(4), /too short/],
    ['a model that already has metadata', addTfliteMetadata(seg, imageMetadataBuffer(meta)), /already has TFLite metadata/],
  ])('%s', (_name, model, error) => {
    expect(() => addTfliteMetadata(model, imageMetadataBuffer(meta))).toThrow(error);
  });

  it.each([
    ['no mean', { ...meta, mean: [], std: [] }],
    ['a zero std', { ...meta, std: [0] }],
    ['mean and std of different lengths', { ...meta, mean: [0, 0, 0] }],
  ])('metadata with %s', (_name, m) => {
    expect(() => imageMetadataBuffer(m)).toThrow(/Normalisation/);
  });
});

describe('readEffectAsset', () => {
  it.each([['../package.json'], ['wasm/../../package.json'], ['models/unknown.tflite'], ['constructor']])('serves nothing for %s', (file) => {
    expect(readEffectAsset(nodeModules, file)).toBeNull();
  });
  it('serves the Tasks wasm as it ships', () => {
    const wasm = readEffectAsset(nodeModules, 'wasm/vision_wasm_module_internal.wasm')!;
    expect([...wasm.subarray(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
  });
});
