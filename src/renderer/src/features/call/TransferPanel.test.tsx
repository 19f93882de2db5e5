// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BridgeError, type CallInfo } from '../../../../shared/contract.js';
import type { Person, TransferTargets } from '../../../../shared/companion-cc.js';
import { cleanupAfterEach, makeCall, renderApp, signedInState, type Harness } from '../../test/harness.js';
import type { BridgeHandlers } from '../../../../shared/bridge.js';

let h: Harness | undefined;
cleanupAfterEach();

const TARGETS: TransferTargets = {
  agents: [
    { id: 'u2', login: 'bob', displayName: 'Bob', status: 'Available', available: true, sipUri: 'sip:bob@softphone.test' },
    { id: 'u3', login: 'carol', displayName: 'Carol', status: 'Away', available: false, sipUri: 'sip:carol@softphone.test' },
  ],
  queues: [{ id: 'q1', name: 'support', displayName: 'Support', sipUri: 'sip:support@softphone.test' }],
};
const DESK: Person = { id: 'p1', name: 'Tokyo Partner Desk', numbers: ['+81355550199'], tags: ['external_number'] };

const inCall = (patch: Partial<CallInfo> = {}) => signedInState({ call: makeCall({ callId: 'c1', phase: 'active', answeredAt: Date.now(), ...patch }) });

async function open(handlers: Partial<BridgeHandlers> = {}, patch: Partial<CallInfo> = {}, locale: 'en' | 'ja' = 'en') {
  h = renderApp({
    state: inCall(patch),
    locale,
    handlers: {
      transferTargets: () => TARGETS,
      searchPeople: ({ query }) => ({ people: 'tokyo partner desk +81355550199'.includes(query.toLowerCase()) ? [DESK] : [] }),
      accountNumbers: () => ({ numbers: [{ number: '+81350001000', label: 'Tokyo support line' }] }),
      transferCheck: ({ target }) => ({ ok: true as const, number: target, person: null, added: false }),
      ...handlers,
    },
  });
  await h.user.click(await screen.findByRole('button', { name: locale === 'en' ? 'Transfer' : '転送' }));
  return h;
}

