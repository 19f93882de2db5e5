// New call with the optional form (§8.3), end to end in Debian's Chromium through the web host: a supervisor's
// form is chosen and answered on the New call form, the companion routes the call to a SIPp carrier and
// names its conversation, the desktop saves the answers there, and My work shows them with the timeline
// event "Form filled: Intake". Signalling only toward the carrier (no media gateway).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDetail } from '../../src/shared/companion-cc.js';
import { api, login } from '../support/companion-api.js';
import type { Service } from '../support/processes.js';
import { HAS_SIPP, type SippCarrier } from '../support/sipp-carrier.js';
import { signInAway, startCarrierStack, stopCarrierStack } from './ui-carrier-stack.js';
import { newContextPage } from './ui-support.js';

let companion: Service;
let aliceWeb: Service;
let browser: Browser;
let carrier: SippCarrier | undefined;
const contexts: BrowserContext[] = [];

const newPage = (): Promise<Page> => newContextPage(browser, contexts);

describe.skipIf(!HAS_SIPP)('New call with a form → answers on the conversation', () => {
  beforeAll(async () => {
    ({ companion, aliceWeb, browser, carrier } = await startCarrierStack(async (url, sam) => {
      expect((await api(url, 'POST', '/api/forms', sam, { name: 'Intake', fields: [
        { label: 'Reason', kind: 'choice', options: ['Sales', 'Support'], required: true },
        { label: 'Comment', kind: 'text' },
      ] })).status).toBe(201);
    }));
  }, 180_000);

  afterAll(() => stopCarrierStack({ carrier, browser, aliceWeb, companion }, contexts));

  it('the chosen form\'s answers are saved to the call\'s conversation and shown in My work', async () => {
    const alice = await newPage();
    await signInAway(alice, aliceWeb.url);

    const form = alice.getByRole('form', { name: 'New call' });
    const formSelect = form.getByRole('combobox', { name: 'Form', exact: true });
    await expect.poll(() => formSelect.locator('option').allTextContents(), { timeout: 10_000 }).toContain('Intake');
    await formSelect.selectOption({ label: 'Intake' });
    await form.getByLabel('Reason (required)').selectOption('Support');
    await form.getByLabel('Comment').fill('Delivery question');
    await form.getByLabel('To').fill('+1 555 765 4321');
    await form.getByRole('button', { name: 'Call' }).click();

    await alice.getByRole('timer', { name: 'Call duration' }).waitFor({ timeout: 30_000 }).catch((e: unknown) => {
      console.log(`carrier: ${carrier!.output()}`);
      throw e;
    });
    // The server has the answers as soon as the conversation is named (during the call).
    const token = await login(companion.url, 'alice');
    const janeConversation = async () => (await api<{ conversations: { id: string; customerNumber: string | null }[] }>(companion.url, 'GET', '/api/conversations', token))
      .body.conversations.find((c) => c.customerNumber === '+15557654321');
    await expect.poll(async () => {
      const c = await janeConversation();
      return c ? (await api<ConversationDetail>(companion.url, 'GET', `/api/conversations/${c.id}`, token)).body.form?.answers : undefined;
    }, { timeout: 20_000 }).toEqual([
      { fieldId: 'f1', label: 'Reason', value: 'Support' }, { fieldId: 'f2', label: 'Comment', value: 'Delivery question' },
    ]);

    await alice.getByRole('button', { name: 'Hang up' }).click();
    await alice.getByRole('heading', { name: 'Wrap-up' }).waitFor({ timeout: 15_000 });
    await alice.getByRole('button', { name: 'Done' }).click();
    await alice.getByRole('heading', { name: 'Wrap-up' }).waitFor({ state: 'detached', timeout: 15_000 });

    const row = alice.getByRole('list', { name: 'My conversations' }).getByRole('button').filter({ hasText: 'Jane Doe' });
    await row.first().waitFor({ timeout: 15_000 });
    await row.first().click();
    const article = alice.getByRole('article', { name: 'Jane Doe' });
    const answers = article.getByRole('region', { name: 'Form: Intake' });
    await answers.waitFor({ timeout: 15_000 });
    expect(await answers.getByRole('definition').allTextContents()).toEqual(['Support', 'Delivery question']);
    await expect.poll(async () => (await article.getByRole('list', { name: 'Timeline' }).getByRole('listitem').allTextContents()).join(' | '), { timeout: 15_000 })
      .toContain('Form filled: Intake');

    // After the call the agent corrects an answer in My work: saved on the companion, shown at once.
    await article.getByRole('button', { name: 'Edit form' }).click();
    const comment = article.getByLabel('Comment');
    await comment.fill('Delivery question, parcel found');
    await article.getByRole('button', { name: 'Save form' }).click();
    await expect.poll(async () => answers.getByRole('definition').allTextContents(), { timeout: 15_000 }).toEqual(['Support', 'Delivery question, parcel found']);
    await expect.poll(async () => {
      const c = await janeConversation();
      return c ? (await api<ConversationDetail>(companion.url, 'GET', `/api/conversations/${c.id}`, token)).body.form?.answers.map((a) => a.value) : undefined;
    }, { timeout: 15_000 }).toEqual(['Support', 'Delivery question, parcel found']);
  }, 180_000);
});
