// Bridge handlers that proxy the companion REST API for the UI (issue 5): conversations ("My work",
// wrap-up), People search, account numbers, queues, the outbound check (§8.3) and transfer targets (§7).
// The client validates every answer with the shared schemas and turns failures into BridgeErrors whose
// message the agent can read; this module only adds the "signed in?" guard and small reshaping.
import type { BridgeHandlers } from '../../../shared/bridge.js';
import { BridgeError } from '../../../shared/contract.js';
import type { companionMethods } from '../../../shared/companion-bridge.js';
import type { CompanionClient } from './client.js';

export interface CompanionProxyDeps {
  /** The signed-in client and the agent's id, or null when signed out. */
  session: () => { client: CompanionClient; agentId: string } | null;
  /** The companion's id of a (recent) call, by the desktop's call id. */
  serverCallId: (callId: string) => string | null;
}

/** How many of my newest conversations are searched for a call's conversation. */
const CALL_SEARCH_ROWS = 10;

type ProxyHandlers = Pick<BridgeHandlers, keyof typeof companionMethods>;

/** Text of the rating event on the conversation timeline. */
export const ratingText = (rating: number): string => `Call quality: ${rating}/5`;

export function createCompanionProxy({ session, serverCallId }: CompanionProxyDeps): ProxyHandlers {
  const need = () => {
    const s = session();
    if (!s) throw new BridgeError('not_signed_in', 'Sign in first.');
    return s;
  };
  return {
    myConversations: ({ openOnly }) => need().client.conversations({ open: openOnly ?? false, limit: 200 }),
    conversation: ({ id }) => need().client.conversation(id),
    updateConversation: ({ id, status, notes }) => need().client.updateConversation(id, { status, notes }),
    rateCall: async ({ callId, conversationId, rating }) => {
      const { client } = need();
      const id = conversationId ?? (await conversationOfCall(client, serverCallId(callId) ?? callId));
      if (!id) throw new BridgeError('no_conversation', 'This call has no conversation to rate.');
      await client.addNote(id, ratingText(rating));
    },
    searchPeople: ({ query, tag, limit }) => need().client.searchPeople({ query: query.trim(), tag, limit: limit ?? 10 }),
    accountNumbers: () => need().client.accountNumbers(),
    myQueues: async () => {
      const { client, agentId } = need();
      // Supervisors see every queue of the account; outbound calls only go out through the caller's own (§8.3).
      const { queues } = await client.queues();
      return {
        queues: queues.filter((q) => q.members.some((m) => m.id === agentId)).map(({ id, name, displayName }) => ({ id, name, displayName })),
      };
    },
    outboundCheck: ({ to }) => need().client.outboundCheck(to),
    transferTargets: () => need().client.transferTargets(),
    transferCheck: ({ target }) => need().client.transferCheck(target),
    listForms: () => need().client.forms(),
    saveConversationForm: ({ conversationId, formId, values }) => need().client.saveConversationForm(conversationId, { formId, values }),
  };
}

/** The conversation whose timeline records `serverCallId` (the server logs every call's start with its id). */
async function conversationOfCall(client: CompanionClient, serverCallId: string): Promise<string | null> {
  const { conversations } = await client.conversations({ limit: CALL_SEARCH_ROWS });
  for (const c of conversations) {
    const d = await client.conversation(c.id);
    if (d.events.some((e) => e.data.callId === serverCallId)) return c.id;
  }
  return null;
}
