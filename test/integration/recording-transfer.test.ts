// Transfer segmentation with the real desktop recording service and the real companion server: the
// first agent's segment ends at the transfer (its 2 legs are sealed and uploaded), the second agent's
// desktop records its own segment → 4 files for one conversation, each named for its agent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type CompanionHandle } from '../../src/server/app.js';
import { RecordingService } from '../../src/main/services/recordings/recording-service.js';
import { initialAppState, type AppState, type CallInfo } from '../../src/shared/contract.js';
import type { RecordingItem } from '../../src/shared/recording-api.js';
import { api, login } from '../support/companion-api.js';
import { waitFor } from '../support/processes.js';

const dirs: string[] = [];
const tmp = (p: string) => { const d = mkdtempSync(path.join(tmpdir(), `${p}-`)); dirs.push(d); return d; };
const state = (call: CallInfo | null): AppState => ({ ...initialAppState(), call });
const call = (callId: string, callType: CallInfo['callType'], answeredAt: number): CallInfo => ({
  callId, direction: 'inbound', phase: 'active', remoteUri: 'sip:guest@x', customerName: 'Carol', customerNumber: '+815012345678',
  queue: 'support', callType, channel: 'webrtc', conversationId: 'conv-transfer-1', startedAt: answeredAt - 2000, answeredAt, endedAt: null,
  held: false, muted: false, endReason: null,
});

describe('transfer ends the recording segment', () => {
  let c: CompanionHandle;
  beforeAll(async () => {
    c = await startCompanion({ dataDir: tmp('rec-transfer'), customerDistDir: tmp('no-dist') });
    const sam = await login(c.url, 'sam');
    expect((await api(c.url, 'PUT', '/api/recordings/config', sam, { policy: { enabled: true, directions: 'both', video: 'audio-only', composition: 'separate' } })).status).toBe(200);
  });
  afterAll(async () => {
    await c?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function desktop(loginName: string, displayName: string) {
    const token = await login(c.url, loginName);
    const svc = new RecordingService({ dir: tmp(`desk-${loginName}`), endGraceMs: 100, companion: () => ({ baseUrl: c.url, token, agentName: displayName }) });
    svc.start();
    svc.onSignedIn();
    return svc;
  }

  async function segment(svc: RecordingService, callInfo: CallInfo) {
    svc.onState(state(callInfo), state(null));
    const plan = await svc.begin({ callId: callInfo.callId, hasVideo: false, mimeType: 'audio/webm;codecs=opus' });
    expect(plan?.legs).toHaveLength(2);
    for (const l of plan!.legs) {
      for (let seq = 0; seq < 3; seq++) svc.chunk({ legId: l.legId, seq, data: Buffer.from(`${l.leg}-${seq}`).toString('base64') });
    }
    // Transfer / hang-up: the call leaves the desktop; the renderer flushed and main seals after the grace period.
    svc.onState(state(null), state({ ...callInfo, phase: 'ended' }));
  }

  it('customer + agent 1, then agent 2 → 4 files', async () => {
    const alice = await desktop('alice', 'Alice');
    const bob = await desktop('bob', 'Bob');
    const t0 = Date.UTC(2026, 10, 24, 7, 0, 0);
    await segment(alice, call('sip-call-a', 'normal', t0));
    await segment(bob, call('sip-call-b', 'transferred', t0 + 65_000));
    const sam = await login(c.url, 'sam');
    const items = await waitFor(async () => {
      const r = await api<{ recordings: RecordingItem[] }>(c.url, 'GET', '/api/recordings?conversationId=conv-transfer-1', sam);
      return r.body.recordings.length === 4 ? r.body.recordings : undefined;
    }, '4 uploaded files', 20_000, 100);
    expect(items.map((i) => i.fileName).sort()).toEqual([
      'conv-transfer-1_Alice_Carol_20261124070000.agent.webm',
      'conv-transfer-1_Alice_Carol_20261124070000.customer.webm',
      'conv-transfer-1_Bob_Carol_20261124070105.agent.webm',
      'conv-transfer-1_Bob_Carol_20261124070105.customer.webm',
    ]);
    expect(alice.list().every((l) => l.state === 'uploaded')).toBe(true);
    // Playback through main: the agent sees only her own files, gets the exact bytes, and may not delete.
    const mine = await alice.listServer('conv-transfer-1');
    expect(mine.map((m) => m.agentName)).toEqual(['Alice', 'Alice']);
    const agentLeg = mine.find((m) => m.leg === 'agent')!;
    const content = await alice.content(agentLeg.id);
    expect(Buffer.from(content.data, 'base64').toString()).toBe('agent-0agent-1agent-2');
    expect(content.mimeType).toBe('audio/webm');
    await expect(alice.deleteServer(agentLeg.id)).rejects.toMatchObject({ code: 'forbidden' });
    await alice.dispose();
    await bob.dispose();
  });
});
