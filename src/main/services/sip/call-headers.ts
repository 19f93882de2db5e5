// Reads the call metadata the companion SIP edge adds to an INVITE (src/shared/sip-headers.ts) into the
// fields of CallInfo. Headers come from the network: every value is bounded, cleaned and defaulted.
import { CallTypeSchema, ChannelSchema, type CallInfo } from '../../../shared/contract.js';
import { SIP_HEADER } from '../../../shared/sip-headers.js';

const MAX_VALUE = 200;

export interface CallHeaderFields {
  queue: string | null;
  callType: CallInfo['callType'];
  channel: CallInfo['channel'];
  customerNumber: string | null;
  customerName: string | null;
  conversationId: string | null;
  companionCallId: string | null;
}

/** Trims, drops control characters and bounds the length; empty → null. */
export function cleanValue(raw: string | undefined | null): string | null {
  if (raw === undefined || raw === null) return null;
  // eslint-disable-next-line no-control-regex
  const v = raw.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, MAX_VALUE);
  return v === '' ? null : v;
}

/** Percent-decodes UTF-8 (names are often Japanese); a malformed encoding is shown as received. */
export function decodePercent(raw: string | undefined | null): string | null {
  const v = cleanValue(raw);
  if (v === null) return null;
  try {
    return cleanValue(decodeURIComponent(v));
  } catch {
    return v;
  }
}

/**
 * @param header - returns the first value of a header (case-insensitive), or undefined.
 * @param fromUser - the user part of the From URI, the number of last resort.
 */
export function readCallHeaders(header: (name: string) => string | undefined, fromUser: string | undefined): CallHeaderFields {
  const callType = CallTypeSchema.safeParse(cleanValue(header(SIP_HEADER.callType))?.toLowerCase());
  const channel = ChannelSchema.safeParse(cleanValue(header(SIP_HEADER.channel))?.toLowerCase());
  return {
    queue: cleanValue(header(SIP_HEADER.queue)),
    callType: callType.success ? callType.data : 'normal',
    channel: channel.success ? channel.data : 'phone',
    customerNumber: decodePercent(header(SIP_HEADER.customerNumber)) ?? decodePercent(fromUser),
    customerName: decodePercent(header(SIP_HEADER.customerName)),
    conversationId: cleanValue(header(SIP_HEADER.conversationId)),
    companionCallId: cleanValue(header(SIP_HEADER.companionCallId)),
  };
}
