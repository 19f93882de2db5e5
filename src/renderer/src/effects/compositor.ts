// Canvas 2D compositing for the effects. Cheap by construction: the background blur is computed on
// a small copy and scaled up (a large blur radius for the price of a thumbnail), the custom
// background is pre-scaled once, and the person mask stays at model resolution and is upscaled
// with smoothing, which also feathers its edge.
// OffscreenCanvas throughout, so the same code runs in the effects worker and on the page.
import type { Box } from './mask-math.js';
import { blendMasks, refineMask, resampleMask } from './mask-math.js';

export type Canvas2D = OffscreenCanvasRenderingContext2D;

export function makeCanvas(w: number, h: number, willReadFrequently = false): { canvas: OffscreenCanvas; ctx: Canvas2D } {
  const canvas = new OffscreenCanvas(Math.max(1, Math.round(w)), Math.max(1, Math.round(h)));
  const ctx = canvas.getContext('2d', { willReadFrequently });
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
  readonly canvas: OffscreenCanvas;
  private readonly ctx: Canvas2D;
  private readonly img: ImageData;
  private prev: Uint8Array | null = null;
  hasMask = false;

  constructor(readonly width: number, readonly height: number, private readonly temporalAlpha = 0.65) {
    const { canvas, ctx } = makeCanvas(width, height, true);
    this.canvas = canvas;
    this.ctx = ctx;
    this.img = ctx.createImageData(width, height);
  }

  /** Copies a model's confidence mask (0..1, `w`×`h`; valid only during the model's callback). */
  update(mask: ArrayLike<number>, w: number, h: number): void {
    const img = this.img;
    const refined = refineMask(resampleMask(mask, w, h, this.width, this.height));
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
    return this.prev ? Uint8Array.from(this.prev) : new Uint8Array(this.width * this.height);
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
}

/**
 * The blur is a downscale pyramid: the frame is shrunk to 1/4 and then 1/16 and scaled back up with
 * bilinear smoothing, which is a wide low-pass filter for the price of three small draws (a canvas
 * `filter: blur()` runs on the CPU without a GPU and costs several ms per frame).
 */
export const BLUR_DOWNSCALE = 4;
export const BLUR_TINY_DOWNSCALE = 16;

/** Leaves the blurred frame in `l.small` (1/4 size). */
function blurSmall(l: Layers, frame: CanvasImageSource): void {
  const sw = l.small.canvas.width;
  const sh = l.small.canvas.height;
  l.small.imageSmoothingEnabled = true;
  l.small.imageSmoothingQuality = 'low';
  l.small.globalCompositeOperation = 'copy';
  l.small.drawImage(frame, 0, 0, sw, sh);
  l.tiny.imageSmoothingEnabled = true;
  l.tiny.globalCompositeOperation = 'copy';
  l.tiny.drawImage(l.small.canvas, 0, 0, l.tiny.canvas.width, l.tiny.canvas.height);
  // Back up in two steps: one big bilinear step leaves visible blocks.
  l.small.drawImage(l.tiny.canvas, 0, 0, sw, sh);
}

/**
 * Blurred background behind the person. The background layer is cut out at the small size and
 * scaled up once over the frame: two full-size draws per frame instead of five (no GPU here), and
 * the upscaled cut-out feathers the person's outline by a few pixels.
 */
export function compositeBlur(l: Layers, frame: CanvasImageSource, mask: MaskBuffer, w: number, h: number): void {
  blurSmall(l, frame);
  l.small.globalCompositeOperation = 'destination-out';
  l.small.drawImage(mask.canvas, 0, 0, l.small.canvas.width, l.small.canvas.height);
  l.out.globalCompositeOperation = 'copy';
  l.out.drawImage(frame, 0, 0, w, h);
  l.out.globalCompositeOperation = 'source-over';
  l.out.imageSmoothingEnabled = true;
  l.out.drawImage(l.small.canvas, 0, 0, w, h);
}

/** The whole frame blurred: sent until the first person mask exists, so the background never shows. */
export function compositeFullBlur(l: Layers, frame: CanvasImageSource, w: number, h: number): void {
  blurSmall(l, frame);
  l.out.globalCompositeOperation = 'copy';
  l.out.imageSmoothingEnabled = true;
  l.out.drawImage(l.small.canvas, 0, 0, w, h);
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
