// Correlates media work that main asks of the renderer (`mediaRequest` events) with the renderer's answers
// (`mediaReply` method calls) by requestId, with a timeout so a missing or crashed renderer cannot stall a
// SIP transaction forever.
import { randomUUID } from 'node:crypto';
import type { MediaRequest, SdpBody } from '../../../shared/contract.js';
import type { Clock, TimerHandle } from '../../ports.js';

export const MEDIA_REQUEST_TIMEOUT_MS = 15_000;
/** The renderer's error text when the agent refused microphone/camera access (optionally followed by ": …"). */
export const PERMISSION_DENIED = 'permission_denied';

export type MediaErrorCode = 'permission_denied' | 'timeout' | 'renderer_error' | 'cancelled';

export class MediaError extends Error {
  constructor(readonly code: MediaErrorCode, message: string) {
    super(message);
    this.name = 'MediaError';
  }
}

export type MediaReply =
  | { requestId: string; ok: true; value: SdpBody | null }
  | { requestId: string; ok: false; error: string };

/** A media request without its requestId (the broker assigns one). */
export type MediaRequestInput = MediaRequest extends infer R ? (R extends MediaRequest ? Omit<R, 'requestId'> : never) : never;

interface Pending {
  callId: string;
  op: MediaRequest['op'];
  resolve: (value: SdpBody | null) => void;
  reject: (err: MediaError) => void;
  timer: TimerHandle;
}

export class MediaBroker {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly send: (request: MediaRequest) => void,
    private readonly clock: Clock,
    private readonly timeoutMs = MEDIA_REQUEST_TIMEOUT_MS,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** Sends a request and resolves with the renderer's value, or rejects with a MediaError. */
  request(input: MediaRequestInput): Promise<SdpBody | null> {
    const requestId = this.newId();
    return new Promise<SdpBody | null>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        if (!this.pending.delete(requestId)) return;
        reject(new MediaError('timeout', `The media engine did not answer ${input.op} within ${Math.round(this.timeoutMs / 1000)} s.`));
      }, this.timeoutMs);
      this.pending.set(requestId, { callId: input.callId, op: input.op, resolve, reject, timer });
      try {
        this.send({ ...input, requestId } as MediaRequest);
      } catch (err) {
        this.settle(requestId)?.reject(new MediaError('renderer_error', `Could not reach the media engine: ${String(err)}`));
      }
    });
  }

  /** Feeds a renderer reply. Returns false for an unknown (late, duplicate or forged) requestId. */
  reply(reply: MediaReply): boolean {
    const p = this.settle(reply.requestId);
    if (!p) return false;
    if (reply.ok) {
      p.resolve(reply.value);
    } else if (reply.error === PERMISSION_DENIED || reply.error.startsWith(`${PERMISSION_DENIED}:`)) {
      p.reject(new MediaError('permission_denied', 'Permission to use camera and/or microphone was denied.'));
    } else {
      p.reject(new MediaError('renderer_error', reply.error));
    }
    return true;
  }

  /**
   * Fails pending requests (all, or one call's), e.g. when the media host went away or the call ended.
   * A `close` already sent is left to finish: it is the renderer's cue to release the call's media.
   */
  cancel(reason: string, callId?: string): void {
    for (const [id, p] of [...this.pending]) {
      if (callId !== undefined && (p.callId !== callId || p.op === 'close')) continue;
      this.settle(id)?.reject(new MediaError('cancelled', reason));
    }
  }

  get size(): number {
    return this.pending.size;
  }

  private settle(requestId: string): Pending | undefined {
    const p = this.pending.get(requestId);
    if (!p) return undefined;
    this.pending.delete(requestId);
    this.clock.clearTimeout(p.timer);
    return p;
  }
}
