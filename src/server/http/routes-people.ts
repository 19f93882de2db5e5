// People (§15): search and lookup for everyone signed in; agents may add contacts, supervisors manage them.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  PeopleLookupQuerySchema, PeopleQuerySchema, PersonInputSchema, PersonPatchSchema, type Person,
} from '../../shared/companion-cc.js';
import { currentUser, requireSupervisor } from './auth.js';
import { ApiError, parse } from './errors.js';
import type { Services } from './services.js';

const IdParamSchema = z.object({ id: z.string().min(1).max(100) });
const notFound = () => new ApiError(404, 'not_found', 'There is no such person.');

export async function peopleRoutes(app: FastifyInstance, s: Services): Promise<void> {
  app.get('/api/people', async (req): Promise<{ people: Person[] }> => {
    const user = currentUser(req);
    const q = parse(PeopleQuerySchema, req.query ?? {});
    return { people: await s.people.search(user.accountId, q.query, { tag: q.tag, limit: q.limit }) };
  });

  app.get('/api/people/lookup', async (req): Promise<{ person: Person | null }> => {
    const user = currentUser(req);
    const q = parse(PeopleLookupQuerySchema, req.query ?? {});
    return { person: (await s.people.byNumber(user.accountId, q.number)) ?? null };
  });

  app.get('/api/people/:id', async (req): Promise<Person> => {
    const user = currentUser(req);
    const { id } = parse(IdParamSchema, req.params);
    return (await s.people.get(user.accountId, id)) ?? Promise.reject(notFound());
  });

  app.post('/api/people', async (req, reply) => {
    const user = currentUser(req);
    const body = parse(PersonInputSchema, req.body);
    return reply.status(201).send(await s.people.create(user.accountId, body));
  });

  app.patch('/api/people/:id', async (req): Promise<Person> => {
    const me = requireSupervisor(req);
    const { id } = parse(IdParamSchema, req.params);
    const body = parse(PersonPatchSchema, req.body);
    return (await s.people.update(me.accountId, id, body)) ?? Promise.reject(notFound());
  });

  app.delete('/api/people/:id', async (req, reply) => {
    const me = requireSupervisor(req);
    const { id } = parse(IdParamSchema, req.params);
    if (!(await s.people.remove(me.accountId, id))) throw notFound();
    return reply.status(204).send();
  });
}
