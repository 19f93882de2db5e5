// Recording policy (spec §12.2–12.3): organisation settings, an optional per-agent override, and the
// decision taken once at call start. Pure: no clock, no I/O.
import { z } from 'zod';

export const RecordingDirectionsSchema = z.enum(['both', 'inbound', 'outbound']);
export const RecordingVideoModeSchema = z.enum(['audio-only', 'video-and-audio']);
export const RecordingCompositionSchema = z.enum(['separate', 'merged']);

export const RecordingSettingsSchema = z.object({
  enabled: z.boolean(),
  directions: RecordingDirectionsSchema,
  video: RecordingVideoModeSchema,
  composition: RecordingCompositionSchema,
}).strict();
export type RecordingSettings = z.infer<typeof RecordingSettingsSchema>;

/** Per-agent override: any field left out falls back to the organisation's value. */
export const RecordingOverrideSchema = RecordingSettingsSchema.partial().strict();
export type RecordingOverride = z.infer<typeof RecordingOverrideSchema>;

export const DEFAULT_RECORDING_SETTINGS: RecordingSettings = {
  enabled: false, directions: 'both', video: 'audio-only', composition: 'separate',
};

export type RecordingLeg = 'agent' | 'customer' | 'merged';
export const RecordingLegSchema = z.enum(['agent', 'customer', 'merged']);

export interface RecordingPlan {
  /** Whether to capture video tracks too (only when the call has video and the policy allows it). */
  video: boolean;
  composition: 'separate' | 'merged';
  /** Files this segment produces: two legs, or one merged stereo file. */
  legs: RecordingLeg[];
}

export function effectiveRecordingSettings(org: RecordingSettings, override: RecordingOverride | null | undefined): RecordingSettings {
  return { ...org, ...Object.fromEntries(Object.entries(override ?? {}).filter(([, v]) => v !== undefined)) };
}

/** The decision for one call, taken at its start; null = not recorded. */
export function planRecording(
  settings: RecordingSettings,
  call: { direction: 'inbound' | 'outbound'; hasVideo: boolean },
): RecordingPlan | null {
  if (!settings.enabled) return null;
  if (settings.directions !== 'both' && settings.directions !== call.direction) return null;
  const video = call.hasVideo && settings.video === 'video-and-audio';
  return settings.composition === 'merged'
    ? { video, composition: 'merged', legs: ['merged'] }
    : { video, composition: 'separate', legs: ['agent', 'customer'] };
}

/**
 * §12.3: settings may change only while the toggle is off. Switching the toggle itself is always allowed;
 * returns a message when the change must be refused.
 */
export function settingsChangeError(current: RecordingSettings, next: RecordingSettings): string | null {
  const changed = (['directions', 'video', 'composition'] as const).filter((k) => current[k] !== next[k]);
  if (changed.length === 0) return null;
  if (current.enabled || next.enabled) {
    return `Turn recording off before changing ${changed.join(', ')}; the change can then be saved and recording turned back on.`;
  }
  return null;
}

/**
 * Remembers each call's plan from its start, so later settings changes neither stop a recorded call
 * nor start recording a call that began unrecorded.
 */
export class RecordingPlanBook {
  private plans = new Map<string, RecordingPlan | null>();

  /** Decides once; a second call for the same id returns the first decision. */
  start(callId: string, settings: RecordingSettings, call: { direction: 'inbound' | 'outbound'; hasVideo: boolean }): RecordingPlan | null {
    if (this.plans.has(callId)) return this.plans.get(callId) ?? null;
    const plan = planRecording(settings, call);
    this.plans.set(callId, plan);
    return plan;
  }

  planFor(callId: string): RecordingPlan | null {
    return this.plans.get(callId) ?? null;
  }

  end(callId: string): void {
    this.plans.delete(callId);
  }
}
