// How a caller is shown: the People name when known, otherwise the number alone.
import type { CallInfo } from '../../../../shared/contract.js';

/** The customer's number, or the user part of the remote SIP/tel URI when main did not give one. */
export function callerNumber(call: Pick<CallInfo, 'customerNumber' | 'remoteUri'>): string | null {
  if (call.customerNumber) return call.customerNumber;
  const m = /^(?:sips?|tel):([^@;?>]+)/i.exec(call.remoteUri.trim().replace(/^.*</, ''));
  if (!m?.[1]) return call.remoteUri.trim() || null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

export function callerName(call: Pick<CallInfo, 'customerName'>): string | null {
  const name = call.customerName?.trim();
  return name ? name : null;
}
