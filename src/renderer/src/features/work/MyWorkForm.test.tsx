// @vitest-environment jsdom
// My work shows the conversation's filled form (§8.3 "optional form") next to its timeline.
import { act, cleanup, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ConversationDetail } from '../../../../shared/companion-cc.js';
import { cleanupAfterEach, renderApp, signedInState, type Harness } from '../../test/harness.js';
import { openConversation, resetWork } from './work-store.js';

let h: Harness | undefined;
cleanupAfterEach(resetWork);

const base = { id: 'c1', customerNumber: '+15557654321', customerName: 'Jane Doe', assigneeId: 'u1', queueId: null, status: 'Open' as const, notes: '', createdAt: 1, updatedAt: 1 };
const WITH_FORM: ConversationDetail = {
  ...base,
  events: [{ id: 1, type: 'form.filled', text: 'Form filled: Intake', agentId: 'u1', data: {}, createdAt: 1 }],
  form: { formId: 'form-1', formName: 'Intake', updatedAt: 1, answers: [
    { fieldId: 'f1', label: 'Reason', value: 'Support' }, { fieldId: 'f2', label: 'Comment', value: 'Printer jam' },
  ] },
};

function render(detail: ConversationDetail, locale: 'en' | 'ja' = 'en') {
  h = renderApp({ state: signedInState(), locale, handlers: { myConversations: () => ({ conversations: [base] }), conversation: () => detail } });
  act(() => openConversation('c1'));
}

describe('My work: conversation form answers', () => {
  it('shows the form name and each answer, and the timeline event', async () => {
    render(WITH_FORM);
    const article = await screen.findByRole('article', { name: 'Jane Doe' });
    const section = await within(article).findByRole('region', { name: 'Form: Intake' });
    expect(within(section).getAllByRole('term').map((e) => e.textContent)).toEqual(['Reason', 'Comment']);
    expect(within(section).getAllByRole('definition').map((e) => e.textContent)).toEqual(['Support', 'Printer jam']);
    expect(within(article).getByRole('list', { name: 'Timeline' }).textContent).toContain('Form filled: Intake');
  });

  it('shows nothing without a form; is translated', async () => {
    render({ ...base, events: [], form: null });
    await screen.findByRole('article', { name: 'Jane Doe' });
    expect(screen.queryByRole('region', { name: /Form/ })).toBeNull();
    h?.unmount();
    h = undefined;
    cleanup();
    render(WITH_FORM, 'ja');
    expect(await screen.findByRole('region', { name: 'フォーム: Intake' })).toBeTruthy();
  });
});
