// Call quality (spec §9.5): the simplified ITU-T G.107 E-model and the "weak connection" detector.
// Pure functions shared by main (which keeps the per-call series in AppState) and the renderer (tests, chart).

/** One second of network measurements for one direction of a call. */
export interface NetworkSample {
  /** Packets lost in this interval, in percent (0–100). */
  lossPct: number;
  /** Round-trip time in milliseconds. */
  rttMs: number;
  /** Interarrival jitter in milliseconds. */
  jitterMs: number;
}

const finite = (v: number, fallback = 0) => (Number.isFinite(v) ? v : fallback);

/** Transmission rating factor R from the simplified E-model (issue 3 formula, R not yet clamped). */
export function rFactor({ lossPct, rttMs, jitterMs }: NetworkSample): number {
  const loss = Math.min(100, Math.max(0, finite(lossPct)));
  const effectiveLatency = Math.max(0, finite(rttMs)) + 2 * Math.max(0, finite(jitterMs)) + 10;
  const r = effectiveLatency < 160 ? 93.2 - effectiveLatency / 40 : 93.2 - (effectiveLatency - 120) / 10;
  return r - 2.5 * loss;
}

/**
 * MOS 1–4.5 from R. R is first held to 0–100 (G.107's domain: R < 0 means MOS 1, R > 100 means 4.5);
 * without that, the cubic term turns very bad networks back into "excellent".
 */
export function mosFromR(r: number): number {
  const R = Math.min(100, Math.max(0, finite(r)));
  const mos = 1 + 0.035 * R + 7e-6 * R * (R - 60) * (100 - R);
  return Math.min(4.5, Math.max(1, mos));
}

export const mos = (sample: NetworkSample): number => mosFromR(rFactor(sample));

/** Below this the connection is "weak" (spec §9.5). */
export const WEAK_MOS = 4;
/** Weak when at least WEAK_COUNT of the last WEAK_WINDOW samples are below WEAK_MOS. */
export const WEAK_WINDOW = 5;
export const WEAK_COUNT = 3;
/** A weak notice stays up at least this long, so it does not flicker. */
export const WEAK_MIN_SHOWN_MS = 5_000;
/** Points kept for the quality chart (one a second: the last minute). */
export const SERIES_LENGTH = 60;

/** Detector state for one side (local = the agent, remote = the customer). */
export interface WeakSide {
  recent: number[];
  weak: boolean;
  /** Epoch ms when the notice went up (null while not shown). */
  shownSince: number | null;
}

export const initialWeakSide = (): WeakSide => ({ recent: [], weak: false, shownSince: null });

/** Feeds one MOS value (or null when this side has no report this second) into the detector. */
export function nextWeakSide(side: WeakSide, value: number | null, now: number): WeakSide {
  const recent = value === null ? side.recent : [...side.recent, value].slice(-WEAK_WINDOW);
  const badNow = recent.filter((m) => m < WEAK_MOS).length >= WEAK_COUNT;
  if (badNow) return { recent, weak: true, shownSince: side.weak && side.shownSince !== null ? side.shownSince : now };
  // Conditions are fine again: hide only once the notice has been up long enough.
  if (side.weak && side.shownSince !== null && now - side.shownSince < WEAK_MIN_SHOWN_MS) return { ...side, recent };
  return { recent, weak: false, shownSince: null };
}

/** The per-call quality record main keeps (AppState carries the public part). */
export interface QualityTracker {
  series: number[];
  remoteSeries: number[];
  local: WeakSide;
  remote: WeakSide;
}

export const initialQualityTracker = (): QualityTracker => ({ series: [], remoteSeries: [], local: initialWeakSide(), remote: initialWeakSide() });

const round2 = (v: number) => Math.round(v * 100) / 100;

export function nextQuality(t: QualityTracker, sample: { local: NetworkSample; remote: NetworkSample | null }, now: number): QualityTracker {
  const localMos = round2(mos(sample.local));
  const remoteMos = sample.remote ? round2(mos(sample.remote)) : null;
  return {
    series: [...t.series, localMos].slice(-SERIES_LENGTH),
    remoteSeries: remoteMos === null ? t.remoteSeries : [...t.remoteSeries, remoteMos].slice(-SERIES_LENGTH),
    local: nextWeakSide(t.local, localMos, now),
    remote: nextWeakSide(t.remote, remoteMos, now),
  };
}
