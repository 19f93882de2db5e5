// The filled conversation form (§8.3 "optional form") in My work: the form's name and each answer.
import { useId } from 'react';
import type { ConversationForm } from '../../../../shared/companion-forms.js';
import { useT } from '../../app/context.js';

export function ConversationFormAnswers({ form }: { form: ConversationForm | null | undefined }) {
  const t = useT();
  const titleId = useId();
  if (!form) return null;
  return (
    <section className="conversation-form" aria-labelledby={titleId}>
      <h5 id={titleId}>{t('work.form', { name: form.formName })}</h5>
      <dl>
        {form.answers.map((a) => (
          <div key={a.fieldId}>
            <dt>{a.label}</dt>
            <dd>{a.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
