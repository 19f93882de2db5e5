// The optional "Form" of the New call form (§8.3): choose one of the account's conversation forms and
// answer its fields; the answers are saved to the call's conversation once it is known (form-saver.ts).
import { useEffect, useId, useState } from 'react';
import type { Form } from '../../../../shared/companion-forms.js';
import { useServices, useT } from '../../app/context.js';

export interface FormAnswers {
  formId: string;
  values: Record<string, string>;
}

/** The first required field left empty, for the message shown before dialling. */
export function firstMissing(form: Form | undefined, values: Record<string, string>): string | null {
  const f = form?.fields.find((x) => x.required && !(values[x.id] ?? '').trim());
  return f ? f.label : null;
}

export function useForms(): Form[] {
  const { api } = useServices();
  const [forms, setForms] = useState<Form[]>([]);
  useEffect(() => {
    let current = true;
    // An older desktop bridge or server without forms simply offers none.
    api.listForms({}).then((r) => current && setForms(r.forms)).catch(() => undefined);
    return () => {
      current = false;
    };
  }, [api]);
  return forms;
}

export function CallFormFields({ forms, value, onChange, missing, allowNone = true }: {
  forms: Form[];
  value: FormAnswers | null;
  onChange: (v: FormAnswers | null) => void;
  /** Label of a required field the agent tried to skip, shown as the error. */
  missing: string | null;
  /** False where a form must be chosen (editing a conversation's form in My work). */
  allowNone?: boolean;
}) {
  const t = useT();
  const selectId = useId();
  const errorId = useId();
  const base = useId();
  if (!forms.length) return null;
  const form = forms.find((f) => f.id === value?.formId);
  const set = (fieldId: string, v: string) => value && onChange({ ...value, values: { ...value.values, [fieldId]: v } });
  return (
    <div className="call-form">
      <div className="field">
        <label htmlFor={selectId}>{t('form.label')}</label>
        <select id={selectId} value={value?.formId ?? ''} onChange={(e) => onChange(e.target.value ? { formId: e.target.value, values: {} } : null)}>
          {(allowNone || !value) && <option value="">{allowNone ? t('form.none') : t('form.choose')}</option>}
          {forms.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </div>
      {form && value && (
        <fieldset aria-describedby={missing ? errorId : undefined}>
          <legend className="visually-hidden">{t('form.fields', { name: form.name })}</legend>
          {form.fields.map((f) => {
            const id = `${base}-${f.id}`;
            const label = f.required ? t('form.requiredMark', { label: f.label }) : f.label;
            const invalid = missing === f.label;
            return (
              <div className="field" key={f.id}>
                <label htmlFor={id}>{label}</label>
                {f.kind === 'choice' ? (
                  <select id={id} value={value.values[f.id] ?? ''} aria-required={f.required} aria-invalid={invalid} onChange={(e) => set(f.id, e.target.value)}>
                    <option value="">{t('form.choose')}</option>
                    {f.options.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input id={id} value={value.values[f.id] ?? ''} maxLength={2000} autoComplete="off" aria-invalid={invalid} aria-required={f.required} onChange={(e) => set(f.id, e.target.value)} />
                )}
              </div>
            );
          })}
          {missing && (
            <p id={errorId} className="field-error small" role="alert">
              {t(allowNone ? 'form.missing' : 'form.missingRequired', { label: missing })}
            </p>
          )}
        </fieldset>
      )}
    </div>
  );
}
