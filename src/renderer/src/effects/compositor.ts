// Canvas 2D compositing for the effects. Cheap by construction: the background blur is computed on
// a small copy and scaled up (a large blur radius for the price of a thumbnail), the custom
// background is pre-scaled once, and the person mask stays at model resolution and is upscaled
// with smoothing, which also feathers its edge.
import type { Box } from './mask-math.js';
import { blendMasks, channel, refineMask } from './mask-math.js';

export type Canvas2D = CanvasRenderingContext2D;

export function makeCanvas(doc: Document, w: number, h: number): { canvas: HTMLCanvasElement; ctx: Canvas2D } {
  const canvas = doc.createElement('canvas');
  canvas.width = Math.max(1, Math.round(w));
  canvas.height = Math.max(1, Math.round(h));
  const ctx = canvas.getContext('2d', { willReadFrequently: false });
  if (!ctx) throw new Error('Canvas 2D is not available for video effects.');
  return { canvas, ctx };
}

/** Source rectangle that covers dst (like CSS object-fit: cover) for an image of iw×ih. */
export function coverRect(iw: number, ih: number, dw: number, dh: number): Box {
  const scale = Math.max(dw / iw, dh / ih);
  const w = dw / scale;
  const h = dh / scale;
  return { x: (iw - w) / 2, y: (ih - h) / 2, w, h };
}

/**
 * Keeps the person mask at model resolution: refined (soft threshold) and smoothed over time, in
 * the alpha channel of its own canvas.
 */
export class MaskBuffer {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private prev: Uint8Array | null = null;
  hasMask = false;

  constructor(doc: Document, readonly width: number, readonly height: number, private readonly temporalAlpha = 0.65) {
    this.canvas = doc.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = height;
    const ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('Canvas 2D is not available for video effects.');
    this.ctx = ctx;
  }

  /** Copies a model mask (valid only during the model's callback) into the buffer. */
  update(mask: CanvasImageSource): void {
    this.ctx.globalCompositeOperation = 'copy';
    this.ctx.drawImage(mask, 0, 0, this.width, this.height);
    const img = this.ctx.getImageData(0, 0, this.width, this.height);
    const refined = refineMask(channel(img.data, 3));
    const smoothed = blendMasks(this.prev, refined, this.temporalAlpha);
    this.prev = smoothed;
    for (let i = 0; i < smoothed.length; i++) {
      img.data[i * 4] = 255;
      img.data[i * 4 + 1] = 255;
      img.data[i * 4 + 2] = 255;
      img.data[i * 4 + 3] = smoothed[i] ?? 0;
    }
    this.ctx.putImageData(img, 0, 0);
    this.hasMask = true;
  }

  /** The current mask values (0..255), for tests. */
  values(): Uint8Array {
    return channel(this.ctx.getImageData(0, 0, this.width, this.height).data, 3);
  }

  reset(): void {
    this.prev = null;
    this.hasMask = false;
  }
}

export interface Layers {
  out: Canvas2D;
  bg: Canvas2D;
  small: Canvas2D;
  tiny: Canvas2D;
  /** RGB copy of the camera frame. */
  frame: Canvas2D;
}

/**
 * The blur is a downscale pyramid: the frame is shrunk to 1/4 and then 1/16 and scaled back up with
 * bilinear smoothing, which is a wide low-pass filter for the price of three small draws (a canvas
 * `filter: blur()` runs on the CPU without a GPU and costs several ms per frame).
 */
export const BLUR_DOWNSCALE = 4;
export const BLUR_TINY_DOWNSCALE = 16;

/** Blurred background behind the person. */
export function compositeBlur(l: Layers, frame: CanvasImageSource, mask: MaskBuffer, w: number, h: number): void {
  l.small.imageSmoothingEnabled = true;
  l.small.imageSmoothingQuality = 'low';
  l.small.globalCompositeOperation = 'copy';
  l.small.drawImage(frame, 0, 0, l.small.canvas.width, l.small.canvas.height);
  l.tiny.imageSmoothingEnabled = true;
  l.tiny.globalCompositeOperation = 'copy';
  l.tiny.drawImage(l.small.canvas, 0, 0, l.tiny.canvas.width, l.tiny.canvas.height);
  // Back up in two steps: one big bilinear step leaves visible blocks.
  l.small.drawImage(l.tiny.canvas, 0, 0, l.small.canvas.width, l.small.canvas.height);
  l.bg.globalCompositeOperation = 'copy';
  l.bg.imageSmoothingEnabled = true;
  l.bg.drawImage(l.small.canvas, 0, 0, w, h);
  personOver(l, frame, mask, w, h);
}

/** The agent's image behind the person (`background` is pre-scaled to w×h). */
export function compositeBackground(l: Layers, frame: CanvasImageSource, mask: MaskBuffer, background: CanvasImageSource, w: number, h: number): void {
  l.bg.globalCompositeOperation = 'copy';
  l.bg.drawImage(background, 0, 0, w, h);
  personOver(l, frame, mask, w, h);
}

/** out = frame, then the background layer where the mask says "not person". */
function personOver(l: Layers, frame: CanvasImageSource, mask: MaskBuffer, w: number, h: number): void {
  l.bg.globalCompositeOperation = 'destination-out';
  l.bg.imageSmoothingEnabled = true;
  l.bg.drawImage(mask.canvas, 0, 0, w, h);
  l.bg.globalCompositeOperation = 'source-over';
  l.out.globalCompositeOperation = 'copy';
  l.out.drawImage(frame, 0, 0, w, h);
  l.out.globalCompositeOperation = 'source-over';
  l.out.drawImage(l.bg.canvas, 0, 0, w, h);
}

/** The "naive" reference: full-resolution Gaussian blur of the whole frame every frame (bench only). */
export function compositeNaiveBlur(l: Layers, frame: CanvasImageSource, mask: MaskBuffer, w: number, h: number): void {
  l.bg.globalCompositeOperation = 'copy';
  l.bg.filter = 'blur(16px)';
  l.bg.drawImage(frame, 0, 0, w, h);
  l.bg.filter = 'none';
  personOver(l, frame, mask, w, h);
}

export function compositeCrop(l: Layers, frame: CanvasImageSource, crop: Box, w: number, h: number): void {
  l.out.globalCompositeOperation = 'copy';
  l.out.imageSmoothingEnabled = true;
  l.out.drawImage(frame, crop.x, crop.y, crop.w, crop.h, 0, 0, w, h);
}

export function compositeNone(l: Layers, frame: CanvasImageSource, w: number, h: number): void {
  l.out.globalCompositeOperation = 'copy';
  l.out.drawImage(frame, 0, 0, w, h);
}
