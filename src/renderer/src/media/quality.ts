// Turns cumulative getStats counters into one network sample a second per call (spec §9.5); main computes
// MOS from it. A test hook can add packet loss to the stats source so the whole chain (stats → sample →
// MOS → weak notice) is exercised with real numbers instead of a hard-coded score.
import type { NetworkSample } from '../../../shared/mos.js';

type Stat = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const clampPct = (v: number) => Math.min(100, Math.max(0, v));

export interface InjectedLoss {
  /** Extra loss on what we receive, in percent (simulates a lossy agent link). */
  local: number;
  /** Extra loss the customer reports about what we send, in percent. */
  remote: number;
}

export interface QualitySample {
  local: NetworkSample;
  remote: NetworkSample | null;
}

/** Keeps the previous counters of one call so each sample covers only the last interval. */
export class QualitySampler {
  private lastLost: number | null = null;
  private lastReceived: number | null = null;
  private injectedLost = 0;

  constructor(private readonly injected: () => InjectedLoss = () => ({ local: 0, remote: 0 })) {}

  /** One sample from a stats report (anything iterable with forEach, as RTCStatsReport). */
  sample(report: { forEach(cb: (s: Stat) => void): void }): QualitySample | null {
    // Assigned inside the callback: `as` keeps TypeScript from narrowing them to null.
    let inbound = null as Stat | null;
    let remoteInbound = null as Stat | null;
    let pairRtt = null as number | null;
    report.forEach((s) => {
      const kind = s.kind ?? s.mediaType;
      if (s.type === 'inbound-rtp' && kind === 'audio') inbound = s;
      else if (s.type === 'remote-inbound-rtp' && kind === 'audio') remoteInbound = s;
      else if (s.type === 'candidate-pair' && (s.nominated === true || s.selected === true) && s.state === 'succeeded') {
        pairRtt = num(s.currentRoundTripTime) ?? pairRtt;
      }
    });
    if (!inbound) return null;
    const inb = inbound;
    const rin = remoteInbound;
    const inj = this.injected();
    const received = num(inb.packetsReceived) ?? 0;
    // The injected loss behaves like packets that never arrived: lost / (lost + received) = pct.
    const dReceivedRaw = this.lastReceived === null ? received : Math.max(0, received - this.lastReceived);
    if (inj.local > 0 && inj.local < 100) this.injectedLost += (dReceivedRaw * inj.local) / (100 - inj.local);
    const lost = (num(inb.packetsLost) ?? 0) + this.injectedLost;
    const dReceived = dReceivedRaw;
    const dLost = this.lastLost === null ? lost : Math.max(0, lost - this.lastLost);
    this.lastLost = lost;
    this.lastReceived = received;
    const expected = dReceived + dLost;
    const rtt = (pairRtt ?? num(rin?.roundTripTime) ?? 0) * 1000;
    const local: NetworkSample = {
      lossPct: expected > 0 ? clampPct((100 * dLost) / expected) : 0,
      rttMs: rtt,
      jitterMs: (num(inb.jitter) ?? 0) * 1000,
    };
    let remote: NetworkSample | null = null;
    if (rin) {
      const fraction = num(rin.fractionLost) ?? 0;
      remote = {
        lossPct: clampPct(Math.max(fraction * 100, inj.remote)),
        rttMs: (num(rin.roundTripTime) ?? pairRtt ?? 0) * 1000,
        jitterMs: (num(rin.jitter) ?? 0) * 1000,
      };
    } else if (inj.remote > 0) {
      remote = { lossPct: clampPct(inj.remote), rttMs: rtt, jitterMs: 0 };
    }
    return { local, remote };
  }
}
