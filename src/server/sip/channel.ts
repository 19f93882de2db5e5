// Which channel a routed call came in on (spec §2, §8.1). The transport says phone (UDP/TCP trunk) or
// WebRTC (WebSocket); a messaging-app gateway (WhatsApp/Viber business calls) or the customer page marks
// its calls with X-Channel. Only those two values are taken from the caller; anything else is ignored so a
// caller cannot claim an arbitrary channel.
import type { z } from 'zod';
import type { ChannelSchema } from '../../shared/contract.js';

export type Channel = z.infer<typeof ChannelSchema>;

const MESSAGING: ReadonlySet<string> = new Set(['whatsapp', 'viber']);

export function callChannel(header: unknown, transport: string): Channel {
  const claimed = typeof header === 'string' ? header.trim().toLowerCase() : '';
  if (MESSAGING.has(claimed)) return claimed as Channel;
  return /^wss?$/i.test(transport) ? 'webrtc' : 'phone';
}

/** Messaging-app calls keep the customer with the agent their conversation is assigned to (§4.6). */
export const isMessagingChannel = (c: Channel): boolean => MESSAGING.has(c);
