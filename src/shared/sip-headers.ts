// Call metadata the companion SIP edge adds to an INVITE it routes to an agent.
// The desktop engine reads them to fill the incoming-call modal (spec §8.1).
export const SIP_HEADER = {
  queue: 'X-Queue',
  callType: 'X-Call-Type',
  channel: 'X-Channel',
  customerNumber: 'X-Customer-Number',
  /** Percent-encoded UTF-8 (names are often Japanese). */
  customerName: 'X-Customer-Name',
  conversationId: 'X-Conversation-Id',
  companionCallId: 'X-Companion-Call-Id',
} as const;
