// Screen sharing in Electron (§9.3): the desktopCapturer sources become picker entries (screens first,
// then windows, with a bounded thumbnail), and the agent's choice maps back to one source. Pure, so the
// Electron adapter stays a few lines of plumbing.
import { ScreenSourceSchema, type ScreenSource } from '../../../shared/video-bridge.js';
import type { ScreenPicker } from './video-service.js';

export interface RawSource {
  id: string;
  name: string;
  /** The thumbnail as a data URL (NativeImage.toDataURL()), '' when empty. */
  thumbnail: string;
}

/** Thumbnails above this are dropped rather than sent over the bridge. */
export const MAX_THUMBNAIL_CHARS = 400_000;
export const MAX_SOURCES = 100;

export function toScreenSources(raw: readonly RawSource[]): ScreenSource[] {
  const out: ScreenSource[] = [];
  for (const s of raw) {
    const kind = s.id.startsWith('screen:') ? 'screen' : s.id.startsWith('window:') ? 'window' : null;
    if (!kind) continue;
    const thumb = s.thumbnail.length <= MAX_THUMBNAIL_CHARS && /^data:image\/(png|jpeg);base64,./.test(s.thumbnail) ? s.thumbnail : null;
    const parsed = ScreenSourceSchema.safeParse({ id: s.id, name: s.name.slice(0, 500) || s.id, kind, thumbnail: thumb });
    if (parsed.success) out.push(parsed.data);
  }
  // The bridge carries at most 100 entries (video-bridge.ts).
  return [...out.filter((s) => s.kind === 'screen'), ...out.filter((s) => s.kind === 'window')].slice(0, MAX_SOURCES);
}

/** Offers the sources and returns the chosen raw source, or null (Cancel, nothing to share). */
export async function chooseSource<S extends RawSource>(picker: ScreenPicker, raw: readonly S[]): Promise<S | null> {
  const offered = toScreenSources(raw);
  if (offered.length === 0) return null;
  const id = await picker.pick(offered);
  return raw.find((s) => s.id === id) ?? null;
}
