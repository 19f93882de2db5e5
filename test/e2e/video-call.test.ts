// Video calls end to end (issue 8): the customer page's "Start video call" reaches the agent in the web
// host; the agent has chosen Blur in Settings → Video effects, so the call sends the processed camera; the
// customer decodes video frames at the size the agent sends; camera off stops the frames and camera on
// resumes them without renegotiation; VP8 and H.264 can each be negotiated; the choice survives a reload.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login } from '../support/companion-api.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import { answer, availableAgent, registered, startE2eStack, type E2eStack } from '../support/e2e-stack.js';
import { AXE_PATH, ensureScreenshotDir, seriousViolations } from './ui-support.js';

type VideoStats = { framesDecoded: number; frameWidth: number; frameHeight: number; framesSent: number; codecs: string[] };
type AgentVideoStats = { framesSent: number; sentWidth: number; sentHeight: number; framesDecoded: number; codecs: string[] };

let stack: E2eStack;
let agent: Page;

beforeAll(async () => {
  stack = await startE2eStack();
  const sam = await login(stack.companion.url, 'sam');
  const put = await api(stack.companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 2, allowExtension: false });
  expect(put.status).toBe(200);
  agent = await availableAgent(stack);
});

afterAll(async () => {
  await stack?.close();
});

const customerVideo = (page: Page) => page.evaluate(() => (window as unknown as { __customerDebug: { videoStats(): Promise<VideoStats | null> } }).__customerDebug.videoStats());
const customerSdp = (page: Page) => page.evaluate(() => (window as unknown as { __customerDebug: { sdp(): { local: string; remote: string } | null } }).__customerDebug.sdp());
const agentVideo = (page: Page) => page.evaluate(() => (window as unknown as { __softphoneMedia: { videoStats(): Promise<AgentVideoStats | null> } }).__softphoneMedia.videoStats());
const effectsLive = (page: Page) => page.evaluate(() => (window as unknown as { __softphoneMedia: { effectsLive(): string[] } }).__softphoneMedia.effectsLive());
const framesDecoded = async (page: Page) => (await customerVideo(page))?.framesDecoded ?? 0;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Frames decoded during one sampling window (a rate check, not a timing assertion). */
const framesIn = async (page: Page, ms: number) => {
  const a = await framesDecoded(page);
  await pause(ms);
  return (await framesDecoded(page)) - a;
};

async function openEffects(page: Page) {
  await page.getByRole('button', { name: /Profile menu/ }).click();
  await page.getByRole('button', { name: 'Audio and video settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Audio and video settings' });
  await dialog.waitFor();
  return dialog;
}

async function videoCall(): Promise<Page> {
  const customer = await stack.newPage();
  await customer.goto(`${stack.companion.url}/call`);
  await customer.getByRole('button', { name: 'Start video call' }).click();
  await answer(agent, customer);
  return customer;
}

async function hangUpAndWait(customer: Page) {
  await customer.getByRole('button', { name: 'Hang up' }).click();
  await customer.getByRole('status').filter({ hasText: 'Call ended' }).waitFor({ timeout: 15_000 });
  await agent.getByRole('heading', { name: 'Wrap-up' }).waitFor({ state: 'detached', timeout: 20_000 });
  await customer.context().close();
}

