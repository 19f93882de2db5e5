// The conversation's form in My work (§8.3 "optional form"): its answers, and — after the call, when
// the agent has more to add or a correction — "Edit form" (or "Add a form") with the same fields as the
// New call form, saved to the conversation through the companion (which checks the answers again).
import { useState } from 'react';
import type { ConversationForm } from '../../../../shared/companion-forms.js';
import { useRunAction } from '../../app/actions.js';
import { useServices, useT } from '../../app/context.js';
import { CallFormFields, firstMissing, useForms, type FormAnswers } from '../outbound/CallFormFields.js';
import { ConversationFormAnswers } from './ConversationFormAnswers.js';

const answersOf = (form: ConversationForm): FormAnswers => ({ formId: form.formId, values: Object.fromEntries(form.answers.map((a) => [a.fieldId, a.value])) });

export function ConversationFormSection({ conversationId, form, onSaved }: {
  conversationId: string;
  form: ConversationForm | null | undefined;
  onSaved: (form: ConversationForm) => void;
}) {
  const t = useT();
  const { api, store } = useServices();
  const run = useRunAction();
  const forms = useForms();
  const [editing, setEditing] = useState<FormAnswers | null | false>(false);
  const [missing, setMissing] = useState<string | null>(null);

  if (editing === false) {
    return (
      <>
        <ConversationFormAnswers form={form} />
        {forms.length > 0 && (
          <button type="button" onClick={() => setEditing(form && forms.some((f) => f.id === form.formId) ? answersOf(form) : null)}>
            {t(form ? 'work.editForm' : 'work.addForm')}
          </button>
        )}
      </>
    );
  }
  const save = async () => {
    if (!editing) return;
    const gap = firstMissing(forms.find((f) => f.id === editing.formId), editing.values);
    setMissing(gap);
    if (gap) return;
    const ok = await run(async () => onSaved(await api.saveConversationForm({ conversationId, formId: editing.formId, values: editing.values })));
    if (ok) {
      store.addNotice({ level: 'info', code: 'form_saved', message: t('work.formSaved') });
      setEditing(false);
    }
  };
  return (
    <div className="conversation-form-edit">
      <CallFormFields forms={forms} value={editing} onChange={(v) => setEditing(v)} missing={missing} allowNone={false} />
      <div className="modal-actions">
        <button type="button" className="primary" disabled={!editing} onClick={() => void save()}>
          {t('work.saveForm')}
        </button>
        <button type="button" onClick={() => { setEditing(false); setMissing(null); }}>
          {t('call.cancel')}
        </button>
      </div>
    </div>
  );
}
