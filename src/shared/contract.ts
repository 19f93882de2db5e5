// The typed bridge between the renderer and the main process, declared once.
// Three transports implement it (Electron IPC, the web host's loopback WebSocket,
// an in-memory fake); all of them validate with these schemas at the boundary.
import { z } from 'zod';
import { recordingEvents, recordingMethods } from './recording-bridge.js';
import { companionEvents, companionMethods } from './companion-bridge.js';
import { videoEvents, videoMediaRequests, videoMethods } from './video-bridge.js';
import { engineEvents, engineMethods } from './engine-bridge.js';
import { desktopContract } from './desktop-contract.js';
import { AgentStatusSchema, SELECTABLE_STATUSES } from './agent-status.js';
import { OutboundOptionsSchema } from './outbound-call.js';
import { E164Schema } from './companion-cc.js';

// ---------------------------------------------------------------- state model

export const RegistrationStateSchema = z.enum(['unregistered', 'connecting', 'registered', 'failed']);
export type RegistrationState = z.infer<typeof RegistrationStateSchema>;

export { AgentStatusSchema, SELECTABLE_STATUSES, type AgentStatus } from './agent-status.js';

export const CallTypeSchema = z.enum(['normal', 'transferred', 'callback']);
export const ChannelSchema = z.enum(['phone', 'webrtc', 'whatsapp', 'viber']);

export const CallPhaseSchema = z.enum(['ringing', 'dialing', 'active', 'ended']);
export type CallPhase = z.infer<typeof CallPhaseSchema>;

/** One second of network measurements of one direction (renderer getStats → main), spec §9.5. */
export const NetworkSampleSchema = z.object({
  lossPct: z.number().min(0).max(100),
  rttMs: z.number().min(0).max(600_000),
  jitterMs: z.number().min(0).max(600_000),
});

/** Call quality for the UI (issue 3): MOS 1–4.5, the last 60 per-second values, weak-connection flags. */
export const CallQualitySchema = z.object({
  mos: z.number(),
  series: z.array(z.number()).max(60),
  /** The customer side, from the remote's RTCP reports (null until one arrives). */
  remoteMos: z.number().nullable(),
  /** "Your connection is weak." */
  weakLocal: z.boolean(),
  /** "The customer's connection is weak." */
  weakRemote: z.boolean(),
});
export type CallQuality = z.infer<typeof CallQualitySchema>;

export const CallInfoSchema = z.object({
  callId: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  phase: CallPhaseSchema,
  remoteUri: z.string(),
  /** Customer full name from People, or null when unknown (the UI then shows the number alone). */
  customerName: z.string().nullable(),
  customerNumber: z.string().nullable(),
  queue: z.string().nullable(),
  callType: CallTypeSchema,
  channel: ChannelSchema,
  conversationId: z.string().nullable(),
  startedAt: z.number(),
  answeredAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  held: z.boolean(),
  muted: z.boolean(),
  endReason: z.string().nullable(),
  /** Additive (issue 3): quality measurements while the call has media; absent/null before the first sample. */
  quality: CallQualitySchema.nullable().optional(),
  /** Additive (issue 3, §9.6): the signalling connection dropped mid-call and is being restored (banner + cue). */
  reconnecting: z.boolean().optional(),
  /** Additive (issue 8): the call negotiated video (the customer offered it); absent = audio only. */
  video: z.boolean().optional(),
  /** Additive (issue 8): the agent switched the camera off in this video call. */
  cameraOff: z.boolean().optional(),
  /** Additive (issue 8): the agent shares a screen or window instead of the camera. */
  screenSharing: z.boolean().optional(),
});
export type CallInfo = z.infer<typeof CallInfoSchema>;

export const WrapUpSchema = z.object({
  callId: z.string(),
  conversationId: z.string().nullable(),
  /** Epoch ms when wrap-up ends on its own. */
  endsAt: z.number(),
  /** Whether "+10s" is offered (supervisor setting "additional wrap-up time"). */
  canExtend: z.boolean(),
});
export type WrapUp = z.infer<typeof WrapUpSchema>;

export const SessionSchema = z.object({
  login: z.string(),
  displayName: z.string(),
  role: z.enum(['agent', 'supervisor']),
  companionUrl: z.string(),
  sipUri: z.string(),
});
export type Session = z.infer<typeof SessionSchema>;

export const AppStateSchema = z.object({
  session: SessionSchema.nullable(),
  registration: z.object({ state: RegistrationStateSchema, reason: z.string().nullable() }),
  agentStatus: AgentStatusSchema,
  call: CallInfoSchema.nullable(),
  wrapUp: WrapUpSchema.nullable(),
  /** Additive (issue 3): auto-answer option, off by default (absent = off). */
  autoAnswer: z.boolean().optional(),
});
export type AppState = z.infer<typeof AppStateSchema>;

export const initialAppState = (): AppState => ({
  session: null,
  registration: { state: 'unregistered', reason: null },
  agentStatus: 'Offline',
  call: null,
  wrapUp: null,
});

// ------------------------------------------------------- media (main → renderer)
// Signalling lives in main; the renderer's media engine owns RTCPeerConnection.
// Main asks the renderer for media work with a `mediaRequest` event; the renderer
// answers with the `mediaReply` method, correlated by requestId.

export const SdpBodySchema = z.object({ body: z.string().max(200_000), contentType: z.string().max(200) });
export type SdpBody = z.infer<typeof SdpBodySchema>;

