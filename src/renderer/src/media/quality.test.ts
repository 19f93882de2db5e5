import { describe, expect, it } from 'vitest';
import { QualitySampler } from './quality.js';

const report = (stats: Array<Record<string, unknown>>) => ({ forEach: (cb: (s: Record<string, unknown>) => void) => stats.forEach(cb) });
const inbound = (packetsReceived: number, packetsLost: number, jitter = 0.004) => ({ type: 'inbound-rtp', kind: 'audio', packetsReceived, packetsLost, jitter });
const pair = { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.03 };

describe('QualitySampler', () => {
  it('reports loss of the last interval only, RTT from the selected pair and jitter in ms', () => {
    const s = new QualitySampler();
    expect(s.sample(report([inbound(50, 0), pair]))?.local).toEqual({ lossPct: 0, rttMs: 30, jitterMs: 4 });
    const second = s.sample(report([inbound(95, 5), pair]));
    expect(second?.local.lossPct).toBeCloseTo(10, 6);
    expect(s.sample(report([inbound(145, 5), pair]))?.local.lossPct).toBe(0);
    expect(second?.remote).toBeNull();
  });

  it('reads the customer side from remote-inbound-rtp', () => {
    const s = new QualitySampler();
    const r = s.sample(report([inbound(50, 0), { type: 'remote-inbound-rtp', kind: 'audio', fractionLost: 0.2, jitter: 0.01, roundTripTime: 0.05 }]));
    expect(r?.remote).toEqual({ lossPct: 20, rttMs: 50, jitterMs: 10 });
    expect(r?.local.rttMs).toBe(50);
  });

  it('adds injected loss to the counters (test hook)', () => {
    let loss = { local: 0, remote: 0 };
    const s = new QualitySampler(() => loss);
    s.sample(report([inbound(50, 0)]));
    loss = { local: 20, remote: 15 };
    const r = s.sample(report([inbound(100, 0)]));
    expect(r?.local.lossPct).toBeCloseTo(20, 0);
    expect(r?.remote?.lossPct).toBe(15);
  });

  it('returns null without an audio inbound stream and survives garbage', () => {
    const s = new QualitySampler();
    expect(s.sample(report([{ type: 'outbound-rtp', kind: 'audio' }]))).toBeNull();
    expect(s.sample(report([{ type: 'inbound-rtp', kind: 'audio', packetsReceived: 'x', jitter: null }]))?.local).toEqual({ lossPct: 0, rttMs: 0, jitterMs: 0 });
  });
});
