// Transport-independent halves of the bridge: a typed client (renderer side) and a
// validating dispatcher (main side). Each transport only moves envelopes.
import type { z } from 'zod';
import {
  BridgeError,
  contract,
  type Envelope,
  type EventName,
  type EventPayload,
  type MethodArgs,
  type MethodName,
  type MethodResult,
} from './contract.js';

/** What a transport must offer the client: request/response and an event feed. */
export interface BridgeTransport {
  invoke(method: string, args: unknown): Promise<Envelope<unknown>>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

export type SoftphoneApi = {
  [M in MethodName]: (args: MethodArgs<M>) => Promise<MethodResult<M>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export function createBridgeClient(transport: BridgeTransport): SoftphoneApi {
  const api: Record<string, unknown> = {};
  for (const name of Object.keys(contract.methods) as MethodName[]) {
    api[name] = async (args: unknown) => {
      const env = await transport.invoke(name, args ?? {});
      if (!env.ok) throw new BridgeError(env.error.code, env.error.message);
      return env.value;
    };
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    const schema = contract.events[event];
    return transport.subscribe((name, payload) => {
      if (name !== event) return;
      const parsed = schema.safeParse(payload);
      // A malformed event is dropped rather than crashing the UI.
      if (parsed.success) listener(parsed.data);
    });
  };
  return api as SoftphoneApi;
}

export interface CallerContext {
  /** Transport-specific identity of the caller (Electron frame URL, socket id, "fake"). */
  senderId: string;
}

export type BridgeHandlers = {
  [M in MethodName]: (
    args: z.output<(typeof contract.methods)[M]['args']>,
    ctx: CallerContext,
  ) => Promise<MethodResult<M>> | MethodResult<M>;
};

const isMethod = (m: unknown): m is MethodName =>
  typeof m === 'string' && Object.prototype.hasOwnProperty.call(contract.methods, m);

/** Validates the method name and arguments, runs the handler and wraps the outcome. Never throws. */
export function createDispatcher(handlers: BridgeHandlers) {
  return async function dispatch(method: unknown, args: unknown, ctx: CallerContext): Promise<Envelope<unknown>> {
    if (!isMethod(method)) {
      return { ok: false, error: { code: 'unknown_method', message: `Unknown bridge method: ${String(method).slice(0, 60)}` } };
    }
    const parsed = contract.methods[method].args.safeParse(args);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first?.path.length ? ` (${first.path.join('.')})` : '';
      return { ok: false, error: { code: 'invalid_arguments', message: `${method}: ${first?.message ?? 'invalid arguments'}${where}` } };
    }
    try {
      const handler = handlers[method] as (a: unknown, c: CallerContext) => unknown;
      const value = await handler(parsed.data, ctx);
      return { ok: true, value: value ?? null };
    } catch (err) {
      if (err instanceof BridgeError) return { ok: false, error: { code: err.code, message: err.message } };
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'internal', message } };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;

/** Fan-out of main → renderer events to every attached transport. */
export class EventHub {
  private sinks = new Set<(event: string, payload: unknown) => void>();

  attach(sink: (event: string, payload: unknown) => void): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const sink of this.sinks) {
      try {
        sink(event, payload);
      } catch {
        // One broken transport must not stop the others.
      }
    }
  }

  get size(): number {
    return this.sinks.size;
  }
}

/** In-memory transport for component tests and the contract test. */
export function createFakeTransport(dispatch: Dispatch, hub: EventHub): BridgeTransport {
  return {
    invoke: (method, args) => dispatch(method, structuredClone(args), { senderId: 'fake' }),
    subscribe: (listener) => hub.attach((e, p) => listener(e, structuredClone(p))),
  };
}
