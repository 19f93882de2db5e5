// Pure mask and image measures on plain arrays (RGBA or single-channel), shared by the pipeline,
// the tests (IoU, edge energy) and the bench. No DOM here, so they unit-test in Node.

/** Extracts one channel of RGBA pixels into a 0..255 single-channel mask. */
export function channel(rgba: Uint8ClampedArray | Uint8Array, index: 0 | 1 | 2 | 3): Uint8Array {
  const out = new Uint8Array(rgba.length >> 2);
  for (let i = 0; i < out.length; i++) out[i] = rgba[i * 4 + index] ?? 0;
  return out;
}

/** Intersection over union of two masks thresholded at `threshold` (0..255). Two empty masks → 1. */
export function maskIoU(a: ArrayLike<number>, b: ArrayLike<number>, threshold = 128): number {
  if (a.length !== b.length) throw new Error(`Mask sizes differ (${a.length} vs ${b.length}).`);
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    const pa = (a[i] ?? 0) >= threshold;
    const pb = (b[i] ?? 0) >= threshold;
    if (pa && pb) inter++;
    if (pa || pb) union++;
  }
  return union === 0 ? 1 : inter / union;
}

/**
 * Soft-threshold ("smoothstep") remap of a confidence mask: below `low` → 0, above `high` → 255,
 * smooth in between. Sharpens the segmentation edge without the jaggies of a hard threshold.
 */
export function refineMask(mask: ArrayLike<number>, low = 80, high = 180): Uint8Array {
  if (!(low < high)) throw new Error('refineMask: low must be below high.');
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) {
    const t = Math.min(1, Math.max(0, ((mask[i] ?? 0) - low) / (high - low)));
    out[i] = Math.round(t * t * (3 - 2 * t) * 255);
  }
  return out;
}

/** Temporal smoothing of masks (exponential moving average); `alpha` is the weight of the new mask. */
export function blendMasks(prev: ArrayLike<number> | null, next: ArrayLike<number>, alpha: number): Uint8Array {
  const out = new Uint8Array(next.length);
  if (!prev || prev.length !== next.length) {
    for (let i = 0; i < next.length; i++) out[i] = next[i] ?? 0;
    return out;
  }
  const a = Math.min(1, Math.max(0, alpha));
  for (let i = 0; i < next.length; i++) out[i] = Math.round((next[i] ?? 0) * a + (prev[i] ?? 0) * (1 - a));
  return out;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Bounding box of mask pixels ≥ threshold, or null when the mask is empty. */
export function maskBoundingBox(mask: ArrayLike<number>, width: number, height: number, threshold = 128): Box | null {
  let minX = width, minY = height, maxX = -1, maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((mask[y * width + x] ?? 0) >= threshold) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  return maxX < 0 ? null : { x: minX, y: minY, w: maxX - minX + 1, h: maxY - minY + 1 };
}

/** Luma of RGBA pixels (Rec. 601). */
export function luma(rgba: Uint8ClampedArray | Uint8Array): Float32Array {
  const out = new Float32Array(rgba.length >> 2);
  for (let i = 0; i < out.length; i++) out[i] = 0.299 * (rgba[i * 4] ?? 0) + 0.587 * (rgba[i * 4 + 1] ?? 0) + 0.114 * (rgba[i * 4 + 2] ?? 0);
  return out;
}

/**
 * Mean squared gradient magnitude (sharpness) of a luma image over the pixels where `region`
 * says so. Pixels near the region border (within `margin`) are skipped so the person/background
 * boundary itself does not count for either side.
 */
export function edgeEnergy(gray: ArrayLike<number>, width: number, height: number, region: (x: number, y: number) => boolean, margin = 0): number {
  let sum = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      if (!region(x, y)) continue;
      if (margin > 0 && !(region(x - margin, y) && region(x + margin, y) && region(x, y - margin) && region(x, y + margin))) continue;
      const i = y * width + x;
      // Forward differences: they also see one-pixel detail, which central differences miss.
      const gx = (gray[i + 1] ?? 0) - (gray[i] ?? 0);
      const gy = (gray[i + width] ?? 0) - (gray[i] ?? 0);
      sum += gx * gx + gy * gy;
      n++;
    }
  }
  return n === 0 ? 0 : sum / n;
}

/**
 * Bilinear resample of a 0..1 confidence mask (`sw`×`sh`, row-major) to `dw`×`dh` bytes 0..255:
 * the model's mask comes at its input size, the compositor keeps one fixed-size mask.
 */
export function resampleMask(src: ArrayLike<number>, sw: number, sh: number, dw: number, dh: number): Uint8Array {
  if (src.length < sw * sh || sw < 1 || sh < 1) throw new Error('The mask is smaller than its stated size.');
  const out = new Uint8Array(dw * dh);
  for (let y = 0; y < dh; y++) {
    const fy = Math.min(sh - 1, Math.max(0, ((y + 0.5) * sh) / dh - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < dw; x++) {
      const fx = Math.min(sw - 1, Math.max(0, ((x + 0.5) * sw) / dw - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const wx = fx - x0;
      const top = (src[y0 * sw + x0] ?? 0) * (1 - wx) + (src[y0 * sw + x1] ?? 0) * wx;
      const bottom = (src[y1 * sw + x0] ?? 0) * (1 - wx) + (src[y1 * sw + x1] ?? 0) * wx;
      out[y * dw + x] = Math.round(Math.min(1, Math.max(0, top * (1 - wy) + bottom * wy)) * 255);
    }
  }
  return out;
}
