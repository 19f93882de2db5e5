// New call with a From choice, end to end in Debian's Chromium through the web host (§8.3): the companion
// routes the agent's call to a SIPp carrier behind its trunk with the chosen number as caller ID, creates
// the customer's conversation, and My work then shows it with its timeline and the wrap-up notes.
// Signalling only toward the carrier (no media gateway): the call is answered, then the agent hangs up.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login } from '../support/companion-api.js';
import type { Service } from '../support/processes.js';
import { HAS_SIPP, type SippCarrier } from '../support/sipp-carrier.js';
import { signInAway, startCarrierStack, stopCarrierStack } from './ui-carrier-stack.js';
import { seriousViolations, newContextPage } from './ui-support.js';

let companion: Service;
let aliceWeb: Service;
let browser: Browser;
let carrier: SippCarrier | undefined;
const contexts: BrowserContext[] = [];

const newPage = (): Promise<Page> => newContextPage(browser, contexts, { bypassCSP: true });

describe.skipIf(!HAS_SIPP)('New call with a From choice → conversation in My work', () => {
  beforeAll(async () => {
    ({ companion, aliceWeb, browser, carrier } = await startCarrierStack());
  }, 180_000);

  afterAll(() => stopCarrierStack({ carrier, browser, aliceWeb, companion }, contexts));

  it('From "US support line", priority and tags: the carrier sees that number; My work shows the new conversation with its timeline and notes', async () => {
    const alice = await newPage();
    await signInAway(alice, aliceWeb.url);

    const form = alice.getByRole('form', { name: 'New call' });
    const from = form.getByLabel('From');
    await expect.poll(() => from.locator('option').allTextContents(), { timeout: 10_000 })
      .toContain('US support line (+1 555 000 1000)');
    await from.selectOption({ label: 'US support line (+1 555 000 1000)' });
    await form.getByLabel('To').fill('+1 555 765 4321');
    await form.getByText('Priority, tags and queue').click();
    await form.getByLabel('Priority').selectOption({ label: 'High' });
    await form.getByLabel('Tags').fill('vip');
    await form.getByRole('button', { name: 'Call' }).click();

    // Answered by the carrier: the in-call view; the caller ID it received is the chosen number.
    await alice.getByRole('timer', { name: 'Call duration' }).waitFor({ timeout: 30_000 }).catch((e: unknown) => {
      console.log(`carrier: ${carrier!.output()}`);
      throw e;
    });
    const invite = carrier!.invite();
    expect(invite).toMatch(/^From:\s*<sip:\+15550001000@/m);
    expect(invite).toMatch(/^P-Asserted-Identity:\s*<sip:\+15550001000@/im);

    await alice.getByRole('button', { name: 'Hang up' }).click();
    await alice.getByRole('heading', { name: 'Wrap-up' }).waitFor({ timeout: 15_000 });
    await alice.getByLabel('Notes').fill('Outbound: delivery date confirmed.');
    await alice.getByRole('button', { name: 'Done' }).click();
    await alice.getByRole('heading', { name: 'Wrap-up' }).waitFor({ state: 'detached', timeout: 15_000 });
    expect(await carrier!.exited, carrier!.output()).toBe(0);

    const list = alice.getByRole('list', { name: 'My conversations' });
    const row = list.getByRole('button').filter({ hasText: 'Jane Doe' });
    await row.first().waitFor({ timeout: 15_000 });
    await row.first().click();
    const article = alice.getByRole('article', { name: 'Jane Doe' });
    const timeline = article.getByRole('list', { name: 'Timeline' });
    await expect.poll(async () => (await timeline.getByRole('listitem').allTextContents()).join(' | '), { timeout: 15_000 })
      .toContain('Outbound call started (from +15550001000)');
    await expect.poll(async () => (await timeline.getByRole('listitem').allTextContents()).join(' | '), { timeout: 15_000 })
      .toContain('Call ended');
    expect(await article.getByLabel('Conversation summary').inputValue()).toContain('delivery date confirmed');
    const bad = await seriousViolations(alice);
    expect(bad, JSON.stringify(bad, null, 1)).toEqual([]);

    // The server agrees: one conversation for Jane, alice's, with the call's options on the timeline.
    const token = await login(companion.url, 'alice');
    const mine = (await api<{ conversations: { id: string; customerNumber: string | null; assigneeId: string | null }[] }>(companion.url, 'GET', '/api/conversations', token)).body.conversations
      .filter((c) => c.customerNumber === '+15557654321');
    expect(mine).toHaveLength(1);
    const detail = (await api<{ events: { type: string; data: Record<string, unknown> }[] }>(companion.url, 'GET', `/api/conversations/${mine[0]!.id}`, token)).body;
    expect(detail.events.find((e) => e.type === 'call.started')?.data).toMatchObject({ priority: 'high', tags: ['vip'], from: '+15550001000' });
  }, 180_000);
});
