// Small readings of AppState shared by the desktop presenters and policies.
import type { AppState, CallInfo } from '../../../shared/contract.js';

/** A call that would be lost if the app went away: ringing, dialling or connected. */
export const callInProgress = (state: AppState): boolean => state.call !== null && state.call.phase !== 'ended';

export const isRegistered = (state: AppState): boolean =>
  state.session !== null && state.registration.state === 'registered';

/** Who the agent is talking to: People name, else the number, else the SIP user part. */
export function callerLabel(call: CallInfo): string {
  const name = call.customerName?.trim();
  if (name) return name;
  const number = call.customerNumber?.trim();
  if (number) return number;
  const user = /^sips?:([^@;]+)/i.exec(call.remoteUri)?.[1];
  return user ?? call.remoteUri;
}

/** Removes control and bidi-override characters (caller names come from the network) and bounds the length. */
export function displaySafe(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/ {2,}/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
