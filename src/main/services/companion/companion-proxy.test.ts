// The proxy's own logic over a CompanionClient on a scripted fetch: queue filtering, finding a call's
// conversation for the rating, bad server answers and the signed-out guard.
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../shared/contract.js';
import { CompanionClient, type FetchLike } from './client.js';
import { createCompanionProxy, ratingText } from './companion-proxy.js';

const conv = (id: string) => ({ id, customerNumber: null, customerName: null, assigneeId: 'u1', queueId: null, status: 'Open', notes: '', createdAt: 1, updatedAt: 1 });
const event = (callId: string) => ({ id: 1, type: 'call.started', text: 'Call started', agentId: 'u1', data: { callId }, createdAt: 1 });

function proxyOver(routes: Record<string, (body: unknown) => { status: number; body?: unknown }>) {
  const posted: Array<{ path: string; body: unknown }> = [];
  const fetch: FetchLike = async (url, init) => {
    const u = new URL(url);
    const body = init?.body ? JSON.parse(String(init.body)) as unknown : undefined;
    if (init?.method === 'POST') posted.push({ path: u.pathname, body });
    const route = routes[`${init?.method ?? 'GET'} ${u.pathname}`];
    const r = route ? route(body) : { status: 404, body: { error: { code: 'not_found', message: 'There is no such conversation.' } } };
    return new Response(r.body === undefined ? null : JSON.stringify(r.body), { status: r.status });
  };
  const client = new CompanionClient('http://127.0.0.1:7400', fetch);
  client.setToken('t');
  const proxy = createCompanionProxy({ session: () => ({ client, agentId: 'u1' }), serverCallId: (id) => (id === 'local-1' ? 'server-1' : null) });
  return { proxy, posted };
}

const ctx = { senderId: 'test' };

describe('companion proxy', () => {
  it('myQueues keeps only queues the agent belongs to (a supervisor sees all of them from the server)', async () => {
    const { proxy } = proxyOver({
      'GET /api/queues': () => ({ status: 200, body: { queues: [
        { id: 'q1', name: 'support', displayName: 'Support', sipUri: 'sip:support@x', members: [{ id: 'u1', login: 'alice', displayName: 'Alice' }] },
        { id: 'q2', name: 'sales', displayName: 'Sales', sipUri: 'sip:sales@x', members: [{ id: 'u2', login: 'bob', displayName: 'Bob' }] },
      ] } }),
    });
    expect(await proxy.myQueues({}, ctx)).toEqual({ queues: [{ id: 'q1', name: 'support', displayName: 'Support' }] });
  });

  it.each([
    ['the given conversation', { callId: 'local-1', conversationId: 'c9', rating: 3 }, '/api/conversations/c9/events'],
    ['found by the server call id', { callId: 'local-1', rating: 4 }, '/api/conversations/c2/events'],
    ['found by the call id itself when main has no mapping', { callId: 'server-3', rating: 5 }, '/api/conversations/c3/events'],
  ])('rateCall: %s', async (_what, args, path) => {
    const { proxy, posted } = proxyOver({
      'GET /api/conversations': () => ({ status: 200, body: { conversations: [conv('c1'), conv('c2'), conv('c3')] } }),
      'GET /api/conversations/c1': () => ({ status: 200, body: { ...conv('c1'), events: [event('other')] } }),
      'GET /api/conversations/c2': () => ({ status: 200, body: { ...conv('c2'), events: [event('server-1')] } }),
      'GET /api/conversations/c3': () => ({ status: 200, body: { ...conv('c3'), events: [event('server-3')] } }),
      'POST /api/conversations/c9/events': () => ({ status: 201, body: { ok: true } }),
      'POST /api/conversations/c2/events': () => ({ status: 201, body: { ok: true } }),
      'POST /api/conversations/c3/events': () => ({ status: 201, body: { ok: true } }),
    });
    await proxy.rateCall(args, ctx);
    expect(posted).toEqual([{ path, body: { type: 'note', text: ratingText(args.rating) } }]);
  });

  it('rateCall without any matching conversation says so', async () => {
    const { proxy } = proxyOver({ 'GET /api/conversations': () => ({ status: 200, body: { conversations: [] } }) });
    await expect(proxy.rateCall({ callId: 'nope', rating: 2 }, ctx)).rejects.toMatchObject({ code: 'no_conversation', message: 'This call has no conversation to rate.' });
  });

  it('a malformed server answer becomes a clear BridgeError', async () => {
    const { proxy } = proxyOver({ 'GET /api/transfer/targets': () => ({ status: 200, body: { agents: 'nope' } }) });
    await expect(proxy.transferTargets({}, ctx)).rejects.toEqual(new BridgeError('bad_response', 'The companion server sent an unexpected answer to GET /api/transfer/targets.'));
  });

  it('refuses before sign-in', async () => {
    const proxy = createCompanionProxy({ session: () => null, serverCallId: () => null });
    await expect(Promise.resolve().then(() => proxy.accountNumbers({}, ctx))).rejects.toMatchObject({ code: 'not_signed_in' });
  });
});
