// What the agent typed as a call or transfer destination: an E.164 number (§7.3, §8.3), a short internal
// extension, or a SIP address / agent login. Numbers are normalised (spaces, dashes, dots, brackets
// dropped) so "+81 3-1234-5678" dials "+81312345678".

export type Destination =
  | { kind: 'e164'; value: string; display: string }
  | { kind: 'extension'; value: string }
  | { kind: 'sip'; value: string }
  | { kind: 'invalid'; reason: 'empty' | 'notE164' };

const E164 = /^\+[1-9]\d{6,14}$/;
const NUMBERISH = /^[+\d\s\-().]+$/;
const EXTENSION = /^\d{1,6}$/;
const SIP = /^(sips?:)?[A-Za-z0-9._~%!$&'*+=-]+(@[A-Za-z0-9.-]+(:\d+)?)?$/;

/** Groups an E.164 number for reading (display only; the compact form is what is dialled). */
export function formatE164(e164: string): string {
  const digits = e164.slice(1);
  // Country codes are 1–3 digits; a simple guess that reads well is enough for display (we send `value`).
  const ccLength = digits.startsWith('1') || digits.startsWith('7') ? 1 : /^(2[0-7]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58])/.test(digits) ? 2 : 3;
  const cc = digits.slice(0, ccLength);
  const rest = digits.slice(ccLength);
  if (cc === '1' && rest.length === 10) return `+1 ${rest.slice(0, 3)} ${rest.slice(3, 6)} ${rest.slice(6)}`;
  // Elsewhere: blocks of four from the right ("+81 3 1234 5678", "+44 20 7946 0000").
  const blocks: string[] = [];
  for (let end = rest.length; end > 0; end -= 4) blocks.unshift(rest.slice(Math.max(0, end - 4), end));
  return `+${cc} ${blocks.join(' ')}`.trim();
}

export function parseDestination(input: string): Destination {
  const text = input.trim();
  if (!text) return { kind: 'invalid', reason: 'empty' };
  if (NUMBERISH.test(text)) {
    const compact = text.replace(/[\s\-().]/g, '');
    if (compact.startsWith('+')) {
      return E164.test(compact) ? { kind: 'e164', value: compact, display: formatE164(compact) } : { kind: 'invalid', reason: 'notE164' };
    }
    if (EXTENSION.test(compact)) return { kind: 'extension', value: compact };
    if (compact.startsWith('00') && E164.test(`+${compact.slice(2)}`)) {
      const value = `+${compact.slice(2)}`;
      return { kind: 'e164', value, display: formatE164(value) };
    }
    return { kind: 'invalid', reason: 'notE164' };
  }
  return SIP.test(text) ? { kind: 'sip', value: text } : { kind: 'invalid', reason: 'notE164' };
}
