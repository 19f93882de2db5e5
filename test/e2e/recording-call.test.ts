// Recording end to end: companion server and web host as processes, agent UI and customer page in
// Debian's Chromium with fake devices, real WebRTC audio. Files are checked with ffprobe/ffmpeg, not by
// trusting the app: 2 leg files (or 1 merged stereo file) as long as the call, audio in the customer's
// (right) channel, and a recording interrupted by killing the host is finalised and uploaded at restart.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingItem } from '../../src/shared/recording-api.js';
import { api, login } from '../support/companion-api.js';
import { incomingCall, openBrowser, registered, startVoiceCall, type BrowserPages } from '../support/e2e-stack.js';
import { mediaSeconds } from '../support/media-probe.js';
import { startCompanionProcess, startService, waitFor, type Service } from '../support/processes.js';
import { buildRendererCopy, seriousViolations } from './ui-support.js';

let companion: Service;
let web: Service;
let pages: BrowserPages;
let staticDir: string;
let recordingDir: string;
let work: string;
let sam: string;

const startWeb = (dir = recordingDir) => startService('src/main/web-host/cli.ts', ['--port', '0', '--companion', companion.url, '--static', staticDir], { SOFTPHONE_RECORDING_DIR: dir });

async function agentReady(host: Service = web, user = 'alice', bypassCSP = false): Promise<Page> {
  // bypassCSP only where axe-core is injected (an inline script the app's CSP rightly forbids).
  const page = await pages.newPage({ bypassCSP });
  await page.goto(host.url);
  const signInButton = page.getByRole('button', { name: 'Sign in' });
  await Promise.race([signInButton.waitFor({ timeout: 15_000 }), registered(page).waitFor({ timeout: 15_000 })]);
  if (await signInButton.count()) {
    await page.getByLabel('Login').fill(user);
    await page.getByLabel('Password').fill(user);
    await signInButton.click();
  }
  await registered(page).waitFor({ timeout: 15_000 });
  await page.getByLabel('Status').selectOption('Available');
  return page;
}

/**
 * Customer calls, agent answers; resolves once the customer is connected. `connectedAt` is the agent's
 * Answer click: the agent's call (and its recording) starts there, whatever the load on the machine.
 */
async function connectCall(agent: Page): Promise<{ customer: Page; connectedAt: number }> {
  const customer = await pages.newPage();
  await startVoiceCall(customer, companion.url);
  const modal = await incomingCall(agent);
  const connectedAt = Date.now();
  await modal.getByRole('button', { name: 'Answer' }).click();
  await customer.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });
  return { customer, connectedAt };
}

async function hangUpAndWrapUp(agent: Page): Promise<number> {
  await agent.getByRole('button', { name: 'Hang up' }).click();
  const endedAt = Date.now();
  await agent.getByRole('heading', { name: 'Wrap-up' }).waitFor({ timeout: 10_000 });
  await agent.getByRole('heading', { name: 'Wrap-up' }).waitFor({ state: 'detached', timeout: 15_000 });
  return endedAt;
}

async function recordingsOf(callCount: number, expected: number): Promise<RecordingItem[]> {
  return waitFor(async () => {
    const r = await api<{ recordings: RecordingItem[] }>(companion.url, 'GET', '/api/recordings', sam);
    const byCall = new Map<string, RecordingItem[]>();
    for (const item of r.body.recordings) byCall.set(item.callId, [...(byCall.get(item.callId) ?? []), item]);
    const calls = [...byCall.values()];
    // Newest call first (the list is newest first).
    return calls.length >= callCount && calls[0]!.length === expected ? calls[0] : undefined;
  }, `${expected} uploaded file(s) of call #${callCount}`, 30_000, 500);
}

async function download(item: RecordingItem): Promise<string> {
  const res = await fetch(`${companion.url}/api/recordings/${item.id}/content`, { headers: { authorization: `Bearer ${sam}` } });
  expect(res.status).toBe(200);
  const file = path.join(work, item.fileName);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

function channels(file: string): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=channels', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());
}

