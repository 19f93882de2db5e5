// The caller ID an INVITE presents to the external carrier (§7.3, §8.3), as a pure decision.
// - A phone-network customer transferred out keeps their own number (From untouched, no choice).
// - A WebRTC customer transferred out, or an agent's outbound call, shows an account number: the one the
//   agent chose, else the account's first ("automatic"). Both From and P-Asserted-Identity carry it, so
//   a carrier that trusts either shows the same number, and the agent's login never leaves the edge.
import type { NameAddr } from 'sip';

const E164 = /^\+[1-9][0-9]{6,14}$/;

export type CallerIdChange = { kind: 'keep' } | { kind: 'account'; number: string } | { kind: 'none' };

export function callerIdFor(input: {
  /** User part of the INVITE's From. */
  fromUser: string | undefined;
  /** Customer leg of a transfer (true) or an agent's own outbound call (false). */
  transfer: boolean;
  /** The agent's validated choice. */
  chosen: string | undefined;
  /** The account's first number. */
  automatic: string | undefined;
}): CallerIdChange {
  if (input.transfer && input.fromUser && E164.test(input.fromUser)) return { kind: 'keep' };
  const number = input.chosen ?? input.automatic;
  return number ? { kind: 'account', number } : { kind: 'none' };
}

/** Applies a caller-ID change to the copy of the INVITE that goes to the carrier (same tag, new URI). */
export function applyCallerId(headers: { from: NameAddr; [k: string]: unknown }, change: CallerIdChange, domain: string): void {
  if (change.kind !== 'account') return;
  const uri = `sip:${change.number}@${domain}`;
  headers.from = { uri, params: { ...headers.from.params } };
  headers['p-asserted-identity'] = `<${uri}>`;
}
