// Audio and video settings in Debian's Chromium with fake devices: the profile menu opens the dialog
// (axe-checked), the microphone meter moves with the fake microphone's tone, choices persist across a
// reload, "Test speaker" plays the bundled music file on the chosen speaker, and switching microphone and
// speaker during a call applies at once while audio keeps flowing.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, customerStats, openBrowser, openDeviceSettings as openSettings, startVoiceCall, type BrowserPages } from '../support/e2e-stack.js';
import { startCompanionProcess, tempDir, waitFor, type Service } from '../support/processes.js';
import { buildRendererCopy, registered, seriousViolations, signIn, startAgentHost } from './ui-support.js';

let companion: Service;
let web: Service;
let pages: BrowserPages;

const optionTexts = (page: Page, label: string) =>
  page.getByLabel(label, { exact: true }).evaluate((el) => [...(el as HTMLSelectElement).options].map((o) => o.value));

beforeAll(async () => {
  const staticDir = await buildRendererCopy();
  companion = await startCompanionProcess(tempDir('companion'));
  web = await startAgentHost(companion.url, staticDir);
  // bypassCSP: axe-core is injected as an inline script, which the app's CSP (rightly) forbids.
  pages = await openBrowser({ bypassCSP: true });
});

afterAll(async () => {
  await pages?.close();
  await web?.stop();
  await companion?.stop();
});