/** Mean volume (dB) of one channel (0 = left, 1 = right) from `fromSeconds` on, decoded by ffmpeg. */
function meanVolumeOf(file: string, channel: 0 | 1, fromSeconds = 0): number {
  const out = execFileSync('sh', ['-c', `ffmpeg -hide_banner -nostats -i "$0" -af "atrim=start=${fromSeconds},pan=mono|c0=c${channel},volumedetect" -f null - 2>&1`, file], { encoding: 'utf8' });
  const m = /mean_volume:\s*(-?[\d.]+|-inf) dB/.exec(out);
  if (!m) throw new Error(`no volume for ${file}:\n${out}`);
  return m[1] === '-inf' ? -Infinity : Number(m[1]);
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'rec-e2e-'));
  recordingDir = path.join(work, 'desktop-recordings');
  // A private renderer build, so parallel work on dist/ cannot interfere.
  staticDir = await buildRendererCopy();
  companion = await startCompanionProcess(path.join(work, 'companion-data'));
  sam = await login(companion.url, 'sam');
  expect((await api(companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 3, allowExtension: true })).status).toBe(200);
  const on = await api(companion.url, 'PUT', '/api/recordings/config', sam, { policy: { enabled: true, directions: 'both', video: 'audio-only', composition: 'separate' } });
  expect(on.status).toBe(200);
  web = await startWeb();
  pages = await openBrowser();
});

