import { describe, expect, it } from 'vitest';
import { checkAnswers, FormInputSchema, toFields, type FormField } from './companion-forms.js';

const fields: FormField[] = toFields([
  { label: 'Reason', kind: 'choice', options: ['Sales', 'Support'], required: true },
  { label: 'Comment', kind: 'text', required: false },
]);

describe('checkAnswers', () => {
  it.each([
    [{ f1: 'Sales' }, { ok: true, answers: [{ fieldId: 'f1', label: 'Reason', value: 'Sales' }] }],
    [{ f1: ' Support ', f2: 'hi' }, { ok: true, answers: [{ fieldId: 'f1', label: 'Reason', value: 'Support' }, { fieldId: 'f2', label: 'Comment', value: 'hi' }] }],
    [{}, { ok: false, message: '"Reason" is required.' }],
    [{ f1: '  ' }, { ok: false, message: '"Reason" is required.' }],
    [{ f1: 'Other' }, { ok: false, message: '"Reason" must be one of: Sales, Support.' }],
    [{ f1: 'Sales', f9: 'x' }, { ok: false, message: 'The form has no field "f9".' }],
  ])('%j → %j', (values, expected) => {
    expect(checkAnswers({ fields }, values)).toEqual(expected);
  });
});

describe('FormInputSchema', () => {
  const ok = (v: unknown) => FormInputSchema.safeParse(v).success;
  it('accepts a valid form and numbers the fields', () => {
    const r = FormInputSchema.parse({ name: 'Intake', fields: [{ label: 'A', kind: 'text' }] });
    expect(toFields(r.fields)).toEqual([{ id: 'f1', label: 'A', kind: 'text', options: [], required: false }]);
  });
  it.each([
    ['no name', { name: ' ', fields: [{ label: 'A', kind: 'text' }] }],
    ['no fields', { name: 'X', fields: [] }],
    ['21 fields', { name: 'X', fields: Array.from({ length: 21 }, (_, i) => ({ label: `L${i}`, kind: 'text' })) }],
    ['choice without options', { name: 'X', fields: [{ label: 'A', kind: 'choice' }] }],
    ['text with options', { name: 'X', fields: [{ label: 'A', kind: 'text', options: ['a'] }] }],
    ['duplicate labels', { name: 'X', fields: [{ label: 'A', kind: 'text' }, { label: 'a', kind: 'text' }] }],
    ['bad kind', { name: 'X', fields: [{ label: 'A', kind: 'date' }] }],
  ])('rejects %s', (_n, v) => { expect(ok(v)).toBe(false); });
});
