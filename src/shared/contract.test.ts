import { describe, expect, it } from 'vitest';
import { createBridgeClient, createDispatcher, createFakeTransport, EventHub, type BridgeHandlers } from './bridge.js';
import { BridgeError, initialAppState, METHOD_NAMES } from './contract.js';

function handlers(overrides: Partial<BridgeHandlers> = {}): BridgeHandlers {
  const none = async () => undefined;
  const base = Object.fromEntries(METHOD_NAMES.map((m) => [m, none])) as unknown as BridgeHandlers;
  return { ...base, getState: () => initialAppState(), dial: () => ({ callId: 'c1' }), ...overrides };
}

describe('bridge dispatcher', () => {
  it('rejects unknown methods with a typed error', async () => {
    const dispatch = createDispatcher(handlers());
    const env = await dispatch('__proto__', {}, { senderId: 't' });
    expect(env).toEqual({ ok: false, error: expect.objectContaining({ code: 'unknown_method' }) });
  });

  it.each([
    ['answer', {}],
    ['answer', { callId: 5 }],
    ['hold', { callId: 'x' }],
    ['sendDtmf', { callId: 'x', tones: 'zz' }],
    ['signIn', { login: '', password: 'x' }],
    ['setStatus', { status: 'On hold' }],
    ['getState', { extra: 1 }],
  ])('rejects malformed arguments for %s %j', async (method, args) => {
    let called = false;
    const dispatch = createDispatcher(handlers({ [method]: () => { called = true; } } as Partial<BridgeHandlers>));
    const env = await dispatch(method, args, { senderId: 't' });
    expect(env.ok).toBe(false);
    expect(env.ok === false && env.error.code).toBe('invalid_arguments');
    expect(called).toBe(false);
  });

  it('turns handler errors into envelopes and the client rethrows them typed', async () => {
    const hub = new EventHub();
    const dispatch = createDispatcher(handlers({ answer: () => { throw new BridgeError('no_call', 'No such call'); } }));
    const client = createBridgeClient(createFakeTransport(dispatch, hub));
    await expect(client.answer({ callId: 'c' })).rejects.toMatchObject({ code: 'no_call', message: 'No such call' });
    await expect(client.dial({ target: 'sip:x@y' })).resolves.toEqual({ callId: 'c1' });
  });

  it('delivers valid events and drops malformed ones', async () => {
    const hub = new EventHub();
    const client = createBridgeClient(createFakeTransport(createDispatcher(handlers()), hub));
    const seen: unknown[] = [];
    const off = client.on('state', (s) => seen.push(s));
    hub.emit('state', initialAppState());
    (hub as unknown as { emit: (e: string, p: unknown) => void }).emit('state', { bogus: true });
    off();
    hub.emit('state', initialAppState());
    expect(seen).toHaveLength(1);
  });
});