afterAll(async () => {
  await pages?.close();
  await web?.stop();
  await companion?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('recording a real call', () => {
  it('separate legs: 2 files whose durations match the call within 1 s, through hold and resume', async () => {
    const agent = await agentReady();
    const { connectedAt } = await connectCall(agent);
    // The call has to last a while (durations are measured, not assumed) and a hold must not break the files.
    await agent.waitForTimeout(1_500);
    await agent.getByRole('button', { name: 'Hold', exact: true }).click();
    await agent.getByRole('button', { name: 'Resume', exact: true }).waitFor({ timeout: 10_000 });
    await agent.waitForTimeout(1_500);
    await agent.getByRole('button', { name: 'Resume', exact: true }).click();
    await agent.getByRole('button', { name: 'Hold', exact: true }).waitFor({ timeout: 10_000 });
    await agent.waitForTimeout(2_000);
    const endedAt = await hangUpAndWrapUp(agent);
    const callSeconds = (endedAt - connectedAt) / 1000;
    const files = await recordingsOf(1, 2);
    expect(files.map((f) => f.leg).sort()).toEqual(['agent', 'customer']);
    for (const item of files) {
      expect(item.fileName).toMatch(new RegExp(`^[^_]+_Alice_[^_]+_\\d{14}\\.${item.leg}\\.webm$`));
      const secs = mediaSeconds(await download(item));
      console.log(`${item.leg} leg: ${secs.toFixed(2)} s recorded, call ${callSeconds.toFixed(2)} s`);
      expect(Math.abs(secs - callSeconds), `${item.leg}: ${secs}s vs call ${callSeconds}s`).toBeLessThanOrEqual(1);
    }
    const customerLeg = files.find((f) => f.leg === 'customer')!;
    expect(meanVolumeOf(path.join(work, customerLeg.fileName), 0)).toBeGreaterThan(-70);
    await agent.close();
  });

  it('the Recordings tab plays a leg in the real browser: play/pause, seek by dragging, mute, details, close', async () => {
    const agent = await agentReady(web, 'alice', true);
    await agent.getByRole('button', { name: 'Recordings' }).click();
    const panel = agent.getByRole('region', { name: 'Recordings' });
    const play = panel.getByRole('button', { name: /^Play .*\.customer\.webm$/ }).first();
    await play.waitFor({ timeout: 15_000 });
    const fileName = (await play.getAttribute('aria-label'))!.replace(/^Play /, '');
    await play.click();
    const player = agent.getByRole('region', { name: fileName });
    const audio = player.locator('audio');
    await audio.waitFor({ state: 'attached' });
    // autoplay: the position advances by itself.
    await expect.poll(() => audio.evaluate((e: HTMLAudioElement) => e.currentTime), { timeout: 15_000 }).toBeGreaterThan(0.5);
    await player.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => audio.evaluate((e: HTMLAudioElement) => e.paused)).toBe(true);
    // Drag the position thumb to about the middle of the call.
    const slider = player.getByRole('slider', { name: 'Position' });
    const box = (await slider.boundingBox())!;
    const max = Number(await slider.getAttribute('max'));
    await agent.mouse.move(box.x + 2, box.y + box.height / 2);
    await agent.mouse.down();
    await agent.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 4 });
    await agent.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 4 });
    await agent.mouse.up();
    await expect.poll(() => audio.evaluate((e: HTMLAudioElement) => e.currentTime)).toBeGreaterThan(max * 0.3);
    expect(await audio.evaluate((e: HTMLAudioElement) => e.currentTime)).toBeLessThan(max * 0.7);
    await player.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => audio.evaluate((e: HTMLAudioElement) => e.paused)).toBe(false);
    await player.getByRole('button', { name: 'Mute' }).click();
    expect(await audio.evaluate((e: HTMLAudioElement) => e.muted)).toBe(true);
    await player.getByRole('slider', { name: 'Volume' }).fill('0.4');
    expect(await audio.evaluate((e: HTMLAudioElement) => [e.muted, e.volume])).toEqual([false, 0.4]);
    expect(await player.getByRole('definition').allTextContents()).toEqual(expect.arrayContaining(['Alice', 'Customer', 'Inbound']));
    expect(await seriousViolations(agent)).toEqual([]);
    await player.getByRole('button', { name: 'Close' }).click();
    await player.waitFor({ state: 'detached' });
    await agent.close();
  });

  it('a video recording plays full screen in the Recordings tab and leaves full screen on close', async () => {
    // A short VP8+Opus WebM made by ffmpeg (video calls themselves belong to the video issue), uploaded as Alice.
    const file = path.join(work, 'video.webm');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=3:size=160x120:rate=10', '-f', 'lavfi', '-i', 'sine=duration=3',
      '-c:v', 'libvpx', '-c:a', 'libopus', '-shortest', '-y', file]);
    const body = readFileSync(file);
    const fileName = 'conv-video_Alice_Bob_20261201090000.agent.webm';
    const meta = {
      recordingId: 'video-leg', fileName, conversationId: 'conv-video', callId: 'call-video', agentName: 'Alice', endUserName: 'Bob',
      endUserPhone: null, direction: 'outbound', leg: 'agent', startedAt: '2026-12-01T09:00:00.000Z', endedAt: '2026-12-01T09:00:03.000Z',
      mimeType: 'video/webm;codecs=vp8,opus',
    };
    const up = await fetch(`${companion.url}/api/recordings/uploads/video-leg`, {
      method: 'PUT', body: new Uint8Array(body),
      headers: {
        authorization: `Bearer ${await login(companion.url, 'alice')}`, 'content-type': 'application/octet-stream',
        'x-content-sha256': createHash('sha256').update(body).digest('hex'), 'x-recording-metadata': Buffer.from(JSON.stringify(meta)).toString('base64url'),
      },
    });
    expect(up.status).toBe(201);
    const agent = await agentReady();
    await agent.getByRole('button', { name: 'Recordings' }).click();
    await agent.getByRole('button', { name: `Play ${fileName}` }).click();
    const player = agent.getByRole('region', { name: fileName });
    const video = player.locator('video');
    await expect.poll(() => video.evaluate((e: HTMLVideoElement) => e.videoWidth), { timeout: 15_000 }).toBe(160);
    await player.getByRole('button', { name: 'Full screen' }).click();
    await expect.poll(() => agent.evaluate(() => document.fullscreenElement?.className ?? null)).toBe('player-frame');
    expect(await agent.evaluate(() => !!document.fullscreenElement?.querySelector('video'))).toBe(true);
    await player.getByRole('button', { name: 'Exit full screen' }).click();
    await expect.poll(() => agent.evaluate(() => document.fullscreenElement)).toBeNull();
    await player.getByRole('button', { name: 'Full screen' }).click();
    await expect.poll(() => agent.evaluate(() => document.fullscreenElement !== null)).toBe(true);
    await player.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => agent.evaluate(() => document.fullscreenElement)).toBeNull();
    await player.waitFor({ state: 'detached' });
    // Remove it again: the later tests count the recordings of real calls.
    expect((await api(companion.url, 'DELETE', `/api/recordings/${(await up.json() as { id: string }).id}`, sam)).status).toBe(204);
    await agent.close();
  });

  it('merged: 1 stereo file, customer audio in the right channel', async () => {
    const me = await api<{ id: string }>(companion.url, 'GET', '/api/me', await login(companion.url, 'alice'));
    expect((await api(companion.url, 'PUT', `/api/recordings/overrides/${me.body.id}`, sam, { composition: 'merged' })).status).toBe(200);
    const agent = await agentReady();
    const { connectedAt } = await connectCall(agent);
    // The agent mutes at once: the left (agent) channel is then near silence, the right one carries the customer.
    await agent.getByRole('button', { name: 'Mute', exact: true }).click();
    await agent.getByText('Microphone muted').first().waitFor({ timeout: 10_000 });
    // Compare the channels only from the moment the mute took effect (plus a margin).
    const mutedFrom = (Date.now() - connectedAt) / 1000 + 0.5;
    await agent.waitForTimeout(4_000);
    const endedAt = await hangUpAndWrapUp(agent);
    const files = await recordingsOf(2, 1);
    const file = await download(files[0]!);
    expect(files[0]!.leg).toBe('merged');
    expect(channels(file)).toBe(2);
    const secs = mediaSeconds(file);
    const callSeconds = (endedAt - connectedAt) / 1000;
    const [left, right] = [meanVolumeOf(file, 0, mutedFrom), meanVolumeOf(file, 1, mutedFrom)];
    console.log(`merged: ${secs.toFixed(2)} s recorded, call ${callSeconds.toFixed(2)} s; mean volume left ${left} dB, right ${right} dB`);
    expect(Math.abs(secs - callSeconds)).toBeLessThanOrEqual(1);
    expect(right).toBeGreaterThan(-70);
    expect(right - left).toBeGreaterThan(10);
    await agent.close();
  });

  // The customer call-link page follows the agent's REFER, so agent 2 gets the call. The segment logic itself
  // is also covered by test/integration/recording-transfer.test.ts.
  it('a transfer ends the segment: customer + agent 1, then agent 2 → 4 files', async () => {
    const me = await api<{ id: string }>(companion.url, 'GET', '/api/me', await login(companion.url, 'alice'));
    expect((await api(companion.url, 'PUT', `/api/recordings/overrides/${me.body.id}`, sam, null)).status).toBe(200);
    const bobHost = await startWeb(path.join(work, 'bob-recordings'));
    try {
      const alice = await agentReady();
      const bob = await agentReady(bobHost, 'bob');
      await bob.getByLabel('Status').selectOption('Busy'); // the queue call must reach alice first
      const before = (await api<{ recordings: RecordingItem[] }>(companion.url, 'GET', '/api/recordings', sam)).body.recordings.length;
      await connectCall(alice);
      await bob.getByLabel('Status').selectOption('Available');
      await alice.waitForTimeout(3_000);
      await alice.getByRole('button', { name: 'Transfer', exact: true }).click();
      await alice.getByRole('radio', { name: /^Bob \(/ }).check();
      await alice.getByRole('button', { name: 'Transfer call' }).click();
      const modal = bob.getByRole('dialog', { name: 'Incoming call' });
      await modal.waitFor({ timeout: 30_000 });
      await modal.getByRole('button', { name: 'Answer' }).click();
      await bob.getByRole('button', { name: 'Hang up' }).waitFor({ timeout: 20_000 });
      await bob.waitForTimeout(3_000);
      await bob.getByRole('button', { name: 'Hang up' }).click();
      const all = await waitFor(async () => {
        const r = (await api<{ recordings: RecordingItem[] }>(companion.url, 'GET', '/api/recordings', sam)).body.recordings;
        return r.length >= before + 4 ? r.slice(0, r.length - before) : undefined;
      }, '4 files of the transferred call', 40_000, 500);
      console.log(`transfer: ${all.map((f) => f.fileName).join(', ')}`);
      expect(all.map((f) => `${f.agentName}/${f.leg}`).sort()).toEqual(['Alice/agent', 'Alice/customer', 'Bob/agent', 'Bob/customer']);
      for (const f of all) expect(mediaSeconds(await download(f))).toBeGreaterThan(1.5);
    } finally {
      await bobHost.stop();
    }
  });

  it('killing the host mid-call: after restart the partial recording is finalised, playable and uploaded', async () => {
    const listAll = async () => (await api<{ recordings: RecordingItem[] }>(companion.url, 'GET', '/api/recordings', sam)).body.recordings;
    const known = new Set((await listAll()).map((r) => r.callId));
    const agent = await agentReady();
    const { customer } = await connectCall(agent);
    await agent.waitForTimeout(4_000);
    await web.kill(); // the whole process group, as a crash would
    await customer.getByRole('button', { name: 'Hang up' }).click().catch(() => undefined);
    web = await startWeb();
    await agentReady(); // signing in again gives the uploader a token
    // The recovered call is the one the server did not have before; at least one of its files must arrive.
    const files = await waitFor(async () => {
      const fresh = (await listAll()).filter((r) => !known.has(r.callId));
      return fresh.length > 0 ? fresh : undefined;
    }, 'the recovered recording to be uploaded', 40_000, 500);
    const file = await download(files[0]!);
    const secs = mediaSeconds(file);
    console.log(`after kill: ${secs.toFixed(2)} s recovered (${files[0]!.fileName})`);
    expect(secs).toBeGreaterThan(2);
    // Playable: ffmpeg decodes it to the end without errors.
    execFileSync('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-']);
  });
});
