// The agent's video-effect choice (Settings → Video effects, spec §9.4). Persisted by the renderer's
// settings store; validated with zod whenever it crosses a boundary (storage, bridge, UI).
import { z } from 'zod';

export const EFFECT_KINDS = ['none', 'blur', 'face-tracking', 'background'] as const;
export const effectKindSchema = z.enum(EFFECT_KINDS);
export type EffectKind = z.infer<typeof effectKindSchema>;

export const videoEffectSettingsSchema = z.object({
  effect: effectKindSchema.default('none'),
  /** Key of the stored custom background (see background-store.ts); required for 'background'. */
  backgroundId: z.string().min(1).max(200).optional(),
});
export type VideoEffectSettings = z.infer<typeof videoEffectSettingsSchema>;

export const DEFAULT_VIDEO_EFFECT_SETTINGS: VideoEffectSettings = { effect: 'none' };

/** Parses stored settings; anything invalid falls back to the default (None) rather than failing a call. */
export function parseVideoEffectSettings(raw: unknown): VideoEffectSettings {
  const r = videoEffectSettingsSchema.safeParse(raw);
  if (!r.success) return { ...DEFAULT_VIDEO_EFFECT_SETTINGS };
  // A custom background without an image cannot be applied: fall back to None.
  if (r.data.effect === 'background' && !r.data.backgroundId) return { ...DEFAULT_VIDEO_EFFECT_SETTINGS };
  return r.data;
}
