// The shape most supervisor settings routes share: require the supervisor role, validate the body, store it
// for the supervisor's account, answer with what was stored. One helper so every such route behaves alike.
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { User } from '../accounts/users-repo.js';
import { requireSupervisor } from './auth.js';
import { parse } from './errors.js';

/** GET: the supervisor's account's value. */
export const supervisorRead = <T>(read: (accountId: string) => Promise<T>) =>
  async (req: FastifyRequest): Promise<T> => read(requireSupervisor(req).accountId);

/** PUT: parse with `schema`, `store` it, answer with the parsed body. */
export const supervisorWrite = <T>(schema: z.ZodType<T>, store: (accountId: string, body: T, me: User) => Promise<unknown>) =>
  async (req: FastifyRequest): Promise<T> => {
    const me = requireSupervisor(req);
    const body = parse(schema, req.body);
    await store(me.accountId, body, me);
    return body;
  };
