// The agent's persisted video-effect choice (spec §9.4) in the renderer's local storage, validated on
// every read and write; listeners hear about changes (the media engine reapplies the effect to a live call).
import { DEFAULT_VIDEO_EFFECT_SETTINGS, videoEffectSettingsSchema, type VideoEffectSettings } from './effect-settings.js';

export const EFFECT_STORAGE_KEY = 'softphone.videoEffect';

export interface EffectPrefs {
  /** The stored choice, including a kept background id (the pipeline applies it through parseVideoEffectSettings). */
  get(): VideoEffectSettings;
  /** Validates and stores; invalid input throws and changes nothing. */
  set(next: VideoEffectSettings): VideoEffectSettings;
  subscribe(listener: (s: VideoEffectSettings) => void): () => void;
}

export function createEffectPrefs(storage: Storage | null): EffectPrefs {
  const listeners = new Set<(s: VideoEffectSettings) => void>();
  let memory: VideoEffectSettings = { ...DEFAULT_VIDEO_EFFECT_SETTINGS };
  const read = (): VideoEffectSettings => {
    if (!storage) return memory;
    try {
      const r = videoEffectSettingsSchema.safeParse(JSON.parse(storage.getItem(EFFECT_STORAGE_KEY) ?? 'null'));
      return r.success ? r.data : { ...DEFAULT_VIDEO_EFFECT_SETTINGS };
    } catch {
      return { ...DEFAULT_VIDEO_EFFECT_SETTINGS };
    }
  };
  return {
    get: read,
    set(next) {
      const value = videoEffectSettingsSchema.parse(next);
      memory = value;
      try {
        storage?.setItem(EFFECT_STORAGE_KEY, JSON.stringify(value));
      } catch {
        // Storage full or blocked: the choice still applies for this session.
      }
      for (const l of [...listeners]) l(value);
      return value;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The catalogue key for a background refusal reason of background-image.ts (null: show it as is). */
export function backgroundReasonKey(reason: string): `effects.bad.${'type' | 'size' | 'empty' | 'small' | 'large' | 'unreadable' | 'mismatch'}` | null {
  if (/PNG, JPEG or WebP/.test(reason)) return 'effects.bad.type';
  if (/larger than/.test(reason)) return 'effects.bad.size';
  if (/empty/.test(reason)) return 'effects.bad.empty';
  if (/at least/.test(reason)) return 'effects.bad.small';
  if (/at most/.test(reason)) return 'effects.bad.large';
  if (/not the image type/.test(reason)) return 'effects.bad.mismatch';
  if (/could not be read/.test(reason)) return 'effects.bad.unreadable';
  return null;
}
