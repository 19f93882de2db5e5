// Bearer-token authentication for API routes and the event socket.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User, UsersRepo } from '../accounts/users-repo.js';
import type { TokenSigner } from '../auth/tokens.js';
import { ApiError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}

export async function userForToken(token: string | undefined, tokens: TokenSigner, users: UsersRepo): Promise<User | undefined> {
  if (!token) return undefined;
  const claims = tokens.verify(token);
  return claims ? users.byId(claims.userId) : undefined;
}

/** onRequest hook: 401 unless a valid bearer token names an existing user. */
export function requireUser(tokens: TokenSigner, users: UsersRepo) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const user = await userForToken(bearerToken(req.headers.authorization), tokens, users);
    if (!user) throw new ApiError(401, 'unauthorized', 'Sign in first: the token is missing, invalid or expired.');
    req.user = user;
  };
}

export function requireSupervisor(req: FastifyRequest): User {
  const user = currentUser(req);
  if (user.role !== 'supervisor') throw new ApiError(403, 'forbidden', 'Only supervisors may do this.');
  return user;
}

export function currentUser(req: FastifyRequest): User {
  if (!req.user) throw new ApiError(401, 'unauthorized', 'Sign in first: the token is missing, invalid or expired.');
  return req.user;
}
