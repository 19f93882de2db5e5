// The supervisor page in real Chromium, driven by role and accessible name: sign in as sam (agents are turned
// away), then every form shows the API's validation message verbatim and saves what the API accepts —
// routing, wrap-up, transfers, queues (working hours, members, waiting strategy, away message), waiting
// strategies, hold configurations and People. Plus the recordings list
// (play, details, download with CSV, single-leg delete).
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type CompanionHandle } from '../../src/server/app.js';
import { RING_TIMEOUT_MESSAGE } from '../../src/shared/companion-admin.js';
import { MAX_WAIT_MESSAGE, REPEAT_MESSAGE, type Person, type QueueSettings, type WaitingStrategy } from '../../src/shared/companion-cc.js';
import { chromiumAvailable, launchChromium } from '../support/chromium.js';
import { seriousViolations } from '../e2e/ui-support.js';
import { api, login } from '../support/companion-api.js';

describe.skipIf(!chromiumAvailable())('supervisor page', () => {
  let c: CompanionHandle;
  let browser: Browser;
  let page: Page;
  let sam: string;
  const errors: string[] = [];
  const form = (name: string) => page.getByRole('form', { name, exact: true });
  /** The form's message line once it says something. */
  const message = (f: Locator) => f.getByRole('alert');
  const save = async (f: Locator, text: string | RegExp) => {
    await f.getByRole('button', { name: /^(Save|Add person)$/ }).click();
    await expect.poll(() => message(f).textContent()).toMatch(text);
  };

  beforeAll(async () => {
    c = await startCompanion({ dataDir: mkdtempSync(path.join(tmpdir(), 'companion-supervisor-')) });
    sam = await login(c.url, 'sam');
    browser = await launchChromium();
    // bypassCSP only so the axe-core script can be injected for the accessibility check.
    page = await (await browser.newContext({ bypassCSP: true })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  });
  afterAll(async () => {
    await browser?.close();
    await c?.close();
  });

  it('agents are turned away; a supervisor signs in and sees the current settings', async () => {
    await page.goto(`${c.url}/supervisor`);
    const signIn = form('Sign in');
    await signIn.getByLabel('Login').fill('alice');
    await signIn.getByLabel('Password').fill('alice');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => message(signIn).textContent()).toBe('Only supervisors may change settings.');
    await signIn.getByLabel('Login').fill('sam');
    await signIn.getByLabel('Password').fill('sam');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => form('Routing').getByLabel(/Ring timeout/).inputValue()).toBe('30');
    // Everything is loaded once the People table has the demo contacts.
    await expect.poll(() => form('People').getByRole('row').count()).toBeGreaterThan(2);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('routing: ring timeout 2 is refused with the message, 3 is saved', async () => {
    const f = form('Routing');
    await f.getByLabel(/Ring timeout/).fill('2');
    await save(f, RING_TIMEOUT_MESSAGE);
    expect((await api(c.url, 'GET', '/api/settings/routing', sam)).body).toEqual({ ringTimeoutSeconds: 30 });
    await f.getByLabel(/Ring timeout/).fill('3');
    await save(f, 'Saved.');
    expect((await api(c.url, 'GET', '/api/settings/routing', sam)).body).toEqual({ ringTimeoutSeconds: 3 });
  });

  it('wrap-up (org and per agent) and transfer options', async () => {
    const w = form('Wrap-up');
    await w.getByLabel('Duration (seconds)').fill('0');
    await save(w, 'Wrap-up duration must be a whole number of seconds between 1 and 3600.');
    await w.getByLabel('Duration (seconds)').fill('45');
    await save(w, 'Saved.');
    expect((await api<{ seconds: number }>(c.url, 'GET', '/api/settings/wrapup', sam)).body.seconds).toBe(45);

    const a = form('Agent wrap-up');
    await a.getByLabel('Agent').selectOption('bob');
    await a.getByLabel('Wrap-up duration').selectOption('custom');
    await a.getByLabel('Custom duration (seconds)').fill('12');
    await save(a, 'Saved.');
    const agents = await api<{ agents: Array<{ login: string; wrapUp: unknown }> }>(c.url, 'GET', '/api/agents', sam);
    expect(agents.body.agents.find((x) => x.login === 'bob')!.wrapUp).toEqual({ mode: 'custom', seconds: 12 });

    const t = form('Transfers');
    await t.getByLabel('Allow numbers not in People').check();
    await save(t, 'Saved.');
    expect((await api(c.url, 'GET', '/api/settings/transfer', sam)).body).toEqual({ allowNumbersNotInPeople: true });
  });

  it('waiting strategies: maximum wait 5 refused with the message; 20 saved and offered to queues', async () => {
    const f = form('Waiting strategies');
    await f.getByLabel('Name', { exact: true }).fill('Evening');
    await f.getByLabel(/Maximum wait/).fill('5');
    await f.getByLabel('Greeting text').fill('Thank you for calling.');
    await save(f, MAX_WAIT_MESSAGE);
    await f.getByLabel(/Maximum wait/).fill('20');
    await f.getByLabel(/Announcement repeat/).fill('2');
    await f.getByLabel('Announcement text').fill('Please hold.');
    await save(f, REPEAT_MESSAGE);
    await f.getByLabel(/Announcement repeat/).fill('30');
    await save(f, 'Saved.');
    const list = (await api<{ strategies: WaitingStrategy[] }>(c.url, 'GET', '/api/settings/waiting-strategies', sam)).body.strategies;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      name: 'Evening', maxWaitSeconds: 20, appliesTo: [],
      greeting: { enabled: true, source: { kind: 'tts', text: 'Thank you for calling.', language: 'en-US' } },
      announcement: { enabled: true, repeatSeconds: 30 }, maxWaitMessage: { enabled: false, source: null },
    });
    await expect.poll(() => form('Queues').getByLabel('Waiting strategy').locator('option', { hasText: 'Evening' }).count()).toBe(1);
  });

  it('queues: bad working hours refused with the message; working hours, members, strategy and away message saved', async () => {
    const f = form('Queues');
    await f.getByLabel('Queue').selectOption('support');
    await f.getByLabel(/Use working hours/).check();
    await f.getByLabel('Time zone').fill('Nowhere/City');
    await f.getByLabel('Monday').fill('09:00-17:00');
    await save(f, 'Unknown time zone.');
    await f.getByLabel('Time zone').fill('Asia/Tokyo');
    await f.getByLabel('Tuesday').fill('9-17');
    await save(f, 'Times are "HH:MM" (00:00–24:00).');
    await f.getByLabel('Tuesday').fill('09:00-12:00, 13:00-18:00');
    await f.getByLabel(/Exceptions/).fill('2026-12-31 closed\n2026-12-24 09:00-12:00');
    await f.getByLabel('Waiting strategy').selectOption({ label: 'Evening' });
    await f.getByLabel('Away message text').fill('We are closed.');
    await f.getByRole('group', { name: 'Members' }).getByLabel(/\(alice\)/).uncheck();
    // Nothing was stored by the refused attempts.
    expect((await api<QueueSettings>(c.url, 'GET', '/api/queues/support/settings', sam)).body.workingHours.enabled).toBe(false);
    await save(f, 'Saved.');

    const s = (await api<QueueSettings>(c.url, 'GET', '/api/queues/support/settings', sam)).body;
    const strategies = (await api<{ strategies: WaitingStrategy[] }>(c.url, 'GET', '/api/settings/waiting-strategies', sam)).body.strategies;
    expect(s.workingHours).toMatchObject({
      enabled: true, timeZone: 'Asia/Tokyo',
      weekly: { mon: [{ from: '09:00', to: '17:00' }], tue: [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '18:00' }], wed: [] },
      exceptions: [{ date: '2026-12-31', ranges: [] }, { date: '2026-12-24', ranges: [{ from: '09:00', to: '12:00' }] }],
    });
    expect(s.waitingStrategyId).toBe(strategies[0]!.id);
    expect(s.awayMessage).toMatchObject({ enabled: true, source: { kind: 'tts', text: 'We are closed.' } });
    const queues = await api<{ queues: Array<{ name: string; members: Array<{ login: string }> }> }>(c.url, 'GET', '/api/queues', sam);
    expect(queues.body.queues.find((q) => q.name === 'support')!.members.map((m) => m.login)).not.toContain('alice');

    // A reload shows what was stored.
    await page.reload();
    const signIn = form('Sign in');
    await signIn.getByLabel('Login').fill('sam');
    await signIn.getByLabel('Password').fill('sam');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => form('Queues').getByLabel('Tuesday').inputValue()).toBe('09:00-12:00, 13:00-18:00');
    expect(await form('Queues').getByLabel(/Exceptions/).inputValue()).toBe('2026-12-31 closed\n2026-12-24 09:00-12:00');
  });

  it('hold configurations: repeat 3 refused with the message; the default and a queue\'s saved', async () => {
    const f = form('Hold configurations');
    await f.getByLabel('Repeat every (seconds, 5–600)').fill('3');
    await save(f, REPEAT_MESSAGE);
    await f.getByLabel('Repeat every (seconds, 5–600)').fill('20');
    await f.getByLabel('Hold announcement text').fill('Your call is important to us.');
    await save(f, 'Saved.');
    expect((await api(c.url, 'GET', '/api/settings/hold/default', sam)).body).toMatchObject({
      repeatSeconds: 20, announcement: { enabled: true, source: { kind: 'tts', text: 'Your call is important to us.' } },
    });
    await f.getByLabel('Hold configuration for').selectOption('support');
    await f.getByLabel('Enabled').check();
    await f.getByLabel('Repeat every (seconds, 5–600)').fill('15');
    await save(f, 'Saved.');
    expect((await api(c.url, 'GET', '/api/queues/support/hold', sam)).body).toMatchObject({ enabled: true, repeatSeconds: 15 });
  });

  it('People: a bad number or tag is refused with the message; a person with the external_number tag is added and listed', async () => {
    const f = form('People');
    await f.getByLabel('Name', { exact: true }).fill('Carrier desk');
    await f.getByLabel(/Numbers/).fill('0355550000');
    await save(f, /E\.164/);
    await f.getByLabel(/Numbers/).fill('+81355550000');
    await f.getByLabel(/Tags/).fill('External Number');
    await save(f, 'Tags are 1–40 characters: lowercase letters, digits, "_" or "-".');
    await f.getByLabel(/Tags/).fill('external_number');
    await save(f, 'Added.');
    await expect.poll(() => f.getByRole('row', { name: /Carrier desk/ }).textContent()).toContain('external_number');
    const found = await api<{ person: Person | null }>(c.url, 'GET', '/api/people/lookup?number=%2B81355550000', sam);
    expect(found.body.person).toMatchObject({ name: 'Carrier desk', numbers: ['+81355550000'], tags: ['external_number'] });
    // Refused requests show as console errors (4xx); nothing else went wrong in the page.
    expect(errors.filter((e) => !/status of 40[03]/.test(e))).toEqual([]);
  });

  it('lists recordings (per conversation), plays one with details, downloads it with its CSV and deletes a single leg', async () => {
    const alice = await login(c.url, 'alice');
    const upload = async (clientId: string, leg: 'agent' | 'customer', conversationId: string, mimeType: string) => {
      const body = randomBytes(2000);
      const m = {
        recordingId: clientId, fileName: `${conversationId}_Alice_Bob_20261201090000.${leg}.webm`, conversationId, callId: `call-${conversationId}`,
        agentName: 'Alice', endUserName: 'Bob', endUserPhone: '+8190123', direction: 'inbound', leg,
        startedAt: '2026-12-01T09:00:00.000Z', endedAt: '2026-12-01T09:01:00.000Z', mimeType,
      };
      const res = await fetch(`${c.url}/api/recordings/uploads/${clientId}`, {
        method: 'PUT', body: new Uint8Array(body),
        headers: {
          authorization: `Bearer ${alice}`, 'content-type': 'application/octet-stream', 'x-content-sha256': createHash('sha256').update(body).digest('hex'),
          'x-recording-metadata': Buffer.from(JSON.stringify(m)).toString('base64url'),
        },
      });
      expect(res.status).toBe(201);
      return m.fileName;
    };
    const agentLeg = await upload('sp-1', 'agent', 'conv-sp', 'audio/webm');
    const customerLeg = await upload('sp-2', 'customer', 'conv-sp', 'audio/webm');
    const video = await upload('sp-3', 'agent', 'conv-video', 'video/webm');

    const page = await browser.newPage({ acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${c.url}/supervisor`);
    await page.getByLabel('Login').fill('sam');
    await page.getByLabel('Password').fill('sam');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const list = page.getByRole('region', { name: 'Recordings' });
    await list.getByRole('cell', { name: video, exact: true }).waitFor();

    // Per conversation.
    await list.getByLabel('Conversation ID').fill('conv-sp');
    await list.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => list.getByRole('row').count()).toBe(3); // header + 2 legs
    expect(await list.getByRole('cell', { name: video, exact: true }).count()).toBe(0);

    await list.getByRole('button', { name: `Play ${customerLeg}` }).click();
    const player = page.getByRole('region', { name: customerLeg });
    await player.waitFor();
    const audio = player.getByLabel(customerLeg);
    expect(await audio.evaluate((e) => [e.tagName, e.hasAttribute('controls')])).toEqual(['AUDIO', true]);
    const details = player.getByRole('definition');
    expect(await details.allTextContents()).toEqual(expect.arrayContaining(['+8190123', 'conv-sp', 'call-conv-sp', 'Customer', 'Inbound']));
    await player.getByRole('button', { name: 'Close' }).click();
    await player.waitFor({ state: 'hidden' });

    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    await list.getByRole('button', { name: `Download ${agentLeg}` }).click();
    await expect.poll(() => downloads.sort()).toEqual([agentLeg, agentLeg.replace(/\.webm$/, '.csv')].sort());

    // Right to be forgotten: only the customer's leg goes.
    page.once('dialog', (d) => { void d.accept(); });
    await list.getByRole('button', { name: `Delete ${customerLeg}` }).click();
    await expect.poll(() => list.getByRole('row').count()).toBe(2);
    expect(await list.getByRole('cell', { name: agentLeg, exact: true }).count()).toBe(1);
    const sam = await login(c.url, 'sam');
    const audit = await api<{ audit: { fileName: string; actorLogin: string }[] }>(c.url, 'GET', '/api/recordings/audit', sam);
    expect(audit.body.audit[0]).toMatchObject({ fileName: customerLeg, actorLogin: 'sam' });

    // A video recording gets a video element (its own controls include full screen).
    await list.getByLabel('Conversation ID').fill('');
    await list.getByRole('button', { name: 'Show' }).click();
    await list.getByRole('button', { name: `Play ${video}` }).click();
    expect(await page.getByRole('region', { name: video }).getByLabel(video).evaluate((e) => [e.tagName, e.hasAttribute('controls')])).toEqual(['VIDEO', true]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
