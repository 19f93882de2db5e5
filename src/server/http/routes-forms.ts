// Conversation forms (§8.3): supervisors manage the account's forms, everyone signed in lists them, and
// an agent fills one in for a conversation they may see (their own or an unassigned one).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkAnswers, FormAnswersInputSchema, FormInputSchema, type ConversationForm, type Form } from '../../shared/companion-forms.js';
import { DuplicateFormName, type FormsRepo } from '../forms/forms-repo.js';
import { currentUser, requireSupervisor } from './auth.js';
import { ApiError, parse } from './errors.js';
import type { Services } from './services.js';

const IdParamSchema = z.object({ id: z.string().min(1).max(100) });
const noForm = () => new ApiError(404, 'not_found', 'There is no such form.');
const taken = (name: string) => new ApiError(409, 'conflict', `A form named "${name}" already exists.`);

export async function formRoutes(app: FastifyInstance, s: Services, forms: FormsRepo): Promise<void> {
  app.get('/api/forms', async (req): Promise<{ forms: Form[] }> => {
    const user = currentUser(req);
    return { forms: await forms.list(user.accountId) };
  });

  app.post('/api/forms', async (req, reply) => {
    const me = requireSupervisor(req);
    const body = parse(FormInputSchema, req.body);
    try {
      return reply.status(201).send(await forms.create(me.accountId, body));
    } catch (e) {
      if (e instanceof DuplicateFormName) throw taken(body.name);
      throw e;
    }
  });

  app.put('/api/forms/:id', async (req): Promise<Form> => {
    const me = requireSupervisor(req);
    const { id } = parse(IdParamSchema, req.params);
    const body = parse(FormInputSchema, req.body);
    try {
      return (await forms.replace(me.accountId, id, body)) ?? Promise.reject(noForm());
    } catch (e) {
      if (e instanceof DuplicateFormName) throw taken(body.name);
      throw e;
    }
  });

  app.delete('/api/forms/:id', async (req, reply) => {
    const me = requireSupervisor(req);
    const { id } = parse(IdParamSchema, req.params);
    if (!(await forms.remove(me.accountId, id))) throw noForm();
    return reply.status(204).send();
  });

  app.put('/api/conversations/:id/form', async (req): Promise<ConversationForm> => {
    const user = currentUser(req);
    const { id } = parse(IdParamSchema, req.params);
    const body = parse(FormAnswersInputSchema, req.body);
    const c = await s.conversations.get(user.accountId, id);
    // Same visibility as the conversation routes: someone else's conversation is reported as missing.
    if (!c || (user.role !== 'supervisor' && c.assigneeId !== null && c.assigneeId !== user.id)) {
      throw new ApiError(404, 'not_found', 'There is no such conversation.');
    }
    const form = await forms.get(user.accountId, body.formId);
    if (!form) throw new ApiError(400, 'validation_error', 'There is no such form.');
    const check = checkAnswers(form, body.values);
    if (!check.ok) throw new ApiError(400, 'validation_error', check.message);
    const saved = await forms.saveAnswers(id, form, check.answers, user.id);
    await s.conversations.addEvent(id, 'form.filled', `Form filled: ${form.name}`, user.id, { formId: form.id });
    s.events.append(user.accountId, { type: 'conversation.updated', conversationId: id });
    return saved;
  });
}
