// Validation for the custom background the agent uploads (type, size, dimensions), before it is stored.

export const BACKGROUND_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const MAX_BACKGROUND_BYTES = 5 * 1024 * 1024;
export const MIN_BACKGROUND_SIDE = 320;
export const MAX_BACKGROUND_SIDE = 4096;

export type BackgroundCheck = { ok: true } | { ok: false; reason: string };

/** Checks the file before decoding (cheap: type and size only). */
export function checkBackgroundFile(file: { type: string; size: number }): BackgroundCheck {
  if (!(BACKGROUND_TYPES as readonly string[]).includes(file.type.toLowerCase())) {
    return { ok: false, reason: 'Choose a PNG, JPEG or WebP image.' };
  }
  if (!Number.isFinite(file.size) || file.size <= 0) return { ok: false, reason: 'The image file is empty.' };
  if (file.size > MAX_BACKGROUND_BYTES) return { ok: false, reason: 'The image is larger than 5 MB.' };
  return { ok: true };
}

/** Checks the decoded dimensions (a tiny image would be blurry, a huge one costly to scale each frame). */
export function checkBackgroundDimensions(width: number, height: number): BackgroundCheck {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    return { ok: false, reason: 'The image could not be read.' };
  }
  if (Math.min(width, height) < MIN_BACKGROUND_SIDE) {
    return { ok: false, reason: `The image must be at least ${MIN_BACKGROUND_SIDE} pixels on each side.` };
  }
  if (Math.max(width, height) > MAX_BACKGROUND_SIDE) {
    return { ok: false, reason: `The image must be at most ${MAX_BACKGROUND_SIDE} pixels on each side.` };
  }
  return { ok: true };
}

/**
 * Validates and decodes an uploaded file into an ImageBitmap for the pipeline. Magic bytes are
 * checked too, so a renamed file of another type is refused.
 */
export async function loadBackgroundImage(file: Blob): Promise<{ ok: true; image: ImageBitmap } | { ok: false; reason: string }> {
  const basic = checkBackgroundFile(file);
  if (!basic.ok) return basic;
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  if (sniffImageType(head) !== file.type.toLowerCase()) return { ok: false, reason: 'The file content is not the image type it claims to be.' };
  let image: ImageBitmap;
  try {
    image = await createImageBitmap(file);
  } catch {
    return { ok: false, reason: 'The image could not be read.' };
  }
  const dims = checkBackgroundDimensions(image.width, image.height);
  if (!dims.ok) {
    image.close();
    return dims;
  }
  return { ok: true, image };
}

/** Recognises PNG, JPEG and WebP from their first bytes. */
export function sniffImageType(b: Uint8Array): string | null {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, to));
}
