// The agent's whole call flow with the keyboard alone, in Debian's Chromium through the web host, with an
// axe-core check on every screen: sign-in → idle → incoming → answer → hold → resume → (no DTMF on WebRTC) → transfer
// (target offline: "The call cannot be transferred." and the call stays) → hang up → wrap-up (+10s,
// notes) → Done → Available.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login } from '../support/companion-api.js';
import { incomingCall, openBrowser, startVoiceCall, type BrowserPages } from '../support/e2e-stack.js';
import { startCompanionProcess, tempDir, waitFor, type Service } from '../support/processes.js';
import { buildRendererCopy, registered, seriousViolations, signIn, startAgentHost, tabTo } from './ui-support.js';

let companion: Service;
let web: Service;
let bobWeb: Service | undefined;
let staticDir: string;
let pages: BrowserPages;

async function expectAccessible(page: Page, screen: string) {
  const bad = await seriousViolations(page);
  expect(bad, `${screen}: ${JSON.stringify(bad, null, 1)}`).toEqual([]);
}

beforeAll(async () => {
  staticDir = await buildRendererCopy();
  companion = await startCompanionProcess(tempDir('companion'));
  const sam = await login(companion.url, 'sam');
  // A long wrap-up so the test can extend it and type notes before pressing Done.
  const put = await api(companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 60, allowExtension: true });
  expect(put.status).toBe(200);
  web = await startAgentHost(companion.url, staticDir);
  // bypassCSP: axe-core is injected as an inline script, which the app's CSP (rightly) forbids.
  pages = await openBrowser({ bypassCSP: true });
});

afterAll(async () => {
  await pages?.close();
  await web?.stop();
  await bobWeb?.stop();
  await companion?.stop();
});