const symbolic = (codecs: string[]) => codecs.filter((c) => !['rtx', 'red', 'ulpfec', 'flexfec-03'].includes(c));
const videoCodecsOf = (sdp: string) => {
  const section = sdp.split(/\r?\n(?=m=)/).find((s) => s.startsWith('m=video ')) ?? '';
  return [...new Set([...section.matchAll(/^a=rtpmap:\d+ ([^/\s]+)\//gm)].map((m) => m[1] ?? ''))];
};

describe('video calls', () => {
  it('Blur chosen in Settings → Video effects; a video call sends it; camera off stops the frames, camera on resumes', async () => {
    const dialog = await openEffects(agent);
    const effects = dialog.getByRole('group', { name: 'Video effects' });
    await expect.poll(() => effects.getByRole('radio', { name: 'None' }).isChecked()).toBe(true);
    await effects.getByRole('radio', { name: 'Blur' }).check();
    await dialog.getByRole('button', { name: 'Close' }).click();

    const customer = await videoCall();
    // The agent sees the customer's video and a self view; the controls stay on screen.
    await agent.getByLabel('Customer video').waitFor({ timeout: 20_000 });
    await agent.getByLabel('Your video').waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await agent.evaluate(() => (window as unknown as { __softphoneMedia: { appState(): Promise<{ call: { video?: boolean } | null }> } }).__softphoneMedia.appState())).call?.video).toBe(true);
    // The blur pipeline processes the call's camera track.
    await expect.poll(() => effectsLive(agent), { timeout: 30_000 }).toContain('blur:ready');

    // The customer decodes frames, at the size the agent sends.
    await expect.poll(() => framesDecoded(customer), { timeout: 30_000 }).toBeGreaterThan(10);
    await expect.poll(async () => {
      const [c, a] = [await customerVideo(customer), await agentVideo(agent)];
      return c && a && a.sentWidth > 0 && c.frameWidth === a.sentWidth && c.frameHeight === a.sentHeight ? `${c.frameWidth}x${c.frameHeight}` : null;
    }, { timeout: 30_000 }).toMatch(/^\d+x\d+$/);
    // The agent decodes the customer's camera too.
    await expect.poll(async () => (await agentVideo(agent))?.framesDecoded ?? 0, { timeout: 30_000 }).toBeGreaterThan(10);
    // The call controls stay on screen beside the video, in a wide and in a narrow window; no serious axe findings.
    // (axe is evaluated rather than added as a script tag: the app's CSP allows no inline scripts.)
    await agent.evaluate(readFileSync(AXE_PATH, 'utf8'));
    expect(await seriousViolations(agent)).toEqual([]);
    for (const size of [{ width: 1280, height: 800 }, { width: 420, height: 800 }]) {
      await agent.setViewportSize(size);
      const box = await agent.getByRole('button', { name: 'Hang up' }).boundingBox();
      expect(box && box.y + box.height <= size.height && box.x + box.width <= size.width).toBe(true);
      await agent.screenshot({ path: path.join(ensureScreenshotDir(), `${size.width < 600 ? 'narrow' : 'wide'}-video-call.png`) });
    }
    await agent.setViewportSize({ width: 1280, height: 800 });

    // Camera off: no more frames reach the customer (nothing is sent on the video m-line).
    const sdpBefore = (await customerSdp(customer))?.remote;
    await agent.getByRole('button', { name: 'Turn camera off' }).click();
    await agent.getByRole('button', { name: 'Turn camera on' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => framesIn(customer, 1_500), { timeout: 30_000 }).toBe(0);
    // Camera on: frames flow again, on the same negotiation.
    await agent.getByRole('button', { name: 'Turn camera on' }).click();
    await agent.getByRole('button', { name: 'Turn camera off' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => framesIn(customer, 1_500), { timeout: 30_000 }).toBeGreaterThan(0);
    expect((await customerSdp(customer))?.remote).toBe(sdpBefore);
    // The reopened camera goes through the chosen effect again.
    await expect.poll(() => effectsLive(agent), { timeout: 30_000 }).toContain('blur:ready');

    // A change in the in-call settings panel applies at once: None sends the raw camera, Blur again the effect.
    await agent.getByRole('button', { name: 'Device settings' }).click();
    const panel = agent.getByRole('group', { name: 'Video effects' });
    await panel.getByRole('radio', { name: 'None' }).check();
    await expect.poll(() => effectsLive(agent), { timeout: 30_000 }).toEqual([]);
    await expect.poll(() => framesIn(customer, 1_500), { timeout: 30_000 }).toBeGreaterThan(0);
    await panel.getByRole('radio', { name: 'Blur' }).check();
    await expect.poll(() => effectsLive(agent), { timeout: 30_000 }).toContain('blur:ready');
    await agent.getByRole('button', { name: 'Device settings' }).click();
    // Issue item: the blur must not take the UI thread in a real call (long tasks printed for docs, not asserted).
    const longTasks = await agent.evaluate(() => new Promise<{ count: number; maxMs: number }>((resolve) => {
      // Long tasks (> 50 ms) on the UI thread over 5 s while Blur runs: what the agent could feel as jank.
      const seen: number[] = [];
      const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => seen.push(e.duration)));
      observer.observe({ type: 'longtask', buffered: false });
      setTimeout(() => { observer.disconnect(); resolve({ count: seen.length, maxMs: Math.round(Math.max(0, ...seen)) }); }, 5_000);
    }));
    console.log(`[video-effects long tasks in 5 s] ${JSON.stringify(longTasks)}`);
    const cost = await agent.evaluate(() => (window as unknown as { __softphoneMedia: { effectStats(): Array<Record<string, unknown>> } }).__softphoneMedia.effectStats());
    // The effect runs in the effects worker, not on the agent's UI thread.
    expect(cost.map((c) => c.where)).toEqual(['worker']);
    console.log(`[video-effects worker cost] ${JSON.stringify(cost.map((c) => ({ effect: c.effect, where: c.where, medianMs: c.medianMs, p90Ms: c.p90Ms, modelMs: c.modelMs, frames: c.frames, modelRuns: c.modelRuns, outputFps: c.outputFps, quality: c.quality })))}`);

    // The customer can switch their own camera off and on as well.
    const agentFrames = async () => (await agentVideo(agent))?.framesDecoded ?? 0;
    await customer.getByRole('button', { name: 'Turn camera off' }).click();
    await expect.poll(async () => { const a = await agentFrames(); await pause(1_500); return (await agentFrames()) - a; }, { timeout: 30_000 }).toBe(0);
    await customer.getByRole('button', { name: 'Turn camera on' }).click();
    await expect.poll(async () => { const a = await agentFrames(); await pause(1_500); return (await agentFrames()) - a; }, { timeout: 30_000 }).toBeGreaterThan(0);

    // VP8 and H.264 both offered by the customer, both (and only they) accepted by the agent; VP8 is used.
    const sdp = await customerSdp(customer);
    expect(videoCodecsOf(sdp?.local ?? '')).toEqual(expect.arrayContaining(['VP8', 'H264']));
    expect(symbolic(videoCodecsOf(sdp?.remote ?? ''))).toEqual(['VP8', 'H264']);
    expect((await customerVideo(customer))?.codecs).toContain('video/VP8');
    await hangUpAndWait(customer);
  });

  it('H.264 is negotiated (both directions) when the agent offers only it', async () => {
    await agent.evaluate(() => (window as unknown as { __softphoneMedia: { preferVideoCodecs(o: string[]): void } }).__softphoneMedia.preferVideoCodecs(['H264']));
    try {
      const customer = await videoCall();
      await expect.poll(() => framesDecoded(customer), { timeout: 30_000 }).toBeGreaterThan(5);
      await expect.poll(async () => (await agentVideo(agent))?.framesDecoded ?? 0, { timeout: 30_000 }).toBeGreaterThan(5);
      expect(symbolic(videoCodecsOf((await customerSdp(customer))?.remote ?? ''))).toEqual(['H264']);
      expect((await customerVideo(customer))?.codecs).toEqual(['video/H264']);
      expect((await agentVideo(agent))?.codecs.every((c) => c === 'video/H264')).toBe(true);
      await hangUpAndWait(customer);
    } finally {
      await agent.evaluate(() => (window as unknown as { __softphoneMedia: { preferVideoCodecs(o: string[]): void } }).__softphoneMedia.preferVideoCodecs(['VP8', 'H264']));
    }
  });

  it('screen sharing replaces the camera on the same sender; Stop sharing switches back without renegotiation', async () => {
    const customer = await videoCall();
    const size = async () => { const v = await customerVideo(customer); return v ? `${v.frameWidth}x${v.frameHeight}` : null; };
    const cameraSize = await expect.poll(size, { timeout: 30_000 }).toMatch(/^[1-9]\d*x[1-9]\d*$/).then(size);
    const sdpBefore = (await customerSdp(customer))?.remote;
    // Chromium's fake capture (--use-fake-ui-for-media-stream) answers getDisplayMedia with a 1280×720 "screen".
    await agent.getByRole('button', { name: 'Share screen' }).click();
    await agent.getByRole('button', { name: 'Stop sharing' }).waitFor({ timeout: 15_000 });
    await expect.poll(size, { timeout: 30_000 }).toBe('1280x720');
    await expect.poll(async () => (await agent.evaluate(() => (window as unknown as { __softphoneMedia: { appState(): Promise<{ call: { screenSharing?: boolean } | null }> } }).__softphoneMedia.appState())).call?.screenSharing).toBe(true);
    await agent.getByRole('button', { name: 'Stop sharing' }).click();
    await agent.getByRole('button', { name: 'Share screen' }).waitFor({ timeout: 15_000 });
    await expect.poll(size, { timeout: 30_000 }).toBe(cameraSize);
    expect((await customerSdp(customer))?.remote).toBe(sdpBefore);
    await expect.poll(async () => (await agent.evaluate(() => (window as unknown as { __softphoneMedia: { appState(): Promise<{ call: { screenSharing?: boolean } | null }> } }).__softphoneMedia.appState())).call?.screenSharing).toBe(false);
    // Choosing a camera in the settings during the call takes effect at once (the camera reopens on the same sender).
    const dialog = await openEffects(agent);
    const cameras = await dialog.getByLabel('Camera', { exact: true }).evaluate((el) => [...(el as HTMLSelectElement).options].map((o) => o.value).filter(Boolean));
    expect(cameras.length).toBeGreaterThan(0);
    // The self view shows the sent track: its id changes when the camera is reopened.
    const selfTrack = () => agent.evaluate(() => ((document.querySelector('video[aria-label="Your video"]') as HTMLVideoElement | null)?.srcObject as MediaStream | null)?.getVideoTracks()[0]?.id ?? null);
    const trackBefore = await selfTrack();
    expect(trackBefore).not.toBeNull();
    await dialog.getByLabel('Camera', { exact: true }).selectOption(cameras[0]!);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(selfTrack, { timeout: 30_000 }).not.toBe(trackBefore);
    await expect.poll(() => framesIn(customer, 1_500), { timeout: 30_000 }).toBeGreaterThan(0);
    expect((await customerSdp(customer))?.remote).toBe(sdpBefore);

    // The customer can share their screen too (same mechanism on the call-link page).
    await customer.getByRole('button', { name: 'Share screen' }).click();
    await customer.getByRole('button', { name: 'Stop sharing' }).waitFor({ timeout: 15_000 });
    await customer.getByRole('button', { name: 'Stop sharing' }).click();
    await customer.getByRole('button', { name: 'Share screen' }).waitFor({ timeout: 15_000 });
    await hangUpAndWait(customer);
  });

  it('a customer with several cameras can switch between them during the call', async () => {
    // Chromium's fake devices: fake_device_1 is a depth (Y16) camera whose frames no encoder takes, so the test
    // switches twice (0 → 1 → 2) and checks that video from fake_device_2 (MJPEG) reaches the agent.
    const args = CHROMIUM_ARGS.map((a) => (a === '--use-fake-device-for-media-stream' ? '--use-fake-device-for-media-stream=device-count=3' : a));
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
    try {
      const customer = await (await browser.newContext()).newPage();
      await customer.goto(`${stack.companion.url}/call`);
      await customer.getByRole('button', { name: 'Start video call' }).click();
      await answer(agent, customer);
      const label = () => customer.evaluate(() => (window as unknown as { __customerDebug: { cameraLabel(): string | null } }).__customerDebug.cameraLabel());
      await expect.poll(label).toBe('fake_device_0');
      const switchButton = customer.getByRole('button', { name: 'Switch camera' });
      await switchButton.click();
      await expect.poll(label, { timeout: 15_000 }).toBe('fake_device_1');
      await switchButton.click();
      await expect.poll(label, { timeout: 15_000 }).toBe('fake_device_2');
      const agentFrames = async () => (await agentVideo(agent))?.framesDecoded ?? 0;
      await expect.poll(async () => { const a = await agentFrames(); await pause(1_500); return (await agentFrames()) - a; }, { timeout: 30_000 }).toBeGreaterThan(0);
      await hangUpAndWait(customer);
    } finally {
      await browser.close();
    }
  });

  it('hold/resume and a reload of the agent page keep the video of the call (re-INVITEs offer the camera again)', async () => {
    const customer = await videoCall();
    await expect.poll(() => framesDecoded(customer), { timeout: 30_000 }).toBeGreaterThan(5);
    await agent.getByRole('button', { name: 'Hold' }).click();
    await agent.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 15_000 });
    await agent.getByRole('button', { name: 'Resume' }).click();
    await agent.getByRole('button', { name: 'Hold' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => framesIn(customer, 1_500), { timeout: 30_000 }).toBeGreaterThan(0);
    // A reload rebuilds the peer connection by an ICE-restart re-INVITE; it must carry video again.
    await agent.reload();
    await registered(agent).waitFor({ timeout: 20_000 });
    await agent.getByLabel('Customer video').waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await agentVideo(agent))?.framesDecoded ?? 0, { timeout: 30_000 }).toBeGreaterThan(5);
    await expect.poll(() => framesIn(customer, 1_500), { timeout: 30_000 }).toBeGreaterThan(0);
    await hangUpAndWait(customer);
  });

  it('the effect choice persists after a reload', async () => {
    await agent.reload();
    await registered(agent).waitFor({ timeout: 20_000 });
    const dialog = await openEffects(agent);
    await expect.poll(() => dialog.getByRole('radio', { name: 'Blur' }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});
