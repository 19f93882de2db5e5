// The separate ringing device (spec §9.2, issue 3) in Chromium with fake devices: the ring plays through
// one hidden <audio data-ringer> element whose sinkId is the device chosen under "Ringing device" (call
// audio keeps its own speaker choice); a chosen device that is gone rings on the system default and the
// agent is told.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableAgent, customerCalls, incomingCall, openDeviceSettings as openSettings, registered, startE2eStack, type E2eStack } from '../support/e2e-stack.js';
import { waitFor } from '../support/processes.js';

let stack: E2eStack;

beforeAll(async () => {
  stack = await startE2eStack();
});

afterAll(async () => {
  await stack?.close();
});

const ringerSink = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('audio[data-ringer]') as (HTMLAudioElement & { sinkId: string }) | null;
    return el ? { sinkId: el.sinkId, playing: !el.paused } : null;
  });

/** A customer calls; the agent's modal rings; the customer hangs up again. */
async function ringOnce(agent: Page, check: () => Promise<void>) {
  const customer = await customerCalls(stack);
  await incomingCall(agent);
  await check();
  await customer.getByRole('button', { name: 'Hang up' }).click();
  await agent.getByRole('dialog', { name: 'Incoming call' }).waitFor({ state: 'detached', timeout: 20_000 });
  await customer.close();
}

describe('ringing device', () => {
  it('the ring plays on the chosen ringing device; a device that is gone falls back to the default and says so', async () => {
    const agent = await availableAgent(stack);
    const dialog = await openSettings(agent);
    // Labels and output ids appear once the page holds a media permission (the fake UI grants it).
    await dialog.getByRole('button', { name: 'Test microphone' }).click();
    await dialog.getByRole('button', { name: 'Stop microphone test' }).click();
    await agent.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const again = await openSettings(agent);
    const select = again.getByLabel('Ringing device', { exact: true });
    const outputs = await select.evaluate((s) => [...(s as HTMLSelectElement).options].map((o) => o.value).filter(Boolean));
    // Debian's Chromium lists the machine's outputs (with ids) next to the fake inputs.
    expect(outputs.length).toBeGreaterThan(0);
    const chosen = outputs[outputs.length - 1]!;
    await select.selectOption(chosen);
    await agent.keyboard.press('Escape');
    await again.waitFor({ state: 'detached' });
    await ringOnce(agent, async () => {
      const sink = await waitFor(async () => {
        const s = await ringerSink(agent);
        return s?.playing && s.sinkId === chosen ? s : null;
      }, 'the ring to play on the chosen device', 15_000);
      expect(sink.sinkId).toBe(chosen);
    });
    // The call audio's speaker choice is separate (still the system default here).
    expect(await agent.evaluate(() => JSON.parse(localStorage.getItem('softphone.devices') ?? '{}'))).toMatchObject({ ringerId: chosen, speakerId: null });

    // A stored ringing device that no longer exists (unplugged between sessions).
    await agent.evaluate(() => {
      const key = 'softphone.devices';
      const prefs = JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown>;
      localStorage.setItem(key, JSON.stringify({ ...prefs, ringerId: 'unplugged-loudspeaker' }));
    });
    await agent.reload();
    await registered(agent).waitFor({ timeout: 15_000 });
    await ringOnce(agent, async () => {
      await agent.getByText('The ringing device is not available; the ring plays on the system default.').waitFor({ timeout: 15_000 });
      await waitFor(async () => {
        const s = await ringerSink(agent);
        return s?.playing && s.sinkId === '';
      }, 'the ring to play on the system default', 15_000);
    });
  }, 180_000);
});
