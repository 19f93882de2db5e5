// The companion-backed screens of the agent desktop in Debian's Chromium through the web host (issue 5),
// with an axe-core check on each: the New call form's three existing-conversation outcomes (§8.3), a
// transfer by picking Bob in the Agents list (§7.1), and My work showing the finished call's conversation
// with its timeline, the wrap-up notes and rating.
// The outbound conversations come from real calls through the SIP edge answered by sip.js test phones
// (signalling only) before the agents sign in on their desktops.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { api, login } from '../support/companion-api.js';
import { startCompanionProcess, tempDir, waitFor, type Service } from '../support/processes.js';
import { SessionState, TestPhone, waitForState } from '../integration/server-sip-ua.js';
import path from 'node:path';
import { buildRendererCopy, ensureScreenshotDir, registered, seriousViolations, signIn, startAgentHost, newContextPage } from './ui-support.js';

let companion: Service;
let aliceWeb: Service;
let bobWeb: Service;
let browser: Browser;
const contexts: BrowserContext[] = [];
const phones: TestPhone[] = [];

const newPage = (): Promise<Page> => newContextPage(browser, contexts, { bypassCSP: true });

/** Screenshots of these screens for the README (artifacts/screenshots/work-*.png). */
async function shot(page: Page, name: string) {
  await page.addStyleTag({ content: '* { caret-color: transparent !important; }' }).catch(() => undefined);
  await page.screenshot({ path: path.join(ensureScreenshotDir(), `work-${name}.png`), fullPage: true });
}

async function expectAccessible(page: Page, screen: string) {
  const bad = await seriousViolations(page);
  expect(bad, `${screen}: ${JSON.stringify(bad, null, 1)}`).toEqual([]);
}

/** `agent` answers a call from `number` on a test phone, the customer hangs up, wrap-up is finished. */
async function conversationWith(agentLogin: string, number: string, sip: { wsUrl: string; domain: string }): Promise<void> {
  const token = await login(companion.url, agentLogin);
  const agent = await new TestPhone({ ...sip, user: agentLogin, password: agentLogin }).start();
  phones.push(agent);
  await agent.register();
  expect((await api(companion.url, 'PUT', '/api/me/status', token, { status: 'Available' })).status).toBe(200);
  const customer = await new TestPhone({ ...sip, user: number }).start();
  phones.push(customer);
  const { inviter } = customer.call('support');
  const inv = await agent.nextInvitation(20_000);
  await inv.accept();
  await waitForState(inviter, SessionState.Established);
  await inviter.bye();
  await agent.unregister();
  await api(companion.url, 'POST', '/api/me/wrapup/finish', token, {});
  await api(companion.url, 'PUT', '/api/me/status', token, { status: 'Away' });
}

async function agentDesktop(web: Service, user: string, status: 'Available' | 'Busy' | 'Away'): Promise<Page> {
  const page = await newPage();
  await signIn(page, web.url, user);
  await registered(page).waitFor({ timeout: 20_000 });
  const select = page.getByLabel('Status', { exact: true });
  await select.selectOption(status);
  await expect.poll(() => select.inputValue(), { timeout: 10_000 }).toBe(status);
  return page;
}

beforeAll(async () => {
  const staticDir = await buildRendererCopy();
  companion = await startCompanionProcess(tempDir('companion'));
  const sam = await login(companion.url, 'sam');
  expect((await api(companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 90, allowExtension: false })).status).toBe(200);
  const health = (await api<{ sipWebSocketUrl: string; sipDomain: string }>(companion.url, 'GET', '/api/health')).body;
  const sip = { wsUrl: health.sipWebSocketUrl, domain: health.sipDomain };
  // Jane Doe's open conversation is alice's; 山田 太郎's is bob's.
  await conversationWith('alice', '+15557654321', sip);
  await conversationWith('bob', '+81312345678', sip);
  for (const p of phones) await p.stop();
  aliceWeb = await startAgentHost(companion.url, staticDir);
  bobWeb = await startAgentHost(companion.url, staticDir);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  for (const p of phones) await p.stop();
  await aliceWeb?.stop();
  await bobWeb?.stop();
  await companion?.stop();
});

