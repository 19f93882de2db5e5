// Conversation forms (spec §8.3 "optional form"): per-account forms that supervisors define and agents
// fill in for a conversation. Shapes of the companion REST API; messages are shown to users as is.
import { z } from 'zod';

export const MAX_FORM_FIELDS = 20;
export const MAX_CHOICE_OPTIONS = 20;

const label = z.string().trim().min(1, { error: 'Each field needs a label.' }).max(100, { error: 'A field label is at most 100 characters.' });
const option = z.string().trim().min(1, { error: 'A choice option cannot be empty.' }).max(100, { error: 'A choice option is at most 100 characters.' });

export const FormFieldInputSchema = z.strictObject({
  label,
  kind: z.enum(['text', 'choice'], { error: 'A field kind is "text" or "choice".' }),
  options: z.array(option).max(MAX_CHOICE_OPTIONS, { error: `A choice field has at most ${MAX_CHOICE_OPTIONS} options.` }).optional(),
  required: z.boolean().default(false),
});

export const FormInputSchema = z.strictObject({
  name: z.string().trim().min(1, { error: 'The form needs a name.' }).max(100, { error: 'A form name is at most 100 characters.' }),
  fields: z.array(FormFieldInputSchema).min(1, { error: 'A form needs at least one field.' }).max(MAX_FORM_FIELDS, { error: `A form has at most ${MAX_FORM_FIELDS} fields.` }),
}).superRefine((f, ctx) => {
  const seen = new Set<string>();
  f.fields.forEach((field, i) => {
    const key = field.label.toLowerCase();
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'label'], message: `Two fields are labelled "${field.label}".` });
    seen.add(key);
    if (field.kind === 'choice' && !field.options?.length) ctx.addIssue({ code: 'custom', path: ['fields', i, 'options'], message: `The choice field "${field.label}" needs at least one option.` });
    if (field.kind === 'text' && field.options?.length) ctx.addIssue({ code: 'custom', path: ['fields', i, 'options'], message: `The text field "${field.label}" cannot have options.` });
  });
});
export type FormInput = z.infer<typeof FormInputSchema>;

export const FormFieldSchema = z.object({
  /** Stable within one version of the form: "f1", "f2", … in field order. */
  id: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'choice']),
  options: z.array(z.string()),
  required: z.boolean(),
});
export type FormField = z.infer<typeof FormFieldSchema>;

export const FormSchema = z.object({
  id: z.string(),
  name: z.string(),
  fields: z.array(FormFieldSchema),
  updatedAt: z.number(),
});
export type Form = z.infer<typeof FormSchema>;
export const FormListSchema = z.object({ forms: z.array(FormSchema) });

/** PUT /api/conversations/:id/form — answers keyed by field id; empty strings mean "not answered". */
export const FormAnswersInputSchema = z.strictObject({
  formId: z.string().min(1).max(100),
  values: z.record(z.string().max(100), z.string().max(2000, { error: 'An answer is at most 2000 characters.' })),
});
export type FormAnswersInput = z.infer<typeof FormAnswersInputSchema>;

/** What a conversation carries: a snapshot, so later edits or deletion of the form keep the answers readable. */
export const ConversationFormSchema = z.object({
  formId: z.string(),
  formName: z.string(),
  answers: z.array(z.object({ fieldId: z.string(), label: z.string(), value: z.string() })),
  updatedAt: z.number(),
});
export type ConversationForm = z.infer<typeof ConversationFormSchema>;

/** Turns field inputs into stored fields (ids by position; options only on choice fields). */
export function toFields(input: FormInput['fields']): FormField[] {
  return input.map((f, i) => ({ id: `f${i + 1}`, label: f.label, kind: f.kind, options: f.kind === 'choice' ? f.options ?? [] : [], required: f.required }));
}

export type AnswersCheck = { ok: true; answers: ConversationForm['answers'] } | { ok: false; message: string };

/** Checks answers against a form: known fields only, required ones filled, choices among the options. */
export function checkAnswers(form: Pick<Form, 'fields'>, values: Record<string, string>): AnswersCheck {
  const unknown = Object.keys(values).filter((k) => !form.fields.some((f) => f.id === k));
  if (unknown.length) return { ok: false, message: `The form has no field ${unknown.map((k) => `"${k}"`).join(', ')}.` };
  const answers: ConversationForm['answers'] = [];
  for (const f of form.fields) {
    const value = (values[f.id] ?? '').trim();
    if (!value) {
      if (f.required) return { ok: false, message: `"${f.label}" is required.` };
      continue;
    }
    if (f.kind === 'choice' && !f.options.includes(value)) return { ok: false, message: `"${f.label}" must be one of: ${f.options.join(', ')}.` };
    answers.push({ fieldId: f.id, label: f.label, value });
  }
  return { ok: true, answers };
}