describe('agent call flow, keyboard only, accessible', () => {
  it('runs incoming → answer → hold → resume → mute → hang up → wrap-up (+10s, notes) → Available, then a transfer', async () => {
    const agent = await pages.newPage();
    await agent.goto(web.url);
    await agent.getByLabel('Login').waitFor();
    await expectAccessible(agent, 'sign-in');
    await signIn(agent, web.url, 'alice');
    await registered(agent).waitFor({ timeout: 15_000 });

    // Status by keyboard: focus the selector and pick Available.
    const status = agent.getByLabel('Status', { exact: true });
    await status.focus();
    await status.selectOption('Available');
    await expect.poll(() => status.inputValue(), { timeout: 10_000 }).toBe('Available');
    await agent.getByRole('heading', { name: 'Ready for calls' }).waitFor();
    await expectAccessible(agent, 'idle');

    const customer = await pages.newPage();
    await startVoiceCall(customer, companion.url);

    const modal = await incomingCall(agent);
    await expectAccessible(agent, 'incoming');
    // The modal took the focus on Answer: Enter answers.
    await expect.poll(() => agent.evaluate(() => document.activeElement?.textContent)).toBe('Answer');
    await agent.keyboard.press('Enter');
    await customer.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });
    await agent.getByRole('timer', { name: 'Call duration' }).waitFor();
    await expectAccessible(agent, 'in-call');

    // Hold and resume with Tab + Enter; the button's name follows the state.
    await tabTo(agent, 'Hold');
    await agent.keyboard.press('Enter');
    await agent.getByRole('button', { name: 'Resume', exact: true }).waitFor({ timeout: 10_000 });
    await tabTo(agent, 'Resume');
    await agent.keyboard.press('Enter');
    await agent.getByRole('button', { name: 'Hold', exact: true }).waitFor({ timeout: 10_000 });

    // Mute / Unmute.
    await tabTo(agent, 'Mute');
    await agent.keyboard.press('Enter');
    await agent.getByRole('button', { name: 'Unmute', exact: true }).waitFor({ timeout: 10_000 });
    await tabTo(agent, 'Unmute');
    await agent.keyboard.press('Space');
    await agent.getByRole('button', { name: 'Mute', exact: true }).waitFor({ timeout: 10_000 });

    // The call-link customer is a WebRTC call: no DTMF there (§2), so no Dial pad (keypad keys are covered
    // by the component tests; a phone-network caller needs a trunk this test does not have).
    expect(await agent.getByRole('button', { name: 'Dial pad' }).count()).toBe(0);

    await tabTo(agent, 'Hang up');
    await agent.keyboard.press('Enter');
    await customer.getByRole('status').filter({ hasText: 'Call ended' }).waitFor({ timeout: 15_000 });

    // Wrap-up: +10s extends the countdown, notes typed, Done → Available.
    await agent.getByRole('heading', { name: 'Wrap-up' }).waitFor({ timeout: 10_000 });
    await expectAccessible(agent, 'wrap-up');
    const secondsLeft = async () => Number(/(\d+)/.exec((await agent.getByRole('timer').textContent()) ?? '')?.[1] ?? NaN);
    const before = await secondsLeft();
    await tabTo(agent, '+10s');
    await agent.keyboard.press('Enter');
    await expect.poll(secondsLeft, { timeout: 10_000 }).toBeGreaterThan(before + 5);
    await tabTo(agent, 'Notes');
    await agent.keyboard.type('Customer asked about the invoice.');
    await tabTo(agent, 'Done');
    await agent.keyboard.press('Enter');
    await agent.getByRole('heading', { name: 'Wrap-up' }).waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => status.inputValue(), { timeout: 10_000 }).toBe('Available');
    const token = await login(companion.url, 'alice');
    const me = await api<{ status: string }>(companion.url, 'GET', '/api/me', token);
    expect(me.body.status).toBe('Available');

    // Second call: blind transfer (REFER) to bob, who is not signed in. Either main reports the failure
    // with the spec sentence and the call stays, or the customer's side accepted the REFER, our leg
    // ended and wrap-up opens (§7.4). Both leave the agent in a defined state; the test says which.
    const customer2 = await pages.newPage();
    await startVoiceCall(customer2, companion.url);
    await modal.waitFor({ timeout: 20_000 });
    await expect.poll(() => agent.evaluate(() => document.activeElement?.textContent)).toBe('Answer');
    await agent.keyboard.press('Enter');
    await agent.getByRole('timer', { name: 'Call duration' }).waitFor({ timeout: 20_000 });
    await tabTo(agent, 'Transfer');
    await agent.keyboard.press('Enter');
    // Bob is listed (same queue) with his live status even while offline; the REFER decides.
    const target = agent.getByRole('radio', { name: /^Bob \(/ });
    await target.waitFor();
    await expectAccessible(agent, 'in-call with the transfer panel');
    await target.focus();
    await agent.keyboard.press('Space');
    await tabTo(agent, 'Transfer call');
    await agent.keyboard.press('Enter');
    const failedAlert = agent.getByRole('alert').filter({ hasText: 'The call cannot be transferred.' });
    const wrapUpHeading = agent.getByRole('heading', { name: 'Wrap-up' });
    // The REFER can only fail by main's 32 s request timeout, hence the long wait.
    const outcome = await waitFor(async () => ((await failedAlert.count()) ? 'failed' : (await wrapUpHeading.count()) ? 'transferred' : null), 'transfer outcome', 45_000);
    console.log(`transfer to an offline agent: ${outcome}`);
    if (outcome === 'failed') {
      expect(await agent.getByRole('timer', { name: 'Call duration' }).count()).toBe(1);
      await expectAccessible(agent, 'in-call after failed transfer');
      await tabTo(agent, 'Hang up');
      await agent.keyboard.press('Enter');
    }
    await wrapUpHeading.waitFor({ timeout: 15_000 });
    await tabTo(agent, 'Done');
    await agent.keyboard.press('Enter');
    await wrapUpHeading.waitFor({ state: 'detached', timeout: 15_000 });
  });

  // The customer call-link page follows alice's REFER: it calls bob with the edge's one-time token.
  it('transfers to an available agent (bob, on his own desktop): bob rings, answers, alice gets wrap-up', async () => {
    bobWeb = await startAgentHost(companion.url, staticDir);
    const bob = await pages.newPage();
    await signIn(bob, bobWeb.url, 'bob');
    await registered(bob).waitFor({ timeout: 15_000 });
    const bobStatus = bob.getByLabel('Status', { exact: true });
    // Bob stays Busy until alice has the call, so routing cannot pick him first.
    await bobStatus.selectOption('Busy');
    await expect.poll(() => bobStatus.inputValue(), { timeout: 10_000 }).toBe('Busy');

    const agent = await pages.newPage();
    await agent.goto(web.url);
    // Signed in already when the first test ran (the web host is one agent's desktop); else sign in.
    await Promise.race([registered(agent).waitFor({ timeout: 15_000 }), agent.getByLabel('Login').waitFor({ timeout: 15_000 })]);
    if (await agent.getByLabel('Login').count()) await signIn(agent, web.url, 'alice');
    await registered(agent).waitFor({ timeout: 15_000 });
    const status = agent.getByLabel('Status', { exact: true });
    await status.selectOption('Available');
    await expect.poll(() => status.inputValue(), { timeout: 10_000 }).toBe('Available');

    const customer = await pages.newPage();
    await startVoiceCall(customer, companion.url);
    await incomingCall(agent);
    await agent.keyboard.press('Enter');
    await customer.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });

    await bobStatus.selectOption('Available');
    await expect.poll(() => bobStatus.inputValue(), { timeout: 10_000 }).toBe('Available');

    await tabTo(agent, 'Transfer');
    await agent.keyboard.press('Enter');
    // Picked in the Agents list (same queue), keyboard only; the list refreshes to his live status.
    const bobRadio = agent.getByRole('radio', { name: 'Bob (Available)' });
    await bobRadio.waitFor({ timeout: 15_000 });
    await bobRadio.focus();
    await agent.keyboard.press('Space');
    await tabTo(agent, 'Transfer call');
    await agent.keyboard.press('Enter');

    const bobModal = bob.getByRole('dialog', { name: 'Incoming call' });
    await bobModal.waitFor({ timeout: 30_000 });
    await agent.getByRole('heading', { name: 'Wrap-up' }).waitFor({ timeout: 20_000 });
    await bobModal.getByRole('button', { name: 'Answer' }).click();
    await bob.getByRole('timer', { name: 'Call duration' }).waitFor({ timeout: 20_000 });
    // The customer stayed in the call across the transfer (now with bob) and it ends when bob hangs up.
    await expect.poll(() => customer.getByRole('status').first().textContent(), { timeout: 20_000 }).toContain('Connected');
    await bob.getByRole('button', { name: 'Hang up' }).click();
    await bob.getByRole('heading', { name: 'Wrap-up' }).waitFor({ timeout: 10_000 });
    await customer.getByRole('status').filter({ hasText: 'Call ended' }).waitFor({ timeout: 20_000 });
  });
});
