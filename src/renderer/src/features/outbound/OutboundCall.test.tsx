// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BridgeHandlers } from '../../../../shared/bridge.js';
import type { OutboundCheckResponse, Person } from '../../../../shared/companion-cc.js';
import { cleanupAfterEach, renderApp, signedInState } from '../../test/harness.js';
import { openOutbound, resetWork } from '../work/work-store.js';

cleanupAfterEach(resetWork);

const JANE: Person = { id: 'p3', name: 'Jane Doe', numbers: ['+15557654321'], tags: ['customer'] };

function render(check: OutboundCheckResponse = { outcome: 'new' }, handlers: Partial<BridgeHandlers> = {}, locale: 'en' | 'ja' = 'en') {
  return renderApp({
    state: signedInState(),
    locale,
    handlers: {
      accountNumbers: () => ({ numbers: [{ number: '+81350001000', label: 'Tokyo support line' }, { number: '+15550001000', label: 'US support line' }] }),
      myQueues: () => ({ queues: [{ id: 'q1', name: 'support', displayName: 'Support' }] }),
      searchPeople: ({ query }) => ({ people: 'jane doe +15557654321'.includes(query.toLowerCase()) ? [JANE] : [] }),
      outboundCheck: () => check,
      ...handlers,
    },
  });
}

describe('outbound call form (§8.3)', () => {
  it('From lists the account numbers, Queue only my queues, To suggests People as you type', async () => {
    const h = render();
    const from = await screen.findByLabelText('From');
    await waitFor(() => expect(within(from).getAllByRole('option').map((o) => o.textContent)).toEqual(['Default number', 'Tokyo support line (+81 3 5000 1000)', 'US support line (+1 555 000 1000)']));
    expect(within(screen.getByLabelText('Queue')).getAllByRole('option').map((o) => o.textContent)).toEqual(['No queue', 'Support']);
    expect(within(screen.getByLabelText('Priority')).getAllByRole('option').map((o) => o.textContent)).toEqual(['Normal', 'High', 'Urgent']);
    await h.user.type(screen.getByLabelText('To'), 'jane');
    await h.user.click(await screen.findByRole('button', { name: 'Jane Doe — +1 555 765 4321' }));
    expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('+15557654321');
    expect(await screen.findByText('Calls Jane Doe (+1 555 765 4321)')).toBeTruthy();
    // The optional choices travel with the call (the server validates and applies them).
    await h.user.selectOptions(from, 'US support line (+1 555 000 1000)');
    await h.user.selectOptions(screen.getByLabelText('Queue'), 'Support');
    await h.user.selectOptions(screen.getByLabelText('Priority'), 'High');
    await h.user.type(screen.getByLabelText('Tags'), 'billing, VIP');
    await h.user.click(screen.getByRole('button', { name: 'Call' }));
    expect(h.handlers.outboundCheck).toHaveBeenCalledWith({ to: '+15557654321' }, expect.anything());
    await waitFor(() => expect(h.handlers.dial).toHaveBeenCalledWith(
      { target: '+15557654321', from: '+15550001000', queue: 'support', priority: 'high', tags: ['billing', 'vip'] }, expect.anything()));
  });

  it('no conversation yet: dials straight away', async () => {
    const h = render({ outcome: 'new' });
    await h.user.type(await screen.findByLabelText('To'), '+81 3 9999 8888');
    await h.user.keyboard('{Enter}');
    await waitFor(() => expect(h.handlers.dial).toHaveBeenCalledWith({ target: '+81399998888', priority: 'normal' }, expect.anything()));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('my or an unassigned conversation: offers to open it and call; Cancel does neither', async () => {
    const h = render({ outcome: 'open-existing', conversationId: 'conv-9' }, {
      conversation: ({ id }) => ({ id, customerNumber: '+15557654321', customerName: 'Jane Doe', assigneeId: 'me', queueId: null, status: 'Open', notes: '', createdAt: 1, updatedAt: 1, events: [] }),
    });
    await h.user.type(await screen.findByLabelText('To'), '+15557654321');
    await h.user.click(screen.getByRole('button', { name: 'Call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Open conversation' });
    expect(dialog.textContent).toContain('This customer already has an open conversation.');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Open conversation and call' }));
    await h.user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(h.handlers.dial).not.toHaveBeenCalled();

    await h.user.click(screen.getByRole('button', { name: 'Call' }));
    await h.user.click(await screen.findByRole('button', { name: 'Open conversation and call' }));
    // A follow-up call in that conversation (§8.3 "open it and continue").
    await waitFor(() => expect(h.handlers.dial).toHaveBeenCalledWith({ target: '+15557654321', priority: 'normal', conversationId: 'conv-9' }, expect.anything()));
    // My work shows the conversation that was opened.
    await waitFor(() => expect(h.handlers.conversation).toHaveBeenCalledWith({ id: 'conv-9' }, expect.anything()));
  });

  it("another agent's conversation: refuses with the spec sentence and does not dial", async () => {
    const h = render({ outcome: 'refuse', message: 'Another agent is already talking to this customer.' });
    await h.user.type(await screen.findByLabelText('To'), '+81312345678');
    await h.user.click(screen.getByRole('button', { name: 'Call' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Call not started' });
    expect(dialog.textContent).toContain('Another agent is already talking to this customer.');
    await h.user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    // The focus goes back to "To" so the agent can correct the number.
    expect(document.activeElement).toBe(screen.getByLabelText('To'));
    expect(h.handlers.dial).not.toHaveBeenCalled();
  });

  it('extensions and SIP addresses dial without the customer check; bad tags block the call', async () => {
    const h = render();
    await h.user.type(await screen.findByLabelText('To'), '1001');
    await h.user.type(screen.getByLabelText('Tags'), 'ok, bad!');
    await h.user.click(screen.getByRole('button', { name: 'Call' }));
    expect(screen.getByText('Tags use lowercase letters, digits, "_" or "-": bad!')).toBeTruthy();
    expect(h.handlers.dial).not.toHaveBeenCalled();
    await h.user.clear(screen.getByLabelText('Tags'));
    await h.user.click(screen.getByRole('button', { name: 'Call' }));
    await waitFor(() => expect(h.handlers.dial).toHaveBeenCalledWith({ target: '1001' }, expect.anything()));
    expect(h.handlers.outboundCheck).not.toHaveBeenCalled();
  });

  it('opens prefilled from outside (click-to-dial): openOutbound({ to }) fills To and focuses it', async () => {
    render();
    const to = (await screen.findByLabelText('To')) as HTMLInputElement;
    act(() => openOutbound({ to: '+81 3 1234 5678', from: '+15550001000' }));
    await waitFor(() => expect(to.value).toBe('+81 3 1234 5678'));
    expect(document.activeElement).toBe(to);
    expect(screen.getByText('Calls +81 3 1234 5678')).toBeTruthy();
    await waitFor(() => expect((screen.getByLabelText('From') as HTMLSelectElement).value).toBe('+15550001000'));
  });

  it('is translated', async () => {
    const h = render({ outcome: 'refuse', message: 'x' }, {}, 'ja');
    await h.user.type(await screen.findByLabelText('宛先'), '+81312345678');
    await h.user.click(screen.getByRole('button', { name: '発信' }));
    expect((await screen.findByRole('alertdialog', { name: '発信できません' })).textContent).toContain('別のエージェントがこのお客様と通話中です。');
  });
});
