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
}

type ProxyHandlers = Pick<BridgeHandlers, keyof typeof companionMethods>;

/** Text of the rating event on the conversation timeline. */
export const ratingText = (rating: number): string => `Call quality: ${rating}/5`;

export function createCompanionProxy({ session }: CompanionProxyDeps): ProxyHandlers {
  const need = () => {
    const s = session();
    if (!s) throw new BridgeError('not_signed_in', 'Sign in first.');
    return s;
  };
  return {
    myConversations: ({ openOnly }) => need().client.conversations({ open: openOnly ?? false, limit: 200 }),
    conversation: ({ id }) => need().client.conversation(id),
    updateConversation: ({ id, status, notes }) => need().client.updateConversation(id, { status, notes }),
    rateCall: ({ conversationId, rating }) => need().client.addNote(conversationId, ratingText(rating)),
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
  };
}