describe('audio and video settings', () => {
  it('opens from the profile menu, tests microphone and speaker, previews the camera, checks devices, persists choices', async () => {
    const page = await pages.newPage();
    await signIn(page, web.url, 'alice');
    await registered(page).waitFor({ timeout: 15_000 });
    const dialog = await openSettings(page);
    // Device labels need a permission grant first; the fake UI grants it on the first getUserMedia.
    await dialog.getByRole('button', { name: 'Test microphone' }).click();
    const meter = dialog.getByRole('meter', { name: 'Microphone level' });
    await meter.waitFor();
    // The fake microphone plays a beep: the level bar moves.
    await waitFor(async () => Number(await meter.getAttribute('aria-valuenow')) > 0, 'the microphone level to move');
    await dialog.getByRole('button', { name: 'Stop microphone test' }).click();

    await dialog.getByRole('button', { name: 'Test speaker' }).click();
    await dialog.getByText('Playing music for 5 seconds…').waitFor();
    // It stops by itself after 5 s.
    await dialog.getByRole('button', { name: 'Test speaker' }).waitFor({ timeout: 15_000 });

    await dialog.getByRole('button', { name: 'Show camera preview' }).click();
    const video = dialog.getByLabel('Camera preview');
    await video.waitFor();
    await waitFor(() => video.evaluate((v) => (v as HTMLVideoElement).videoWidth > 0), 'the camera preview to play');

    await dialog.getByRole('button', { name: 'Run device checks' }).click();
    await dialog.getByText('A microphone is connected').waitFor({ timeout: 15_000 });
    const checks = await dialog.locator('.check-list').innerText();
    expect(checks).toMatch(/Permission to use the microphone\s*OK/);
    expect(checks).toMatch(/The microphone works.*\s*OK/);
    const bad = await seriousViolations(page);
    expect(bad, JSON.stringify(bad, null, 1)).toEqual([]);

    const mics = (await optionTexts(page, 'Microphone')).filter(Boolean);
    expect(mics.length).toBeGreaterThan(0);
    const chosen = mics[mics.length - 1]!;
    await dialog.getByLabel('Microphone', { exact: true }).selectOption(chosen);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.reload();
    await registered(page).waitFor({ timeout: 15_000 });
    const again = await openSettings(page);
    await expect.poll(() => again.getByLabel('Microphone', { exact: true }).inputValue()).toBe(chosen);
    await again.getByRole('button', { name: 'Close' }).click();
  });

  it('Test speaker plays the bundled music file on the chosen speaker and stops by itself (under the real CSP)', async () => {
    // No bypassCSP here: the renderer's own media-src must allow the bundled file.
    const page = await pages.newPage({ bypassCSP: false });
    const cspErrors: string[] = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });
    await page.goto(web.url); // the host is signed in by the first test
    await registered(page).waitFor({ timeout: 15_000 });
    const dialog = await openSettings(page);
    // Output device ids are listed only after a microphone grant.
    await dialog.getByRole('button', { name: 'Test microphone' }).click();
    await dialog.getByRole('button', { name: 'Stop microphone test' }).click();
    await waitFor(async () => (await optionTexts(page, 'Speaker')).filter(Boolean).length > 0, 'an audio output to be listed');
    const speaker = (await optionTexts(page, 'Speaker')).filter(Boolean).at(-1)!;
    await dialog.getByLabel('Speaker', { exact: true }).selectOption(speaker);

    await dialog.getByRole('button', { name: 'Test speaker' }).click();
    const audio = await page.waitForSelector('audio[data-speaker-test]', { state: 'attached' });
    type SinkAudio = HTMLAudioElement & { sinkId: string };
    const first = await waitFor(() => audio.evaluate((a) => { const el = a as SinkAudio; return !el.paused && el.currentTime > 0 ? el.currentTime : 0; }), 'the music file to play');
    await waitFor(() => audio.evaluate((a, t) => !(a as SinkAudio).paused && (a as SinkAudio).currentTime > t, first), 'the music to keep playing');
    const info = await audio.evaluate((a) => ({ src: (a as SinkAudio).currentSrc, sink: (a as SinkAudio).sinkId }));
    expect(info.src).toMatch(/\/speaker-test-[\w-]+\.ogg$/);
    expect(info.sink).toBe(speaker);
    // It stops by itself (the element is paused and taken out of the page) and the button comes back.
    await waitFor(() => audio.evaluate((a) => (a as SinkAudio).paused && !a.isConnected), 'the speaker test to stop by itself', 30_000);
    await dialog.getByRole('button', { name: 'Test speaker' }).waitFor();
    expect(cspErrors).toEqual([]);
  });

  it('switches microphone and speaker during a call; the customer keeps hearing the agent', async () => {
    const agent = await pages.newPage();
    await agent.goto(web.url);
    await registered(agent).waitFor({ timeout: 15_000 });
    await agent.getByLabel('Status', { exact: true }).selectOption('Available');
    await expect.poll(() => agent.getByLabel('Status', { exact: true }).inputValue(), { timeout: 10_000 }).toBe('Available');

    const customer = await pages.newPage();
    await startVoiceCall(customer, companion.url);
    await answer(agent, customer);

    await agent.getByRole('button', { name: 'Device settings' }).click();
    const panel = agent.getByRole('complementary', { name: 'Device settings' });
    await panel.waitFor();
    const bad = await seriousViolations(agent);
    expect(bad, JSON.stringify(bad, null, 1)).toEqual([]);

    const mics = (await optionTexts(agent, 'Microphone')).filter(Boolean);
    const current = await panel.getByLabel('Microphone', { exact: true }).inputValue();
    const other = mics.find((m) => m !== current) ?? '';
    const before = (await customerStats(customer))?.bytesReceived ?? 0;
    await panel.getByLabel('Microphone', { exact: true }).selectOption(other);
    const speakers = (await optionTexts(agent, 'Speaker')).filter(Boolean);
    if (speakers.length > 0) {
      const speaker = speakers[speakers.length - 1]!;
      await panel.getByLabel('Speaker', { exact: true }).selectOption(speaker);
      // The call's audio element now plays on the chosen speaker.
      await waitFor(
        () => agent.evaluate((id) => [...document.querySelectorAll('audio[data-call-id]')].some((a) => (a as HTMLAudioElement & { sinkId: string }).sinkId === id), speaker),
        'the call audio to move to the chosen speaker',
      );
    } else {
      console.log('no audio outputs listed by this Chromium; speaker switch not exercised');
    }
    // Audio from the (new) microphone keeps reaching the customer.
    await waitFor(async () => {
      const s = await customerStats(customer);
      return s && s.bytesReceived > before + 2000 && s.totalAudioEnergy > 0;
    }, 'the customer to keep receiving audio after the switch');

    await agent.getByRole('button', { name: 'Hang up' }).click();
    await agent.getByRole('heading', { name: 'Wrap-up' }).waitFor({ timeout: 10_000 });
  });
});
