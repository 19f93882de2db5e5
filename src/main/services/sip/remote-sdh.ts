// sip.js SessionDescriptionHandler that owns no media: every offer/answer step is forwarded to the renderer's
// media engine as a `mediaRequest` (keyed by call id) and awaited through the MediaBroker. This is what lets
// signalling live in main while RTCPeerConnection lives in the renderer (architecture §1).
import type {
  BodyAndContentType,
  Session,
  SessionDescriptionHandler,
  SessionDescriptionHandlerFactory,
  SessionDescriptionHandlerOptions,
} from 'sip.js';
import type { DescriptionOptions } from '../../../shared/contract.js';
import type { MediaBroker } from './media-broker.js';

export const SDP_CONTENT_TYPE = 'application/sdp';

/** The option fields sip.js (and our engine) pass to a session description handler. */
export interface RemoteDescriptionOptions extends SessionDescriptionHandlerOptions {
  constraints?: { audio?: unknown; video?: unknown };
  hold?: boolean;
  iceRestart?: boolean;
  offerOptions?: { iceRestart?: boolean };
}

export class ClosedDescriptionHandlerError extends Error {
  constructor(callId: string) {
    super(`The media of call ${callId} is already closed.`);
    this.name = 'ClosedDescriptionHandlerError';
  }
}

/** sip.js options → the contract's DescriptionOptions (audio on unless said otherwise, video off). */
export function toDescriptionOptions(options: RemoteDescriptionOptions | undefined): DescriptionOptions {
  const constraints = options?.constraints;
  const out: DescriptionOptions = {
    audio: constraints?.audio === undefined ? true : Boolean(constraints.audio),
    video: Boolean(constraints?.video),
  };
  if (typeof options?.hold === 'boolean') out.hold = options.hold;
  const iceRestart = options?.iceRestart ?? options?.offerOptions?.iceRestart;
  if (typeof iceRestart === 'boolean') out.iceRestart = iceRestart;
  return out;
}

export interface RemoteSdhHooks {
  /** sendDtmf is synchronous in sip.js; failures of the async work end up here. */
  onAsyncError?(callId: string, op: string, err: unknown): void;
  /**
   * An offer/answer step failed (e.g. permission denied). Called before sip.js sees the error, so the
   * engine knows why before the session terminates.
   */
  onMediaError?(callId: string, op: 'getDescription' | 'setDescription', err: unknown): void;
}

export class RemoteSessionDescriptionHandler implements SessionDescriptionHandler {
  private closed = false;
  private haveDescription = false;
  /** The renderer that held this call's peer connection went away (page reload) before the answer. */
  private hostLost = false;

  constructor(
    readonly callId: string,
    private readonly broker: MediaBroker,
    private readonly hooks: RemoteSdhHooks = {},
  ) {}

  /**
   * The page that served media for this not-yet-answered call reloaded: its peer connection is gone. An
   * answer arriving now (200 OK to our offer) belongs to that lost offer, so it is not forwarded (the new
   * page would mistake it for an offer); the engine rebuilds media with an ICE-restart re-INVITE once the
   * call is established, and that fresh offer ends this state.
   */
  markHostLost(): void {
    this.hostLost = true;
  }

  get isHostLost(): boolean {
    return this.hostLost;
  }

  async getDescription(options?: RemoteDescriptionOptions): Promise<BodyAndContentType> {
    this.assertOpen();
    this.hostLost = false;
    let value;
    try {
      value = await this.broker.request({ callId: this.callId, op: 'getDescription', options: toDescriptionOptions(options) });
    } catch (err) {
      this.hooks.onMediaError?.(this.callId, 'getDescription', err);
      throw err;
    }
    this.assertOpen();
    if (!value || typeof value.body !== 'string' || !value.body) {
      throw new Error(`The media engine returned no session description for call ${this.callId}.`);
    }
    this.haveDescription = true;
    return { body: value.body, contentType: value.contentType || SDP_CONTENT_TYPE };
  }

  async setDescription(sdp: string, options?: RemoteDescriptionOptions): Promise<void> {
    this.assertOpen();
    if (this.hostLost) return;
    try {
      await this.broker.request({
        callId: this.callId,
        op: 'setDescription',
        description: { body: sdp, contentType: SDP_CONTENT_TYPE },
        options: toDescriptionOptions(options),
      });
    } catch (err) {
      this.hooks.onMediaError?.(this.callId, 'setDescription', err);
      throw err;
    }
    this.assertOpen();
    this.haveDescription = true;
  }

  hasDescription(contentType: string): boolean {
    return contentType === SDP_CONTENT_TYPE;
  }

  /**
   * The contract has no rollback operation yet; the renderer's engine recovers by itself (a later offer
   * replaces a stale local one), so a rollback is a no-op here rather than a failed re-INVITE.
   */
  async rollbackDescription(): Promise<void> {
    this.assertOpen();
  }

  /** RFC 4733 DTMF through the renderer. sip.js wants a synchronous boolean: the work happens async. */
  sendDtmf(tones: string, options?: unknown): boolean {
    if (this.closed) return false;
    this.sendDtmfAsync(tones, options).catch((err: unknown) => this.hooks.onAsyncError?.(this.callId, 'sendDtmf', err));
    return true;
  }

  /** The awaitable form the engine uses to decide on the SIP INFO fallback. */
  async sendDtmfAsync(tones: string, options?: unknown): Promise<void> {
    this.assertOpen();
    const o = (options ?? {}) as { duration?: unknown; interToneGap?: unknown };
    const duration = typeof o.duration === 'number' && o.duration > 0 ? o.duration : 100;
    const interToneGap = typeof o.interToneGap === 'number' && o.interToneGap > 0 ? o.interToneGap : 70;
    await this.broker.request({ callId: this.callId, op: 'sendDtmf', tones, duration, interToneGap });
  }

  async setMute(muted: boolean): Promise<void> {
    this.assertOpen();
    await this.broker.request({ callId: this.callId, op: 'setMute', muted });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.broker.cancel(`Call ${this.callId} closed.`, this.callId);
    this.broker.request({ callId: this.callId, op: 'close' }).catch((err: unknown) => this.hooks.onAsyncError?.(this.callId, 'close', err));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get hasLocalOrRemoteDescription(): boolean {
    return this.haveDescription;
  }

  private assertOpen(): void {
    if (this.closed) throw new ClosedDescriptionHandlerError(this.callId);
  }
}

/** A sip.js factory that creates one remote handler per session, keyed by our call id for that session. */
export function remoteSdhFactory(
  broker: MediaBroker,
  callIdOf: (session: Session) => string | undefined,
  hooks: RemoteSdhHooks = {},
): SessionDescriptionHandlerFactory {
  return (session: Session) => {
    const callId = callIdOf(session);
    if (!callId) throw new Error('No call id is known for this SIP session.');
    return new RemoteSessionDescriptionHandler(callId, broker, hooks);
  };
}
