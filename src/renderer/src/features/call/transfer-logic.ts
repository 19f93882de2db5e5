// Pure decisions of the transfer panel (§7), table-tested in transfer-logic.test.ts.
import type { CallInfo } from '../../../../shared/contract.js';
import type { Person } from '../../../../shared/companion-cc.js';
import { parseDestination } from '../../phone/destination.js';

/**
 * Caller ID for an external transfer (§7.3): a phone-network customer's own number is shown to the external
 * party (no choice); WebRTC customers have none, so the agent picks an account number or leaves it
 * automatic. WhatsApp calls cannot be transferred to a number at all.
 */
export type FromChoice = 'customer-number' | 'pick' | 'not-allowed';
export function fromChoice(channel: CallInfo['channel']): FromChoice {
  switch (channel) {
    case 'phone':
      return 'customer-number';
    case 'whatsapp':
      return 'not-allowed';
    case 'webrtc':
    case 'viber':
      return 'pick';
  }
}

/** What the Number field holds, given the phonebook suggestions for it. */
export type NumberInput =
  | { kind: 'empty' }
  | { kind: 'badNumber' }
  /** A phonebook entry matches (by number or by name): transfer to its number. */
  | { kind: 'phonebook'; number: string; name: string }
  /** A valid E.164 number not in the phonebook: the server decides (setting "allow numbers not in People"). */
  | { kind: 'typed'; number: string; display: string }
  /** A name with no phonebook entry: never transferable (only numbers can be added by hand). */
  | { kind: 'notFound' };

const NUMBERISH = /^[+\d\s\-().]+$/;

export function classifyNumberInput(input: string, suggestions: readonly Person[]): NumberInput {
  const text = input.trim();
  if (!text) return { kind: 'empty' };
  if (NUMBERISH.test(text)) {
    const d = parseDestination(text);
    if (d.kind !== 'e164') return { kind: 'badNumber' };
    const person = suggestions.find((p) => p.numbers.includes(d.value));
    return person ? { kind: 'phonebook', number: d.value, name: person.name } : { kind: 'typed', number: d.value, display: d.display };
  }
  const lower = text.toLowerCase();
  const person = suggestions.find((p) => p.name.toLowerCase() === lower && p.numbers.length > 0);
  return person ? { kind: 'phonebook', number: person.numbers[0]!, name: person.name } : { kind: 'notFound' };
}
