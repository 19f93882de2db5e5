// Bridge schemas of one area (renderer ↔ main), spread into contract.ts like recording-bridge.ts.
// Video calls and screen sharing (issue 8): camera on/off goes through main like mute (main keeps the
// call's state; the renderer swaps the sender's track, no renegotiation). Screen capture starts in the
// renderer (getDisplayMedia needs the click's user activation) and is reported to main afterwards.
import { z } from 'zod';

const CallId = z.string().min(1).max(200);

/** In Electron, one capturable screen or window offered to the agent's picker (spec §9.3). */
export const ScreenSourceSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().max(500),
  kind: z.enum(['screen', 'window']),
  /** A small PNG data URL of the source, or null when none could be made. */
  thumbnail: z.string().max(400_000).regex(/^data:image\/(png|jpeg);base64,/).nullable(),
});
export type ScreenSource = z.infer<typeof ScreenSourceSchema>;

export const videoMethods = {
  /** Camera on/off of a video call (§9.1); the call keeps its negotiated video m-line. */
  setCamera: { args: z.object({ callId: CallId, on: z.boolean() }).strict(), result: z.void() },
  /** The renderer started or stopped sharing a screen in a call (it already swapped the track). */
  setScreenSharing: { args: z.object({ callId: CallId, on: z.boolean() }).strict(), result: z.void() },
  /** The agent's choice in the screen picker (Electron): a source id, or null for Cancel. */
  chooseScreenSource: {
    args: z.object({ requestId: z.string().min(1).max(100), sourceId: z.string().min(1).max(200).nullable() }).strict(),
    result: z.void(),
  },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

export const videoEvents = {
  /** Electron: a getDisplayMedia call waits for the agent to pick a screen or window. */
  screenSourcesRequest: z.object({ requestId: z.string(), sources: z.array(ScreenSourceSchema).max(100) }),
} as const satisfies Record<string, z.ZodType>;

/** Media operations main asks of the renderer for video calls (added to contract.ts's MediaRequest union). */
export const videoMediaRequests = [
  z.object({ requestId: z.string(), callId: z.string(), op: z.literal('setCamera'), on: z.boolean() }),
] as const;
