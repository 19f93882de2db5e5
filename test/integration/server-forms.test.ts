// Conversation forms with the real companion (§8.3 "optional form"): supervisors manage forms with clear
// validation messages, agents list them and fill one in for their own or an unassigned conversation;
// the conversation detail carries the answers and a "Form filled: <name>" timeline event.
// Conversations are inserted through a second connection to the same SQLite file (real database),
// which avoids placing SIP calls just to own a conversation.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type CompanionHandle } from '../../src/server/app.js';
import { ConversationsRepo } from '../../src/server/conversations/conversations-repo.js';
import { openDatabase, type Db } from '../../src/server/db/database.js';
import type { ConversationDetail } from '../../src/shared/companion-cc.js';
import type { ConversationForm, Form } from '../../src/shared/companion-forms.js';
import { api, login } from '../support/companion-api.js';

type ApiErr = { error: { code: string; message: string } };

describe('conversation forms', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'companion-forms-'));
  let c: CompanionHandle;
  let db: Db;
  const t: Record<string, string> = {};
  const conv: Record<'alice' | 'bob' | 'none', string> = { alice: '', bob: '', none: '' };

  beforeAll(async () => {
    c = await startCompanion({ dataDir });
    for (const u of ['alice', 'bob', 'sam']) t[u] = await login(c.url, u);
    const me = async (u: string) => (await api<{ id: string; accountId: string }>(c.url, 'GET', '/api/me', t[u])).body;
    const [alice, bob] = [await me('alice'), await me('bob')];
    db = await openDatabase(dataDir);
    const repo = new ConversationsRepo(db);
    const mk = async (assigneeId: string | null, n: string) => (await repo.create({ accountId: alice.accountId, customerKey: n, customerNumber: n, customerName: null, assigneeId, queueId: null })).id;
    conv.alice = await mk(alice.id, '+81300000001');
    conv.bob = await mk(bob.id, '+81300000002');
    conv.none = await mk(null, '+81300000003');
  });
  afterAll(async () => { await db?.destroy(); await c?.close(); });

  const intake = { name: 'Intake', fields: [
    { label: 'Reason', kind: 'choice', options: ['Sales', 'Support'], required: true },
    { label: 'Comment', kind: 'text' },
  ] };
  let form: Form;

  it('supervisors create, edit and delete forms; agents only list them; bad input is refused with clear words', async () => {
    const bad: Array<[unknown, string]> = [
      [{ name: '', fields: [{ label: 'A', kind: 'text' }] }, 'The form needs a name.'],
      [{ name: 'X', fields: [] }, 'A form needs at least one field.'],
      [{ name: 'X', fields: Array.from({ length: 21 }, (_, i) => ({ label: `L${i}`, kind: 'text' })) }, 'A form has at most 20 fields.'],
      [{ name: 'X', fields: [{ label: 'Pick', kind: 'choice' }] }, 'The choice field "Pick" needs at least one option.'],
      [{ name: 'X', fields: [{ label: 'A', kind: 'date' }] }, 'A field kind is "text" or "choice".'],
      [{ name: 'X', fields: [{ label: 'A', kind: 'text' }, { label: 'A', kind: 'text' }] }, 'Two fields are labelled "A".'],
    ];
    for (const [body, message] of bad) {
      const r = await api<ApiErr>(c.url, 'POST', '/api/forms', t.sam, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.message).toBe(message);
    }
    expect((await api<{ forms: Form[] }>(c.url, 'GET', '/api/forms', t.sam)).body.forms).toEqual([]);

    expect((await api(c.url, 'POST', '/api/forms', t.alice, intake)).status).toBe(403);
    const created = await api<Form>(c.url, 'POST', '/api/forms', t.sam, intake);
    expect(created.status).toBe(201);
    form = created.body;
    expect(form.fields).toEqual([
      { id: 'f1', label: 'Reason', kind: 'choice', options: ['Sales', 'Support'], required: true },
      { id: 'f2', label: 'Comment', kind: 'text', options: [], required: false },
    ]);
    const dup = await api<ApiErr>(c.url, 'POST', '/api/forms', t.sam, intake);
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe('A form named "Intake" already exists.');

    const other = (await api<Form>(c.url, 'POST', '/api/forms', t.sam, { name: 'Scratch', fields: [{ label: 'Note', kind: 'text' }] })).body;
    expect((await api(c.url, 'PUT', `/api/forms/${other.id}`, t.alice, { name: 'Y', fields: [{ label: 'N', kind: 'text' }] })).status).toBe(403);
    const renamed = await api<Form>(c.url, 'PUT', `/api/forms/${other.id}`, t.sam, { name: 'Scratch 2', fields: [{ label: 'Note', kind: 'text', required: true }] });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Scratch 2', fields: [{ label: 'Note', required: true }] });
    expect((await api(c.url, 'PUT', `/api/forms/${other.id}`, t.sam, intake)).status).toBe(409);
    expect((await api(c.url, 'PUT', '/api/forms/nope', t.sam, intake)).status).toBe(404);
    expect((await api(c.url, 'DELETE', `/api/forms/${other.id}`, t.alice)).status).toBe(403);
    expect((await api(c.url, 'DELETE', `/api/forms/${other.id}`, t.sam)).status).toBe(204);
    expect((await api(c.url, 'DELETE', `/api/forms/${other.id}`, t.sam)).status).toBe(404);

    const listed = await api<{ forms: Form[] }>(c.url, 'GET', '/api/forms', t.alice);
    expect(listed.status).toBe(200);
    expect(listed.body.forms.map((f) => f.name)).toEqual(['Intake']);
  });

  it('answers are validated against the form; agents write only their own or unassigned conversations', async () => {
    const put = (who: string, id: string, body: unknown) => api<ApiErr & ConversationForm>(c.url, 'PUT', `/api/conversations/${id}/form`, t[who], body);
    const cases: Array<[unknown, string]> = [
      [{ formId: form.id, values: {} }, '"Reason" is required.'],
      [{ formId: form.id, values: { f1: 'Other' } }, '"Reason" must be one of: Sales, Support.'],
      [{ formId: form.id, values: { f1: 'Sales', f7: 'x' } }, 'The form has no field "f7".'],
      [{ formId: 'nope', values: { f1: 'Sales' } }, 'There is no such form.'],
      [{ formId: form.id, values: { f1: 3 } }, '"values.f1" must be a string.'],
    ];
    for (const [body, message] of cases) {
      const r = await put('alice', conv.alice, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.message).toBe(message);
    }
    // Nothing was stored by the refused attempts.
    let d = (await api<ConversationDetail>(c.url, 'GET', `/api/conversations/${conv.alice}`, t.alice)).body;
    expect(d.form).toBeNull();
    expect(d.events.filter((e) => e.type === 'form.filled')).toEqual([]);

    // Bob's conversation is not Alice's to write (reported as missing, like reading it).
    expect((await put('alice', conv.bob, { formId: form.id, values: { f1: 'Sales' } })).status).toBe(404);

    const ok = await put('alice', conv.alice, { formId: form.id, values: { f1: 'Support', f2: ' Printer jam ' } });
    expect(ok.status).toBe(200);
    d = (await api<ConversationDetail>(c.url, 'GET', `/api/conversations/${conv.alice}`, t.alice)).body;
    expect(d.form).toMatchObject({ formId: form.id, formName: 'Intake', answers: [
      { fieldId: 'f1', label: 'Reason', value: 'Support' }, { fieldId: 'f2', label: 'Comment', value: 'Printer jam' },
    ] });
    expect(d.events.filter((e) => e.type === 'form.filled').map((e) => e.text)).toEqual(['Form filled: Intake']);

    expect((await put('alice', conv.none, { formId: form.id, values: { f1: 'Sales' } })).status).toBe(200);
    expect((await put('sam', conv.bob, { formId: form.id, values: { f1: 'Sales' } })).status).toBe(200);

    // Deleting the form keeps the snapshot on the conversation.
    expect((await api(c.url, 'DELETE', `/api/forms/${form.id}`, t.sam)).status).toBe(204);
    d = (await api<ConversationDetail>(c.url, 'GET', `/api/conversations/${conv.alice}`, t.alice)).body;
    expect(d.form?.formName).toBe('Intake');
  });
});
