// Keeps the quality tracker of the current call and mirrors it into AppState.call.quality (spec §9.5).
// The renderer reports raw network samples once a second; MOS and the weak-connection rule run here so
// every attached window (and the tray) sees the same numbers.
import type { CallQuality, MethodArgs } from '../../../shared/contract.js';
import { initialQualityTracker, nextQuality, type QualityTracker } from '../../../shared/mos.js';
import type { Clock } from '../../ports.js';
import type { StateStore } from '../state/state-store.js';

export class CallQualityMonitor {
  private callId: string | null = null;
  private tracker: QualityTracker = initialQualityTracker();

  constructor(private readonly store: StateStore, private readonly clock: Clock) {}

  /** Applies one sample; samples for a call that is not the current active one are ignored (late reports). */
  report(sample: MethodArgs<'reportQuality'>): boolean {
    const call = this.store.get().call;
    if (!call || call.callId !== sample.callId || call.phase !== 'active') return false;
    if (this.callId !== sample.callId) {
      this.callId = sample.callId;
      this.tracker = initialQualityTracker();
    }
    this.tracker = nextQuality(this.tracker, { local: sample.local, remote: sample.remote }, this.clock.now());
    const quality = toPublic(this.tracker);
    this.store.update((s) => (s.call && s.call.callId === sample.callId ? { ...s, call: { ...s.call, quality } } : s));
    return true;
  }
}

export function toPublic(t: QualityTracker): CallQuality {
  return {
    mos: t.series.at(-1) ?? 4.5,
    series: t.series,
    remoteMos: t.remoteSeries.at(-1) ?? null,
    weakLocal: t.local.weak,
    weakRemote: t.remote.weak,
  };
}
