// Public API of the video effects (spec §9.4). The media engine wraps the camera track with
// `createEffectPipeline(...).process(track)`; Settings uses the settings schema and image checks.
export { createEffectPipeline } from './pipeline.js';
export type { BackgroundImage, DegradedInfo, EffectPipeline, EffectPipelineOptions, EffectStats } from './pipeline.js';
export { EFFECT_KINDS, DEFAULT_VIDEO_EFFECT_SETTINGS, effectKindSchema, parseVideoEffectSettings, videoEffectSettingsSchema } from './effect-settings.js';
export type { EffectKind, VideoEffectSettings } from './effect-settings.js';
export { createBackgroundStore } from './background-store.js';
export type { BackgroundStore } from './background-store.js';
export { BACKGROUND_TYPES, MAX_BACKGROUND_BYTES, checkBackgroundDimensions, checkBackgroundFile, loadBackgroundImage } from './background-image.js';
export { withVideoEffects } from './with-video-effects.js';
export type { CurrentEffect, VideoEffectsHandle, VideoEffectsOptions } from './with-video-effects.js';