export const DescriptionOptionsSchema = z.object({
  /** Put the call on hold (sendonly/inactive) when true, resume when false. */
  hold: z.boolean().optional(),
  iceRestart: z.boolean().optional(),
  audio: z.boolean().default(true),
  video: z.boolean().default(false),
});
export type DescriptionOptions = z.infer<typeof DescriptionOptionsSchema>;

export const MediaRequestSchema = z.discriminatedUnion('op', [
  z.object({ requestId: z.string(), callId: z.string(), op: z.literal('getDescription'), options: DescriptionOptionsSchema }),
  z.object({ requestId: z.string(), callId: z.string(), op: z.literal('setDescription'), description: SdpBodySchema, options: DescriptionOptionsSchema }),
  z.object({ requestId: z.string(), callId: z.string(), op: z.literal('sendDtmf'), tones: z.string(), duration: z.number(), interToneGap: z.number() }),
  z.object({ requestId: z.string(), callId: z.string(), op: z.literal('setMute'), muted: z.boolean() }),
  z.object({ requestId: z.string(), callId: z.string(), op: z.literal('close') }),
  ...videoMediaRequests,
]);
export type MediaRequest = z.infer<typeof MediaRequestSchema>;

// ------------------------------------------------------------------- contract

const CallIdArgs = z.object({ callId: z.string().min(1).max(200) });
const Void = z.void();

export const contract = {
  methods: {
    getState: { args: z.object({}).strict(), result: AppStateSchema },
    signIn: {
      args: z.object({
        companionUrl: z.string().url().max(500).optional(),
        login: z.string().min(1).max(100),
        password: z.string().min(1).max(200),
      }).strict(),
      result: AppStateSchema,
    },
    signOut: { args: z.object({}).strict(), result: Void },
    setStatus: { args: z.object({ status: z.enum(SELECTABLE_STATUSES) }).strict(), result: Void },
    answer: { args: CallIdArgs.strict(), result: Void },
    reject: { args: CallIdArgs.strict(), result: Void },
    hangup: { args: CallIdArgs.strict(), result: Void },
    hold: { args: CallIdArgs.extend({ on: z.boolean() }).strict(), result: Void },
    mute: { args: CallIdArgs.extend({ on: z.boolean() }).strict(), result: Void },
    sendDtmf: { args: CallIdArgs.extend({ tones: z.string().regex(/^[0-9A-D*#]{1,32}$/) }).strict(), result: Void },
    /** `from`: caller ID for an external transfer of a WebRTC customer (§7.3); absent = automatic. */
    transfer: { args: CallIdArgs.extend({ target: z.string().min(1).max(200), from: E164Schema.optional() }).strict(), result: Void },
    /** Optional §8.3 options (From, queue, priority, tags, follow-up conversation) — see outbound-call.ts. */
    dial: { args: OutboundOptionsSchema.extend({ target: z.string().min(1).max(200) }).strict(), result: z.object({ callId: z.string() }) },
    extendWrapUp: { args: z.object({}).strict(), result: Void },
    finishWrapUp: {
      args: z.object({
        notes: z.string().max(20_000).optional(),
        status: z.enum(['Open', 'Waiting', 'Solved', 'Closed']).optional(),
      }).strict(),
      result: Void,
    },
    /** The renderer announces that its media engine is ready to serve mediaRequests. */
    mediaReady: { args: z.object({}).strict(), result: Void },
    mediaReply: {
      args: z.discriminatedUnion('ok', [
        z.object({ requestId: z.string(), ok: z.literal(true), value: SdpBodySchema.nullable() }),
        z.object({ requestId: z.string(), ok: z.literal(false), error: z.string().max(2000) }),
      ]),
      result: Void,
    },
    /** Once a second per call: network measurements from getStats (main computes MOS, spec §9.5). */
    reportQuality: {
      args: z.object({ callId: z.string().min(1).max(200), local: NetworkSampleSchema, remote: NetworkSampleSchema.nullable() }).strict(),
      result: Void,
    },
    /** Auto-answer option (off by default); honours Call-Info answer-after=N when on. */
    setAutoAnswer: { args: z.object({ on: z.boolean() }).strict(), result: Void },
    // Recording (issue 7): chunk capture in the renderer, cache and upload in main.
    ...recordingMethods,
    // Companion REST proxy for the UI (issue 5).
    ...companionMethods,
    // Video calls and screen sharing (issue 8).
    ...videoMethods,
    // Engine options (issue 3).
    ...engineMethods,
    // Desktop integration: settings page, click-to-dial (issue 6).
    ...desktopContract.methods,
  },
  events: {
    state: AppStateSchema,
    mediaRequest: MediaRequestSchema,
    notice: z.object({ level: z.enum(['info', 'warning', 'error']), code: z.string(), message: z.string() }),
    ...recordingEvents,
    ...companionEvents,
    ...videoEvents,
    ...engineEvents,
    ...desktopContract.events,
  },
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract['methods'];
export type EventName = keyof Contract['events'];
export type MethodArgs<M extends MethodName> = z.input<Contract['methods'][M]['args']>;
export type MethodResult<M extends MethodName> = z.output<Contract['methods'][M]['result']>;
export type EventPayload<E extends EventName> = z.output<Contract['events'][E]>;

export const METHOD_NAMES = Object.keys(contract.methods) as MethodName[];
export const EVENT_NAMES = Object.keys(contract.events) as EventName[];

// -------------------------------------------------------------- wire envelope

export const BridgeErrorSchema = z.object({ code: z.string(), message: z.string() });
export type BridgeErrorShape = z.infer<typeof BridgeErrorSchema>;
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: BridgeErrorShape };

export class BridgeError extends Error {
  constructor(public readonly code: string, message: string) {
    super(message);
    this.name = 'BridgeError';
  }
}
