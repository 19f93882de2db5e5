// @vitest-environment jsdom
// The optional "Form" of the New call form (§8.3): its fields appear with accessible labels, required
// ones block the call with a clear message, and the answers are saved to the call's conversation once
// it is known (named later by the companion, or the one chosen in "Open conversation and call").
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BridgeHandlers } from '../../../../shared/bridge.js';
import type { OutboundCheckResponse } from '../../../../shared/companion-cc.js';
import type { Form } from '../../../../shared/companion-forms.js';
import { cleanupAfterEach, makeCall, renderApp, signedInState, type Harness } from '../../test/harness.js';
import { resetWork } from '../work/work-store.js';

let h: Harness | undefined;
cleanupAfterEach(resetWork);

const INTAKE: Form = {
  id: 'form-1', name: 'Intake', updatedAt: 1, fields: [
    { id: 'f1', label: 'Reason', kind: 'choice', options: ['Sales', 'Support'], required: true },
    { id: 'f2', label: 'Comment', kind: 'text', options: [], required: false },
  ],
};

function render(check: OutboundCheckResponse = { outcome: 'new' }, handlers: Partial<BridgeHandlers> = {}, locale: 'en' | 'ja' = 'en') {
  h = renderApp({
    state: signedInState(),
    locale,
    handlers: {
      listForms: () => ({ forms: [INTAKE] }),
      outboundCheck: () => check,
      saveConversationForm: ({ formId }) => ({ formId, formName: 'Intake', answers: [], updatedAt: 2 }),
      conversation: ({ id }) => ({ id, customerNumber: '+15557654321', customerName: null, assigneeId: 'me', queueId: null, status: 'Open', notes: '', createdAt: 1, updatedAt: 1, events: [] }),
      ...handlers,
    },
  });
  return h;
}

describe('New call: optional form', () => {
  it('shows the chosen form\'s fields; a required field blocks the call; answers go to the conversation the companion names', async () => {
    const h = render();
    const select = await screen.findByLabelText('Form');
    await waitFor(() => expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['No form', 'Intake']));
    expect(screen.queryByLabelText('Reason (required)')).toBeNull();
    await h.user.selectOptions(select, 'Intake');
    const reason = screen.getByLabelText('Reason (required)');
    expect(within(reason).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose…', 'Sales', 'Support']);
    await h.user.type(screen.getByLabelText('Comment'), 'Printer jam');

    await h.user.type(screen.getByLabelText('To'), '+15557654321');
    await h.user.click(screen.getByRole('button', { name: 'Call' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Fill in "Reason" or choose No form.');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(h.handlers.dial).not.toHaveBeenCalled();

    await h.user.selectOptions(reason, 'Support');
    await h.user.click(screen.getByRole('button', { name: 'Call' }));
    await waitFor(() => expect(h.handlers.dial).toHaveBeenCalled());
    // Dialling: the conversation is not known yet, so nothing is saved.
    await h.emitState({ call: makeCall({ callId: 'out-1', direction: 'outbound', phase: 'dialing', conversationId: null }) });
    expect(h.handlers.saveConversationForm).not.toHaveBeenCalled();
    // The companion names it (18x/200): the answers are saved there, once.
    await h.emitState({ call: makeCall({ callId: 'out-1', direction: 'outbound', phase: 'active', conversationId: 'conv-7' }) });
    await waitFor(() => expect(h.handlers.saveConversationForm).toHaveBeenCalledWith(
      { conversationId: 'conv-7', formId: 'form-1', values: { f1: 'Support', f2: 'Printer jam' } }, expect.anything()));
    await h.emitState({ call: makeCall({ callId: 'out-1', direction: 'outbound', phase: 'active', conversationId: 'conv-7', held: true }) });
    expect(h.handlers.saveConversationForm).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Form answers saved to the conversation.')).toBeTruthy();
  });

  it('"Open conversation and call" saves the answers to that conversation', async () => {
    const h = render({ outcome: 'open-existing', conversationId: 'conv-9' });
    await h.user.selectOptions(await screen.findByLabelText('Form'), 'Intake');
    await h.user.selectOptions(screen.getByLabelText('Reason (required)'), 'Sales');
    await h.user.type(screen.getByLabelText('To'), '+15557654321');
    await h.user.click(screen.getByRole('button', { name: 'Call' }));
    await h.user.click(await screen.findByRole('button', { name: 'Open conversation and call' }));
    await waitFor(() => expect(h.handlers.saveConversationForm).toHaveBeenCalledWith(
      { conversationId: 'conv-9', formId: 'form-1', values: { f1: 'Sales' } }, expect.anything()));
  });

  it('a call that ends without a conversation saves nothing', async () => {
    const h = render();
    await h.user.selectOptions(await screen.findByLabelText('Form'), 'Intake');
    await h.user.selectOptions(screen.getByLabelText('Reason (required)'), 'Sales');
    await h.user.type(screen.getByLabelText('To'), '+15557654321');
    await h.user.click(screen.getByRole('button', { name: 'Call' }));
    await waitFor(() => expect(h.handlers.dial).toHaveBeenCalledTimes(1));
    await h.emitState({ call: makeCall({ callId: 'out-1', direction: 'outbound', phase: 'dialing', conversationId: null }) });
    await h.emitState({ call: null });
    // A later call that does get a conversation is not this one.
    await h.emitState({ call: makeCall({ callId: 'out-1', direction: 'outbound', phase: 'active', conversationId: 'conv-late' }) });
    expect(h.handlers.saveConversationForm).not.toHaveBeenCalled();
  });

  it('a failed save is reported', async () => {
    const h = render({ outcome: 'open-existing', conversationId: 'conv-9' }, {
      saveConversationForm: () => { throw new Error('"Reason" must be one of: Sales, Support.'); },
    });
    await h.user.selectOptions(await screen.findByLabelText('Form'), 'Intake');
    await h.user.selectOptions(screen.getByLabelText('Reason (required)'), 'Sales');
    await h.user.type(screen.getByLabelText('To'), '+15557654321');
    await h.user.click(screen.getByRole('button', { name: 'Call' }));
    await h.user.click(await screen.findByRole('button', { name: 'Open conversation and call' }));
    expect(await screen.findByText(/The form answers could not be saved/)).toBeTruthy();
  });

  it('is translated', async () => {
    const h = render({ outcome: 'new' }, {}, 'ja');
    await h.user.selectOptions(await screen.findByLabelText('フォーム'), 'Intake');
    expect(screen.getByLabelText('Reason（必須）')).toBeTruthy();
    expect(within(screen.getByLabelText('フォーム')).getByRole('option', { name: 'フォームなし' })).toBeTruthy();
  });
});
