// One error shape for every failure: `{ error: { code, message } }`, with messages people can act on.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';

export class ApiError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message: string) { super(message); }
}

export const errorBody = (code: string, message: string) => ({ error: { code, message } });

// Zod hands the error map issues before their path is final, so generic messages carry a placeholder
// that is replaced with the field name afterwards. Schema-level messages (e.g. the ring-timeout rule) win
// over this map and are kept verbatim.
const FIELD = '\u0000field\u0000';

function describeIssue(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type': return `${FIELD} must be ${issue.expected === 'object' ? 'a JSON object' : `a ${issue.expected}`}.`;
    case 'unrecognized_keys': return `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`;
    case 'invalid_value': return `${FIELD} must be one of: ${issue.values.map(String).join(', ')}.`;
    case 'too_small': return `${FIELD} is too ${issue.origin === 'string' ? 'short' : 'small'}.`;
    case 'too_big': return `${FIELD} is too ${issue.origin === 'string' ? 'long' : 'big'}.`;
    default: return `${FIELD} is invalid.`;
  }
}

/** Validates untrusted input and throws a 400 ApiError with the first problem in words. */
export function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input, { error: (issue) => describeIssue(issue) });
  if (r.success) return r.data;
  const first = r.error.issues[0];
  if (!first) throw new ApiError(400, 'validation_error', 'The request is invalid.');
  const name = first.path.length ? `"${first.path.map(String).join('.')}"` : 'The request body';
  throw new ApiError(400, 'validation_error', first.message.replace(FIELD, name));
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    if (err instanceof ApiError) return reply.status(err.statusCode).send(errorBody(err.code, err.message));
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 413) return reply.status(413).send(errorBody('payload_too_large', 'The request body is too large.'));
    if (status === 415) return reply.status(415).send(errorBody('unsupported_media_type', 'Send the request body as application/json.'));
    if (status < 500) return reply.status(status).send(errorBody('bad_request', err.message || 'Bad request.'));
    req.log.error({ err }, 'request failed');
    return reply.status(500).send(errorBody('internal_error', 'Something went wrong on the server.'));
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send(errorBody('not_found', `No route for ${req.method} ${req.url.split('?')[0]}.`));
  });
}
