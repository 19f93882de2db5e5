// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Conversation, ConversationDetail } from '../../../../shared/companion-cc.js';
import { BridgeError } from '../../../../shared/contract.js';
import { cleanupAfterEach, renderApp, signedInState } from '../../test/harness.js';
import { openConversation, resetWork } from './work-store.js';

cleanupAfterEach(resetWork);

const conv = (patch: Partial<Conversation>): Conversation => ({
  id: 'c1', customerNumber: '+15557654321', customerName: 'Jane Doe', assigneeId: 'u1', queueId: 'q1',
  status: 'Open', notes: '', createdAt: 1, updatedAt: 1, ...patch,
});
const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const DETAILS: Record<string, ConversationDetail> = {
  c1: { ...conv({}), events: [
    { id: 1, type: 'call.started', text: 'Call started', agentId: 'u1', data: {}, createdAt: T0 },
    { id: 2, type: 'call.ended', text: 'Call ended (1:05)', agentId: 'u1', data: {}, createdAt: T0 + 65_000 },
  ] },
  c2: { ...conv({ id: 'c2', customerName: null, customerNumber: '+81312345678', status: 'Waiting' }), events: [
    { id: 3, type: 'callback', text: 'Callback requested', agentId: null, data: {}, createdAt: T0 },
  ] },
};

function render() {
  return renderApp({
    state: signedInState(),
    handlers: {
      myConversations: () => ({ conversations: [conv({}), conv({ id: 'c2', customerName: null, customerNumber: '+81312345678', status: 'Waiting' })] }),
      conversation: ({ id }) => {
        const d = DETAILS[id];
        if (!d) throw new BridgeError('not_found', 'There is no such conversation.');
        return d;
      },
      updateConversation: ({ id, status, notes }) => ({ ...DETAILS[id]!, ...(status ? { status } : {}), ...(notes !== undefined ? { notes } : {}) }),
    },
  });
}

describe('My work', () => {
  it('lists my conversations with the callback marker and opens one with its timeline', async () => {
    const h = render();
    const list = await screen.findByRole('list', { name: 'My conversations' });
    await waitFor(() => expect(within(list).getAllByRole('button').map((b) => b.textContent)).toEqual(['Jane Doe — Open', '+81 3 1234 5678 — Waiting · Callback']));
    await h.user.click(within(list).getByRole('button', { name: 'Jane Doe — Open' }));
    const article = await screen.findByRole('article', { name: 'Jane Doe' });
    const timeline = await within(article).findByRole('list', { name: 'Timeline' });
    expect(within(timeline).getAllByRole('listitem').map((li) => li.textContent?.replace(/^.*? (?=Call)/, ''))).toEqual(['Call started', 'Call ended (1:05)']);
  });

  it('changes the status and saves notes to the conversation', async () => {
    const h = render();
    act(() => openConversation('c1'));
    const status = (await screen.findByLabelText('Status of the conversation')) as HTMLSelectElement;
    await h.user.selectOptions(status, 'Solved');
    await waitFor(() => expect(h.handlers.updateConversation).toHaveBeenCalledWith({ id: 'c1', status: 'Solved' }, expect.anything()));
    const save = screen.getByRole('button', { name: 'Save summary' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    await h.user.type(screen.getByLabelText('Conversation summary'), 'Sent the invoice copy.');
    await h.user.click(save);
    await waitFor(() => expect(h.handlers.updateConversation).toHaveBeenCalledWith({ id: 'c1', notes: 'Sent the invoice copy.' }, expect.anything()));
    expect(await screen.findByText('Summary saved.')).toBeTruthy();
  });

  it('shows empty and failed states', async () => {
    renderApp({ state: signedInState() });
    expect(await screen.findByText('No conversations yet.')).toBeTruthy();
    act(() => openConversation('gone'));
    expect(await screen.findByText('Conversations could not be loaded.')).toBeTruthy();
  });

  it('re-reads the list when a wrap-up ends', async () => {
    const h = render();
    await screen.findByRole('list', { name: 'My conversations' });
    const before = h.handlers.myConversations.mock.calls.length;
    await h.emitState({ wrapUp: { callId: 'w1', conversationId: 'c1', endsAt: Date.now() + 30_000, canExtend: false } });
    await h.emitState({ wrapUp: null });
    await waitFor(() => expect(h.handlers.myConversations.mock.calls.length).toBeGreaterThanOrEqual(before + 2));
  });

  it('is translated', async () => {
    renderApp({ state: signedInState(), locale: 'ja' });
    expect(await screen.findByRole('heading', { name: 'マイワーク' })).toBeTruthy();
    expect(await screen.findByText('会話はまだありません。')).toBeTruthy();
  });
});
