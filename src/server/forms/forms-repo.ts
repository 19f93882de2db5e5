// Conversation forms in SQLite: definitions per account, and the one filled form a conversation carries.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ConversationFormSchema, FormFieldSchema, toFields, type ConversationForm, type Form, type FormInput } from '../../shared/companion-forms.js';
import type { Db } from '../db/database.js';
import type { FormsTable } from '../db/schema.js';

const FieldsJson = z.array(FormFieldSchema);
const AnswersJson = ConversationFormSchema.shape.answers;

function parseJson<T>(schema: z.ZodType<T>, text: string, fallback: T): T {
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : fallback;
  } catch {
    return fallback;
  }
}

const toForm = (r: FormsTable): Form => ({ id: r.id, name: r.name, fields: parseJson(FieldsJson, r.fields, []), updatedAt: r.updated_at });

export class DuplicateFormName extends Error {}

export class FormsRepo {
  constructor(private readonly db: Db, private readonly now: () => number = Date.now) {}

  async list(accountId: string): Promise<Form[]> {
    const rows = await this.db.selectFrom('forms').selectAll().where('account_id', '=', accountId).orderBy('name').execute();
    return rows.map(toForm);
  }

  async get(accountId: string, id: string): Promise<Form | undefined> {
    const r = await this.db.selectFrom('forms').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return r ? toForm(r) : undefined;
  }

  private async nameTaken(accountId: string, name: string, exceptId?: string): Promise<boolean> {
    let q = this.db.selectFrom('forms').select('id').where('account_id', '=', accountId).where('name', '=', name);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async create(accountId: string, input: FormInput): Promise<Form> {
    if (await this.nameTaken(accountId, input.name)) throw new DuplicateFormName();
    const now = this.now();
    const row: FormsTable = { id: randomUUID(), account_id: accountId, name: input.name, fields: JSON.stringify(toFields(input.fields)), created_at: now, updated_at: now };
    await this.db.insertInto('forms').values(row).execute();
    return toForm(row);
  }

  async replace(accountId: string, id: string, input: FormInput): Promise<Form | undefined> {
    if (!(await this.get(accountId, id))) return undefined;
    if (await this.nameTaken(accountId, input.name, id)) throw new DuplicateFormName();
    await this.db.updateTable('forms').set({ name: input.name, fields: JSON.stringify(toFields(input.fields)), updated_at: this.now() })
      .where('account_id', '=', accountId).where('id', '=', id).execute();
    return this.get(accountId, id);
  }

  async remove(accountId: string, id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('forms').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Replaces the conversation's filled form (one per conversation). */
  async saveAnswers(conversationId: string, form: Form, answers: ConversationForm['answers'], agentId: string): Promise<ConversationForm> {
    const now = this.now();
    const row = { conversation_id: conversationId, form_id: form.id, form_name: form.name, answers: JSON.stringify(answers), agent_id: agentId, updated_at: now };
    await this.db.insertInto('conversation_forms').values(row)
      .onConflict((oc) => oc.column('conversation_id').doUpdateSet({ form_id: row.form_id, form_name: row.form_name, answers: row.answers, agent_id: agentId, updated_at: now }))
      .execute();
    return { formId: form.id, formName: form.name, answers, updatedAt: now };
  }

  async answersOf(conversationId: string): Promise<ConversationForm | null> {
    const r = await this.db.selectFrom('conversation_forms').selectAll().where('conversation_id', '=', conversationId).executeTakeFirst();
    return r ? { formId: r.form_id, formName: r.form_name, answers: parseJson(AnswersJson, r.answers, []), updatedAt: r.updated_at } : null;
  }
}
