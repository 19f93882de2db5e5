// Blind transfers through the companion edge (spec §7) with real sip.js UAs: the agent REFERs the customer,
// the edge authorises the target and grants the customer's follow-up INVITE once; failures reject the REFER
// and the call stays with the agent. Conversations get "Transferred to X".
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserAgent, type Invitation } from 'sip.js';
import type { CompanionHandle } from '../../src/server/app.js';
import { SIP_HEADER } from '../../src/shared/sip-headers.js';
import type { Conversation, ConversationDetail } from '../../src/shared/companion-cc.js';
import { api } from '../support/companion-api.js';
import { freePort } from '../support/ports.js';
import { useContactCenter } from './contact-center-fixture.js';
import { SessionState, waitForState } from './server-sip-ua.js';

const tmp = (p: string) => mkdtempSync(path.join(tmpdir(), `${p}-`));

const TRUNK_SCENARIO = path.resolve('test/fixtures/sipp/trunk-uas.xml');

describe('blind transfers', () => {
  const cc = useContactCenter('companion-xfer', { sipPort: 0 });
  const { t, phone, status, agent } = cc;
  let c: CompanionHandle;
  beforeAll(() => { c = cc.c; });
  const refer = (inv: Invitation, target: string) => new Promise<number>((resolve) => {
    inv.refer(UserAgent.makeURI(`sip:${target}@${c.sipDomain}`)!, {
      requestDelegate: { onAccept: (r) => resolve(r.message.statusCode ?? 202), onReject: (r) => resolve(r.message.statusCode ?? 0) },
    }).catch(() => resolve(-1));
  });
  /** A customer call answered by alice (bob Away meanwhile). */
  const answeredByAlice = async (customerUser: string) => {
    const alice = await agent('alice');
    const bob = await agent('bob', 'Away');
    const customer = await phone(customerUser);
    const { inviter } = customer.call('support');
    const inv = await alice.nextInvitation();
    await inv.accept();
    await waitForState(inviter, SessionState.Established);
    return { alice, bob, customer, inviter, inv };
  };
  const conversationOf = async (number: string) => {
    const all = (await api<{ conversations: Conversation[] }>(c.url, 'GET', '/api/conversations', t.sam)).body.conversations;
    return all.find((x) => x.customerNumber === number);
  };

  it('to an agent of the same queue: bob rings with X-Call-Type transferred, answers; the conversation moves to bob', async () => {
    const { bob, inv } = await answeredByAlice('+81312345678');
    await status('bob', 'Available');
    await expect.poll(async () => conversationOf('+81312345678')).toBeDefined();
    expect(await refer(inv, 'bob')).toBe(202);
    const b = await bob.nextInvitation();
    expect(b.request.getHeader(SIP_HEADER.callType)).toBe('transferred');
    expect(b.request.getHeader(SIP_HEADER.customerNumber)).toBe('+81312345678');
    const conv = (await conversationOf('+81312345678'))!;
    expect(b.request.getHeader(SIP_HEADER.conversationId)).toBe(conv.id);
    await b.accept();
    await waitForState(b, SessionState.Established);
    await inv.bye();
    await expect.poll(async () => (await conversationOf('+81312345678'))?.assigneeId, { timeout: 10_000 })
      .toBe((await api<{ id: string }>(c.url, 'GET', '/api/me', t.bob)).body.id);
    const d = (await api<ConversationDetail>(c.url, 'GET', `/api/conversations/${conv.id}`, t.sam)).body;
    expect(d.events.map((e) => e.text)).toContain('Transferred to Bob');
    await b.bye();
  });

  it('to a queue: the queue rings an agent with X-Call-Type transferred', async () => {
    const { bob, inv } = await answeredByAlice('+81399990000');
    await status('bob', 'Available');
    expect(await refer(inv, 'support')).toBe(202);
    const b = await bob.nextInvitation();
    expect(b.request.getHeader(SIP_HEADER.callType)).toBe('transferred');
    expect(b.request.getHeader(SIP_HEADER.queue)).toBe('Support');
    await b.accept();
    await waitForState(b, SessionState.Established);
    await inv.bye();
    const conv = (await conversationOf('+81399990000'))!;
    await expect.poll(async () => (await api<ConversationDetail>(c.url, 'GET', `/api/conversations/${conv.id}`, t.sam)).body.events.map((e) => e.text))
      .toContain('Transferred to Support');
    await b.bye();
  });

  it('failure: target not available or not allowed → the REFER is rejected and the call stays with the agent', async () => {
    const { inv, inviter, bob } = await answeredByAlice('+81388887777');
    expect(await refer(inv, 'bob')).toBe(480); // bob is Away
    expect(await refer(inv, 'alice')).toBe(403); // yourself
    expect(await refer(inv, 'sam')).toBe(403); // not an agent of the queue
    expect(await refer(inv, 'nobody')).toBe(404);
    expect((await api(c.url, 'PATCH', '/api/queues/support/settings', t.sam, { autoAssignment: false })).status).toBe(200);
    expect(await refer(inv, 'support')).toBe(403);
    expect((await api(c.url, 'PATCH', '/api/queues/support/settings', t.sam, { autoAssignment: true })).status).toBe(200);
    expect(inv.state).toBe(SessionState.Established);
    expect(inviter.state).toBe(SessionState.Established);
    expect(bob.hasPendingInvitation()).toBe(false);
    await inviter.bye();
    await waitForState(inv, SessionState.Terminated);
  });

  it('a customer cannot forge a transfer grant', async () => {
    await agent('bob');
    const customer = await phone('+81377776666');
    const { result } = customer.call(`sip:bob@${c.sipDomain};xfer=forged-token`);
    expect((await result).status).toBe(403);
  });

  it.skipIf(!existsSync('/usr/bin/sipp'))('to an external number through the SIP trunk (SIPp carrier answers); numbers not in People are refused', async () => {
    const { inv, customer } = await answeredByAlice('+81366665555');
    // No trunk configured yet: refused, the call stays.
    expect(await refer(inv, '+81355550199')).toBe(503);
    const dir = tmp('sipp-trunk');
    const [port, mediaPort] = [await freePort(), await freePort()];
    expect((await api(c.url, 'PUT', '/api/settings/trunk', t.sam, { trunk: { host: '127.0.0.1', port } })).status).toBe(200);
    const bad = await api<{ error: { message: string } }>(c.url, 'PUT', '/api/settings/trunk', t.sam, { trunk: { host: '127.0.0.1', port: 70000 } });
    expect(bad.body.error.message).toBe('The trunk port must be a whole number between 1 and 65535.');
    // Not in People and the setting is off: refused with the phonebook rule.
    expect(await refer(inv, '+81344440000')).toBe(403);

    const sipp = spawn('sipp', ['-sf', TRUNK_SCENARIO, '-i', '127.0.0.1', '-p', String(port), '-mp', String(mediaPort),
      '-t', 'u1', '-m', '1', '-nostdin', '-timeout', '30s', '-trace_err', '-error_file', path.join(dir, 'err.log')], { cwd: dir });
    let out = '';
    sipp.stdout.on('data', (d) => { out += d; });
    const exited = new Promise<number | null>((resolve) => sipp.on('exit', resolve));
    try {
      // The demo contact "Tokyo Partner Desk" is tagged external_number.
      expect(await refer(inv, '+81355550199')).toBe(202);
      // The customer's INVITE reached the carrier and was answered: the customer has a second session.
      await expect.poll(() => customer.ua.userAgentCore.dialogs.size, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
      await inv.bye();
      const conv = (await conversationOf('+81366665555'))!;
      await expect.poll(async () => (await api<ConversationDetail>(c.url, 'GET', `/api/conversations/${conv.id}`, t.sam)).body.events.map((e) => e.text))
        .toContain('Transferred to Tokyo Partner Desk (+81355550199)');
      // The customer hangs up the external leg: the BYE goes through the edge to the carrier.
      await customer.stop();
      const code = await exited;
      expect(code, `sipp output:\n${out}\n${existsSync(path.join(dir, 'err.log')) ? readFileSync(path.join(dir, 'err.log'), 'utf8') : ''}`).toBe(0);
    } finally {
      sipp.kill();
    }
  });
});
