// The proxy's form methods over a CompanionClient on a scripted fetch: the REST paths and bodies, answers
// validated with the shared schemas, and the signed-out guard.
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../shared/contract.js';
import { CompanionClient, type FetchLike } from './client.js';
import { createCompanionProxy } from './companion-proxy.js';

const ctx = { senderId: 'test' };
const FORM = { id: 'form-1', name: 'Intake', updatedAt: 1, fields: [{ id: 'f1', label: 'Reason', kind: 'text', options: [], required: true }] };

function proxyOver(answer: { status: number; body: unknown }) {
  const seen: Array<{ method: string; path: string; body: unknown }> = [];
  const fetch: FetchLike = async (url, init) => {
    seen.push({ method: init?.method ?? 'GET', path: new URL(url).pathname, body: init?.body ? JSON.parse(String(init.body)) as unknown : undefined });
    return new Response(JSON.stringify(answer.body), { status: answer.status });
  };
  const client = new CompanionClient('http://127.0.0.1:7400', fetch);
  client.setToken('t');
  return { proxy: createCompanionProxy({ session: () => ({ client, agentId: 'u1' }), serverCallId: () => null }), seen };
}

describe('companion proxy: conversation forms', () => {
  it('listForms reads GET /api/forms', async () => {
    const { proxy, seen } = proxyOver({ status: 200, body: { forms: [FORM] } });
    expect(await proxy.listForms({}, ctx)).toEqual({ forms: [FORM] });
    expect(seen).toEqual([{ method: 'GET', path: '/api/forms', body: undefined }]);
  });

  it('saveConversationForm PUTs the answers to the conversation and passes the server\'s message on', async () => {
    const saved = { formId: 'form-1', formName: 'Intake', answers: [{ fieldId: 'f1', label: 'Reason', value: 'x' }], updatedAt: 2 };
    const ok = proxyOver({ status: 200, body: saved });
    expect(await ok.proxy.saveConversationForm({ conversationId: 'c 1', formId: 'form-1', values: { f1: 'x' } }, ctx)).toEqual(saved);
    expect(ok.seen).toEqual([{ method: 'PUT', path: '/api/conversations/c%201/form', body: { formId: 'form-1', values: { f1: 'x' } } }]);

    const bad = proxyOver({ status: 400, body: { error: { code: 'validation_error', message: '"Reason" is required.' } } });
    await expect(bad.proxy.saveConversationForm({ conversationId: 'c1', formId: 'form-1', values: {} }, ctx)).rejects.toThrow('"Reason" is required.');
    // A malformed answer from the server does not cross the bridge.
    const garbage = proxyOver({ status: 200, body: { forms: 'nope' } });
    await expect(garbage.proxy.listForms({}, ctx)).rejects.toBeInstanceOf(BridgeError);
  });

  it('needs a session', async () => {
    const proxy = createCompanionProxy({ session: () => null, serverCallId: () => null });
    expect(() => proxy.listForms({}, ctx)).toThrow('Sign in first.');
  });
});
