// One-time transfer grants (spec §7). When an agent's REFER passes the edge and is authorised, the
// Refer-To URI gets `;xfer=<token>`; the customer's resulting INVITE carries it and is accepted without
// credentials, once, within a minute. Tokens are random and kept in memory (the edge is one process).
import { randomBytes } from 'node:crypto';
import type { Channel } from './channel.js';

export type TransferTarget =
  | { kind: 'agent'; userId: string; login: string; displayName: string }
  | { kind: 'queue'; queueId: string; name: string; displayName: string }
  | { kind: 'external'; number: string; displayName: string };

export interface TransferGrant {
  accountId: string;
  fromAgentId: string;
  target: TransferTarget;
  /** The conversation of the transferred call (if known). */
  conversationId: string | null;
  /** External transfers of WebRTC customers: the account number the agent chose as caller ID (§7.3). */
  callerId?: string;
  /** The transferred call's channel, carried to the new leg (the customer's follow-up INVITE does not say it). */
  channel?: Channel;
  expiresAt: number;
}

export const TRANSFER_PARAM = 'xfer';
const TTL_MS = 60_000;
const MAX_GRANTS = 1000;

export class TransferTokens {
  private readonly grants = new Map<string, TransferGrant>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(g: Omit<TransferGrant, 'expiresAt'>): string {
    this.sweep();
    if (this.grants.size >= MAX_GRANTS) {
      const oldest = this.grants.keys().next().value;
      if (oldest !== undefined) this.grants.delete(oldest);
    }
    const token = randomBytes(18).toString('base64url');
    this.grants.set(token, { ...g, expiresAt: this.now() + TTL_MS });
    return token;
  }

  /** Takes the grant (one use); undefined when unknown or expired. */
  redeem(token: string): TransferGrant | undefined {
    const g = this.grants.get(token);
    this.grants.delete(token);
    return g && g.expiresAt > this.now() ? g : undefined;
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, g] of this.grants) if (g.expiresAt <= now) this.grants.delete(k);
  }
}