describe('transfer panel', () => {
  it('Agents: colleagues from the server, available first with their status; picking Bob transfers to bob', async () => {
    const h = await open();
    const group = screen.getByRole('group', { name: 'Agents of your queue' });
    const radios = await within(group).findAllByRole('radio');
    expect(radios.map((r) => r.closest('label')?.textContent)).toEqual(['Bob (Available)', 'Carol (Away)']);
    const submit = screen.getByRole('button', { name: 'Transfer call' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await h.user.click(screen.getByRole('radio', { name: 'Bob (Available)' }));
    await h.user.click(submit);
    expect(h.handlers.transfer).toHaveBeenCalledWith({ callId: 'c1', target: 'bob' }, expect.anything());
  });

  it('Refresh re-reads the live status', async () => {
    let status: 'Available' | 'Busy' = 'Busy';
    const h = await open({ transferTargets: () => ({ ...TARGETS, agents: [{ ...TARGETS.agents[0]!, status, available: status === 'Available' }] }) });
    await screen.findByRole('radio', { name: 'Bob (Busy)' });
    status = 'Available';
    await h.user.click(screen.getByRole('button', { name: 'Refresh' }));
    await screen.findByRole('radio', { name: 'Bob (Available)' });
  });

  it('a colleague\'s status change reported by the companion updates the list at once', async () => {
    let status: 'Available' | 'Busy' = 'Busy';
    const h = await open({ transferTargets: () => ({ ...TARGETS, agents: [{ ...TARGETS.agents[0]!, status, available: status === 'Available' }] }) });
    await screen.findByRole('radio', { name: 'Bob (Busy)' });
    status = 'Available';
    await h.emit('agentStatus', { agentId: 'a-bob', login: 'bob', status: 'Available' });
    // Well before the 30 s safety-net re-read.
    await screen.findByRole('radio', { name: 'Bob (Available)' }, { timeout: 3_000 });
  });

  it('shows an empty list and a load failure plainly', async () => {
    await open({ transferTargets: () => { throw new BridgeError('companion_unreachable', 'down'); } });
    expect(await screen.findByText('The list could not be loaded. Try Refresh.')).toBeTruthy();
    cleanup();
    h?.unmount();
    await open({ transferTargets: () => ({ agents: [], queues: [] }) });
    expect(await screen.findByText('No other agents in your queues.')).toBeTruthy();
  });

  it('Queues: only what the server lists (queues with auto-assignment), reachable with the arrow keys', async () => {
    const h = await open();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['Agents', 'Queues', 'Number']);
    tabs[0]?.focus();
    await h.user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Queues' }));
    expect(screen.getByRole('tabpanel', { name: 'Queues' })).toBeTruthy();
    await h.user.click(await screen.findByRole('radio', { name: 'Support' }));
    await h.user.click(screen.getByRole('button', { name: 'Transfer call' }));
    expect(h.handlers.transfer).toHaveBeenCalledWith({ callId: 'c1', target: 'support' }, expect.anything());
  });

  it('Number: phonebook suggestions as you type; picking one transfers to its number', async () => {
    const h = await open();
    await h.user.click(screen.getByRole('tab', { name: 'Number' }));
    await h.user.type(screen.getByLabelText('Number or name'), 'Tokyo');
    const suggestion = await screen.findByRole('button', { name: 'Tokyo Partner Desk — +81 3 5555 0199' });
    // A partial name matches nobody yet.
    expect(screen.getByText('Number or name not found in phonebook.')).toBeTruthy();
    await h.user.click(suggestion);
    expect(await screen.findByText('Transfers to Tokyo Partner Desk (+81 3 5555 0199)')).toBeTruthy();
    await h.user.click(screen.getByRole('button', { name: 'Transfer call' }));
    await waitFor(() => expect(h.handlers.transfer).toHaveBeenCalledWith({ callId: 'c1', target: '+81355550199' }, expect.anything()));
    expect(h.handlers.transferCheck).toHaveBeenCalledWith({ target: '+81355550199' }, expect.anything());
  });

  it('Number: E.164 validation; a number the server refuses disables Transfer with the exact message', async () => {
    const h = await open({ transferCheck: () => { throw new BridgeError('not_in_phonebook', 'Number or name not found in phonebook.'); } });
    await h.user.click(screen.getByRole('tab', { name: 'Number' }));
    const field = screen.getByLabelText('Number or name');
    const submit = screen.getByRole('button', { name: 'Transfer call' }) as HTMLButtonElement;
    await h.user.type(field, '0312345678');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Enter the number in international format/)).toBeTruthy();
    expect(submit.disabled).toBe(true);
    await h.user.clear(field);
    await h.user.type(field, '+44 20 7946 0000');
    expect(screen.getByText('Transfers to +44 20 7946 0000')).toBeTruthy();
    expect(submit.disabled).toBe(false);
    await h.user.keyboard('{Enter}');
    expect(await screen.findByText('Number or name not found in phonebook.')).toBeTruthy();
    expect(submit.disabled).toBe(true);
    expect(h.handlers.transfer).not.toHaveBeenCalled();
  });

  it('From rule: phone customers keep their own number; WebRTC customers pick an account number or Automatic', async () => {
    const h = await open({}, { channel: 'phone' });
    await h.user.click(screen.getByRole('tab', { name: 'Number' }));
    expect(screen.getByText("The external party sees the customer's own number.")).toBeTruthy();
    expect(screen.queryByLabelText('From (caller ID)')).toBeNull();
    cleanup();
    h.unmount();
    const w = await open({}, { channel: 'webrtc' });
    await w.user.click(screen.getByRole('tab', { name: 'Number' }));
    const from = screen.getByLabelText('From (caller ID)');
    await waitFor(() => expect(within(from).getAllByRole('option').map((o) => o.textContent)).toEqual(['Automatic', 'Tokyo support line (+81 3 5000 1000)']));
    // The choice is sent with the transfer (the server validates it and uses it as caller ID).
    await w.user.selectOptions(from, 'Tokyo support line (+81 3 5000 1000)');
    await w.user.type(screen.getByLabelText('Number or name'), '+44 20 7946 0000');
    await w.user.click(screen.getByRole('button', { name: 'Transfer call' }));
    await waitFor(() => expect(w.handlers.transfer).toHaveBeenCalledWith({ callId: 'c1', target: '+442079460000', from: '+81350001000' }, expect.anything()));
  });

  it('From rule: a phone customer\'s transfer sends no From (the server keeps the customer\'s number)', async () => {
    const h = await open({}, { channel: 'phone' });
    await h.user.click(screen.getByRole('tab', { name: 'Number' }));
    await h.user.type(screen.getByLabelText('Number or name'), '+44 20 7946 0000');
    await h.user.click(screen.getByRole('button', { name: 'Transfer call' }));
    await waitFor(() => expect(h.handlers.transfer).toHaveBeenCalled());
    expect(h.handlers.transfer.mock.calls[0]![0]).toEqual({ callId: 'c1', target: '+442079460000' });
  });

  it('a failed transfer shows "The call cannot be transferred." and keeps the call', async () => {
    const h = await open({ transfer: () => { throw new BridgeError('transfer_failed', 'The call cannot be transferred.'); } });
    await h.user.click(await screen.findByRole('radio', { name: 'Bob (Available)' }));
    await h.user.click(screen.getByRole('button', { name: 'Transfer call' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The call cannot be transferred.');
    expect(screen.getByRole('button', { name: 'Hang up' })).toBeTruthy();
  });

  it('is translated', async () => {
    await open({}, {}, 'ja');
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['エージェント', 'キュー', '電話番号']);
    expect(await screen.findByRole('radio', { name: 'Bob(受付可)' })).toBeTruthy();
  });
});
