import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialAppState, type AppState, type CallInfo } from '../../../shared/contract.js';
import { DEFAULT_RECORDING_SETTINGS, type RecordingSettings } from '../../../shared/recording-policy.js';
import { RecordingService } from './recording-service.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); vi.useRealTimers(); });

const call = (id: string, p: Partial<CallInfo> = {}): CallInfo => ({
  callId: id, direction: 'inbound', phase: 'ringing', remoteUri: 'sip:c@x', customerName: null, customerNumber: '+8190',
  queue: null, callType: 'normal', channel: 'phone', conversationId: `conv-${id}`, startedAt: 0, answeredAt: null, endedAt: null,
  held: false, muted: false, endReason: null, ...p,
});
const withCall = (c: CallInfo | null): AppState => ({ ...initialAppState(), call: c });

function service(policy: { current: RecordingSettings }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rec-svc-'));
  dirs.push(dir);
  const uploads: string[] = [];
  const svc = new RecordingService({
    dir, endGraceMs: 50,
    companion: () => ({ baseUrl: 'http://x', token: 't', agentName: 'Alice' }),
    fetchPolicy: async () => policy.current,
    uploadTarget: async (item) => { uploads.push(item.leg.file_name); return { serverId: 's', sha256: item.leg.sha256! }; },
  });
  svc.start();
  return { svc, uploads };
}

describe('RecordingService', () => {
  it('decides at call start: toggling off mid-call keeps recording, a call started while off is not recorded', async () => {
    const policy = { current: { ...DEFAULT_RECORDING_SETTINGS, enabled: true } };
    const { svc, uploads } = service(policy);
    svc.onState(withCall(call('a')), withCall(null));
    await Promise.resolve();
    policy.current = { ...policy.current, enabled: false }; // switched off after the call started
    const plan = await svc.begin({ callId: 'a', hasVideo: false, mimeType: 'audio/webm' });
    expect(plan?.legs.map((l) => l.leg)).toEqual(['agent', 'customer']);
    for (const l of plan!.legs) {
      svc.chunk({ legId: l.legId, seq: 0, data: Buffer.from(`hello ${l.leg}`).toString('base64') });
      svc.end({ legId: l.legId });
    }
    await vi.waitFor(() => expect(uploads.sort()).toEqual([
      expect.stringMatching(/^conv-a_Alice_\+8190_\d{14}\.agent\.webm$/), expect.stringMatching(/\.customer\.webm$/),
    ]));
    svc.onState(withCall(null), withCall(call('a', { phase: 'active' })));

    svc.onState(withCall(call('b')), withCall(null)); // started while off
    policy.current = { ...policy.current, enabled: true };
    expect(await svc.begin({ callId: 'b', hasVideo: false, mimeType: 'audio/webm' })).toBeNull();
    expect(await svc.begin({ callId: 'unknown', hasVideo: false, mimeType: 'audio/webm' })).toBeNull();
    await svc.dispose();
  });

  it('seals the files itself when the renderer never says the leg ended, and rejects bad chunks clearly', async () => {
    const { svc, uploads } = service({ current: { ...DEFAULT_RECORDING_SETTINGS, enabled: true, composition: 'merged' } });
    svc.onState(withCall(call('m')), withCall(null));
    const plan = await svc.begin({ callId: 'm', hasVideo: true, mimeType: 'video/webm' });
    expect(plan).toMatchObject({ composition: 'merged', video: false });
    const legId = plan!.legs[0]!.legId;
    svc.chunk({ legId, seq: 0, data: Buffer.from('x').toString('base64') });
    expect(() => svc.chunk({ legId, seq: 3, data: '' })).toThrow(expect.objectContaining({ code: 'recording_chunk_gap' }));
    svc.onState(withCall(null), withCall(call('m', { phase: 'active' })));
    await vi.waitFor(() => expect(uploads).toEqual([expect.stringMatching(/^conv-m_Alice_\+8190_\d{14}\.webm$/)]));
    expect(svc.list()[0]).toMatchObject({ state: 'uploaded', leg: 'merged' });
    await svc.dispose();
  });
});
