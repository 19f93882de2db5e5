// Face tracking (auto-framing): where to crop so the face stays centred and well sized, and how to
// move there smoothly (no jitter when the face is still, no jumps when it moves). Pure math.
import type { Box } from './mask-math.js';

export interface FramingOptions {
  /** Face height as a fraction of the crop height we aim for. */
  faceFraction: number;
  /** Smallest crop as a fraction of the frame height (limits zoom, i.e. pixelation). */
  minCropFraction: number;
  /** Where the face centre sits vertically in the crop (0.5 = centre; a bit above looks natural). */
  faceY: number;
  /** Fraction of the remaining distance covered per frame (exponential smoothing). */
  follow: number;
  /** Moves smaller than this fraction of the crop size are ignored (dead zone against jitter). */
  deadZone: number;
  /** Largest move per frame as a fraction of the frame width (no sudden jumps). */
  maxStep: number;
  /** Frames without a face before slowly zooming back out to the full frame. */
  lostPatience: number;
}

export const DEFAULT_FRAMING: FramingOptions = {
  faceFraction: 0.42,
  minCropFraction: 0.5,
  faceY: 0.45,
  follow: 0.2,
  deadZone: 0.03,
  maxStep: 0.06,
  lostPatience: 30,
};

/** Keeps a crop inside the frame (shrinking it to fit if needed, keeping its centre where possible). */
export function clampCrop(c: Box, width: number, height: number): Box {
  const w = Math.min(c.w, width);
  const h = Math.min(c.h, height);
  const x = Math.min(Math.max(c.x, 0), width - w);
  const y = Math.min(Math.max(c.y, 0), height - h);
  return { x, y, w, h };
}

/** The ideal crop for a face box (pixels) in a width×height frame; same aspect ratio as the frame. */
export function targetCrop(face: Box | null, width: number, height: number, o: FramingOptions = DEFAULT_FRAMING): Box {
  if (!face || face.w <= 0 || face.h <= 0) return { x: 0, y: 0, w: width, h: height };
  const aspect = width / height;
  let h = Math.min(height, Math.max(height * o.minCropFraction, face.h / o.faceFraction));
  let w = h * aspect;
  if (w > width) {
    w = width;
    h = w / aspect;
  }
  const cx = face.x + face.w / 2;
  const cy = face.y + face.h / 2;
  return clampCrop({ x: cx - w / 2, y: cy - h * o.faceY, w, h }, width, height);
}

/** One smoothing step from the current crop towards the target. */
export function stepCrop(current: Box, target: Box, width: number, height: number, o: FramingOptions = DEFAULT_FRAMING): Box {
  const dead = o.deadZone * current.w;
  const maxStep = o.maxStep * width;
  const move = (from: number, to: number): number => {
    const d = to - from;
    if (Math.abs(d) < dead) return from;
    const step = d * o.follow;
    return from + Math.sign(step) * Math.min(Math.abs(step), maxStep);
  };
  const w = move(current.w, target.w);
  const aspect = width / height;
  const cx = move(current.x + current.w / 2, target.x + target.w / 2);
  const cy = move(current.y + current.h / 2, target.y + target.h / 2);
  const h = w / aspect;
  return clampCrop({ x: cx - w / 2, y: cy - h / 2, w, h }, width, height);
}

/** Stateful wrapper: feed the latest face (or null) once per output frame, get the crop to draw. */
export class FaceFramer {
  private crop: Box;
  private target: Box;
  private missing = 0;

  constructor(private readonly width: number, private readonly height: number, private readonly o: FramingOptions = DEFAULT_FRAMING) {
    this.crop = { x: 0, y: 0, w: width, h: height };
    this.target = this.crop;
  }

  /** Call when a detection pass finished: `face` in pixels or null when no face was found. */
  observe(face: Box | null): void {
    if (face) {
      this.missing = 0;
      this.target = targetCrop(face, this.width, this.height, this.o);
    } else if (++this.missing >= this.o.lostPatience) {
      this.target = { x: 0, y: 0, w: this.width, h: this.height };
    }
  }

  /** Advances the smoothing by one frame and returns the crop for this frame. */
  next(): Box {
    this.crop = stepCrop(this.crop, this.target, this.width, this.height, this.o);
    return this.crop;
  }

  current(): Box {
    return this.crop;
  }
}
