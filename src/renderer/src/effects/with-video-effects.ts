// Glue for the media engine: wraps its MediaEnvironment so every camera track it gets from
// getUserMedia is replaced by the processed track of an effect pipeline (when an effect is on).
// The engine then sends, mutes and stops that track like any other: stopping it also stops the
// pipeline and the real camera. One call at the engine's construction site, no engine changes.
import type { EffectKind } from './effect-settings.js';
import { createEffectPipeline, type BackgroundImage, type DegradedInfo, type EffectPipeline, type EffectPipelineOptions } from './pipeline.js';

export interface CurrentEffect {
  effect: EffectKind;
  backgroundImage?: BackgroundImage;
}

export interface VideoEffectsOptions {
  /** The agent's current choice (read at every getUserMedia, so it applies to every later call). */
  current(): CurrentEffect | Promise<CurrentEffect>;
  /** Degraded / recovered notices from any live pipeline (the UI shows `reason`). */
  onDegraded?(info: DegradedInfo): void;
  pipeline?: Omit<EffectPipelineOptions, 'effect' | 'backgroundImage'>;
}

export interface VideoEffectsHandle<E> {
  env: E;
  /** Switches the effect of every live call (and remembers nothing: `current()` stays the source of truth). */
  setEffect(effect: EffectKind, backgroundImage?: BackgroundImage): void;
  /** Pipelines currently processing a camera. */
  live(): readonly EffectPipeline[];
}

export function withVideoEffects<E extends { getUserMedia(c: MediaStreamConstraints): Promise<MediaStream> }>(env: E, options: VideoEffectsOptions): VideoEffectsHandle<E> {
  const live = new Set<EffectPipeline>();
  const wrapped: E = Object.create(env) as E;
  wrapped.getUserMedia = async (constraints) => {
    const stream = await env.getUserMedia(constraints);
    const raw = stream.getVideoTracks()[0];
    if (!raw) return stream;
    let choice: CurrentEffect;
    try {
      choice = await options.current();
    } catch {
      return stream;
    }
    // 'none' keeps the raw camera track; a later setEffect applies only to pipelines already running.
    if (choice.effect === 'none') return stream;
    const pipeline = createEffectPipeline({ ...options.pipeline, effect: choice.effect, ...(choice.backgroundImage ? { backgroundImage: choice.backgroundImage } : {}) });
    if (options.onDegraded) pipeline.onDegraded(options.onDegraded);
    let processed: MediaStreamTrack;
    try {
      processed = pipeline.process(raw);
    } catch (err) {
      // Effects must never cost the agent the camera.
      console.warn('video effect unavailable:', err instanceof Error ? err.message : err);
      pipeline.stop();
      return stream;
    }
    live.add(pipeline);
    let ended = false;
    // Re-entrant: pipeline.stop() stops the processed track, which is this very override.
    const stopAll = () => {
      if (ended) return;
      ended = true;
      live.delete(pipeline);
      pipeline.stop();
      raw.stop();
    };
    const stop = processed.stop.bind(processed);
    processed.stop = () => {
      stop();
      stopAll();
    };
    raw.addEventListener('ended', () => {
      stopAll();
      stop();
    });
    // A disabled processed track sends black frames, so camera-off works unchanged.
    stream.removeTrack(raw);
    stream.addTrack(processed);
    return stream;
  };
  return {
    env: wrapped,
    setEffect(effect, backgroundImage) {
      for (const p of live) p.setEffect(effect, backgroundImage);
    },
    live: () => [...live],
  };
}