describe('agent desktop with the companion: outbound checks, transfer list, My work', () => {
  it('outbound: mine → open it and call; another agent\'s → refused; none → dials', async () => {
    const alice = await agentDesktop(aliceWeb, 'alice', 'Away');
    const form = alice.getByRole('form', { name: 'New call' });
    await expect.poll(() => form.getByLabel('From').locator('option').allTextContents(), { timeout: 10_000 })
      .toEqual(['Default number', 'Tokyo support line (+81 3 5000 1000)', 'US support line (+1 555 000 1000)']);
    const to = form.getByLabel('To');

    // People search as you type, then the conversation that is alice's own.
    await to.fill('Jane');
    await form.getByRole('button', { name: 'Jane Doe — +1 555 765 4321' }).click();
    await form.getByText('Calls Jane Doe (+1 555 765 4321)').waitFor();
    await expectAccessible(alice, 'new call form with People suggestions');
    await form.getByRole('button', { name: 'Call' }).click();
    const existing = alice.getByRole('dialog', { name: 'Open conversation' });
    await existing.waitFor({ timeout: 10_000 });
    await expectAccessible(alice, 'open-existing dialog');
    await shot(alice, '1-open-existing');
    await existing.getByRole('button', { name: 'Open conversation and call' }).click();
    // My work opens Jane's conversation while the call is dialled.
    const jane = alice.getByRole('article', { name: 'Jane Doe' });
    await jane.waitFor({ timeout: 10_000 });
    await jane.getByRole('list', { name: 'Timeline' }).getByText('Call started').waitFor();
    await hangUpIfDialling(alice);

    // 山田 太郎 is bob's: refused with the spec sentence, nothing dialled.
    await to.fill('+81 3 1234 5678');
    await form.getByRole('button', { name: 'Call' }).click();
    const refused = alice.getByRole('alertdialog', { name: 'Call not started' });
    await refused.waitFor({ timeout: 10_000 });
    expect(await refused.textContent()).toContain('Another agent is already talking to this customer.');
    await expectAccessible(alice, 'refused dialog');
    await shot(alice, '2-refused');
    await refused.getByRole('button', { name: 'Close' }).click();
    await refused.waitFor({ state: 'detached' });
    expect(await alice.getByText('Calling…').count()).toBe(0);

    // Nobody's customer: straight to dialling, no dialog.
    await to.fill('+81 3 9999 8888');
    await form.getByRole('button', { name: 'Call' }).click();
    const outcome = await waitFor(async () => ((await alice.getByText('Calling…').count()) ? 'dialling'
      : (await alice.getByRole('alert').count()) ? 'failed' : (await to.inputValue()) === '' ? 'dialled' : null), 'the new call', 20_000);
    console.log(`outbound to a new customer: ${outcome}`);
    expect(await alice.getByRole('dialog').count()).toBe(0);
    await hangUpIfDialling(alice);
  }, 120_000);

  it('transfer by picking Bob in the Agents list; Bob\'s My work shows the call with its timeline, notes and rating', async () => {
    const bob = await agentDesktop(bobWeb, 'bob', 'Busy');
    const alice = await newPage();
    await alice.goto(aliceWeb.url);
    await registered(alice).waitFor({ timeout: 20_000 });
    const aliceStatus = alice.getByLabel('Status', { exact: true });
    await aliceStatus.selectOption('Available');
    await expect.poll(() => aliceStatus.inputValue(), { timeout: 10_000 }).toBe('Available');

    const customer = await newPage();
    await customer.goto(`${companion.url}/call`);
    await customer.getByRole('button', { name: 'Start voice call' }).click();
    const modal = alice.getByRole('dialog', { name: 'Incoming call' });
    await modal.waitFor({ timeout: 20_000 });
    await modal.getByRole('button', { name: 'Answer' }).click();
    await customer.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });

    const bobStatus = bob.getByLabel('Status', { exact: true });
    await bobStatus.selectOption('Available');
    await expect.poll(() => bobStatus.inputValue(), { timeout: 10_000 }).toBe('Available');

    await alice.getByRole('button', { name: 'Transfer', exact: true }).click();
    const agents = alice.getByRole('group', { name: 'Agents of your queue' });
    // The list refreshes by itself; Refresh reads Bob's new status at once.
    await agents.getByRole('button', { name: 'Refresh' }).click();
    const bobRadio = agents.getByRole('radio', { name: 'Bob (Available)' });
    await bobRadio.waitFor({ timeout: 15_000 }).catch(async (e: unknown) => {
      console.log(`agents list: ${await agents.textContent()}`);
      throw e;
    });
    await expectAccessible(alice, 'transfer panel with the Agents list');
    await shot(alice, '3-transfer-agents');
    await bobRadio.check();
    await alice.getByRole('button', { name: 'Transfer call' }).click();

    const bobModal = bob.getByRole('dialog', { name: 'Incoming call' });
    await bobModal.waitFor({ timeout: 30_000 });
    await alice.getByRole('heading', { name: 'Wrap-up' }).waitFor({ timeout: 20_000 });
    await bobModal.getByRole('button', { name: 'Answer' }).click();
    await bob.getByRole('timer', { name: 'Call duration' }).waitFor({ timeout: 20_000 });
    await alice.getByRole('button', { name: 'Done' }).click();

    await bob.getByRole('button', { name: 'Hang up' }).click();
    await bob.getByRole('heading', { name: 'Wrap-up' }).waitFor({ timeout: 15_000 });
    await bob.getByLabel('Notes').fill('Transferred by Alice; invoice question answered.');
    await bob.getByLabel('Call quality (optional)').selectOption('4');
    await expectAccessible(bob, 'wrap-up with the rating');
    await bob.getByRole('button', { name: 'Done' }).click();
    await bob.getByRole('heading', { name: 'Wrap-up' }).waitFor({ state: 'detached', timeout: 15_000 });

    // Bob's My work: the conversation of the call he just finished is the newest (山田 太郎's is older).
    const list = bob.getByRole('list', { name: 'My conversations' });
    await expect.poll(() => list.getByRole('button').count(), { timeout: 15_000 }).toBe(2);
    const row = list.getByRole('button').first();
    expect(await row.textContent()).not.toContain('+81 3 1234 5678');
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    const article = bob.getByRole('article').first();
    const timeline = article.getByRole('list', { name: 'Timeline' });
    await expect.poll(async () => (await timeline.getByRole('listitem').allTextContents()).join(' | '), { timeout: 15_000 })
      .toContain('Call quality: 4/5');
    const items = await timeline.getByRole('listitem').allTextContents();
    console.log(`timeline: ${items.join(' | ')}`);
    expect(items.some((t) => t.includes('Call started'))).toBe(true);
    expect(items.some((t) => t.includes('Call ended'))).toBe(true);
    expect(await article.getByLabel('Conversation summary').inputValue()).toContain('invoice question answered');
    await expectAccessible(bob, 'My work with a conversation timeline');
    await shot(bob, '4-my-work');
    await customer.getByRole('status').filter({ hasText: 'Call ended' }).waitFor({ timeout: 20_000 });
  }, 180_000);
});

/** An outbound call without a trunk may ring or fail; leave the agent idle again either way. */
async function hangUpIfDialling(page: Page): Promise<void> {
  const cancel = page.getByRole('button', { name: 'Cancel' });
  if (await cancel.count()) await cancel.click().catch(() => undefined);
  await page.getByRole('form', { name: 'New call' }).waitFor({ timeout: 40_000 });
}
