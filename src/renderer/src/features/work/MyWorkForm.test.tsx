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

const INTAKE = { id: 'form-1', name: 'Intake', updatedAt: 1, fields: [
  { id: 'f1', label: 'Reason', kind: 'choice' as const, options: ['Support', 'Sales'], required: true },
  { id: 'f2', label: 'Comment', kind: 'text' as const, options: [], required: false },
] };

function render(initial: ConversationDetail, locale: 'en' | 'ja' = 'en') {
  // The server's copy: saving a form changes what later reads return.
  let detail = initial;
  h = renderApp({
    state: signedInState(),
    locale,
    handlers: {
      myConversations: () => ({ conversations: [base] }),
      conversation: () => detail,
      listForms: () => ({ forms: [INTAKE] }),
      saveConversationForm: ({ formId, values }) => {
        const form = { formId, formName: 'Intake', updatedAt: 2, answers: INTAKE.fields.filter((f) => values[f.id]).map((f) => ({ fieldId: f.id, label: f.label, value: values[f.id]! })) };
        detail = { ...detail, form };
        return form;
      },
    },
  });
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

  it('Edit form: the answers come prefilled; a correction is saved to the conversation and shown', async () => {
    render(WITH_FORM);
    const article = await screen.findByRole('article', { name: 'Jane Doe' });
    await h!.user.click(await within(article).findByRole('button', { name: 'Edit form' }));
    expect((within(article).getByLabelText('Reason (required)') as HTMLSelectElement).value).toBe('Support');
    const comment = within(article).getByLabelText('Comment');
    expect((comment as HTMLInputElement).value).toBe('Printer jam');
    await h!.user.clear(comment);
    await h!.user.type(comment, 'Printer fixed');
    await h!.user.click(within(article).getByRole('button', { name: 'Save form' }));
    expect(h!.handlers.saveConversationForm).toHaveBeenCalledWith({ conversationId: 'c1', formId: 'form-1', values: { f1: 'Support', f2: 'Printer fixed' } }, expect.anything());
    const section = await within(article).findByRole('region', { name: 'Form: Intake' });
    expect(within(section).getAllByRole('definition').map((e) => e.textContent)).toEqual(['Support', 'Printer fixed']);
  });

  it('Add a form: a required field left empty is refused with its label, nothing is saved', async () => {
    render({ ...base, events: [], form: null });
    const article = await screen.findByRole('article', { name: 'Jane Doe' });
    await h!.user.click(await within(article).findByRole('button', { name: 'Add a form' }));
    expect((within(article).getByRole('button', { name: 'Save form' }) as HTMLButtonElement).disabled).toBe(true);
    await h!.user.selectOptions(within(article).getByLabelText('Form'), 'Intake');
    await h!.user.click(within(article).getByRole('button', { name: 'Save form' }));
    expect((await within(article).findByRole('alert')).textContent).toBe('Fill in "Reason".');
    expect(h!.handlers.saveConversationForm).not.toHaveBeenCalled();
    await h!.user.click(within(article).getByRole('button', { name: 'Cancel' }));
    expect(within(article).getByRole('button', { name: 'Add a form' })).toBeTruthy();
  });
});
