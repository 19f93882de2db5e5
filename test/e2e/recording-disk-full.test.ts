// Fault test (issue 9) end to end: the web host's recording cache lives on a small REAL tmpfs that fills
// up mid-call. The agent sees the notice, the call goes on, and once space is freed the recording is
// written and uploaded whole: its length (ffprobe, from the packets) still matches the call within 1 s.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingItem } from '../../src/shared/recording-api.js';
import { answer, availableAgent, customerCalls, startE2eStack, type E2eStack } from '../support/e2e-stack.js';
import { api, login } from '../support/companion-api.js';
import { mediaSeconds } from '../support/media-probe.js';
import { waitFor } from '../support/processes.js';
import { mountTmpfs, tmpfsUnavailableReason, type Tmpfs } from '../support/tmpfs.js';

const unavailable = tmpfsUnavailableReason();
let stack: E2eStack | undefined;
let disk: Tmpfs | undefined;
let work: string;
let sam: string;

beforeAll(async () => {
  if (unavailable) return;
  work = mkdtempSync(path.join(tmpdir(), 'rec-full-e2e-'));
  disk = mountTmpfs(8 * 1024 * 1024);
  stack = await startE2eStack({ webEnv: { SOFTPHONE_RECORDING_DIR: path.join(disk.dir, 'cache') } });
  sam = await login(stack.companion.url, 'sam');
  const on = await api(stack.companion.url, 'PUT', '/api/recordings/config', sam, { policy: { enabled: true, directions: 'both', video: 'audio-only', composition: 'separate' } });
  expect(on.status).toBe(200);
});

afterAll(async () => {
  await stack?.close();
  disk?.unmount();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(unavailable !== null)(`recording cache disk fills during a real call${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('tells the agent, keeps the call, and uploads the whole recording once space is back', async () => {
    const s = stack!;
    const agent = await availableAgent(s);
    const customer = await customerCalls(s);
    await agent.getByRole('dialog', { name: 'Incoming call' }).waitFor({ timeout: 20_000 });
    const connectedAt = Date.now(); // the agent's call (and its recording) starts at the Answer click
    await answer(agent, customer);
    await agent.waitForTimeout(2_000);
    disk!.fill();
    await agent.getByRole('status').filter({ hasText: 'The disk for recordings is full.' }).waitFor({ timeout: 20_000 });
    // The call is untouched: still connected on both sides while the disk stays full for a while.
    await agent.waitForTimeout(3_000);
    await agent.getByRole('button', { name: 'Hang up' }).waitFor();
    await customer.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    disk!.free();
    await agent.getByRole('status').filter({ hasText: 'Recordings are being saved to disk again.' }).waitFor({ timeout: 20_000 });
    await agent.waitForTimeout(1_000);
    await agent.getByRole('button', { name: 'Hang up' }).click();
    const callSeconds = (Date.now() - connectedAt) / 1000;
    const files = await waitFor(async () => {
      const r = await api<{ recordings: RecordingItem[] }>(s.companion.url, 'GET', '/api/recordings', sam);
      return r.body.recordings.length === 2 ? r.body.recordings : undefined;
    }, 'both legs uploaded', 40_000, 500);
    for (const item of files) {
      const res = await fetch(`${s.companion.url}/api/recordings/${item.id}/content`, { headers: { authorization: `Bearer ${sam}` } });
      const file = path.join(work, item.fileName);
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      const secs = mediaSeconds(file);
      console.log(`disk full: ${item.leg} leg ${secs.toFixed(2)} s recorded, call ${callSeconds.toFixed(2)} s`);
      expect(Math.abs(secs - callSeconds), `${item.leg}: ${secs}s vs call ${callSeconds}s`).toBeLessThanOrEqual(1);
      execFileSync('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-']);
    }
  });
});
