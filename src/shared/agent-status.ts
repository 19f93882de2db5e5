// Agent statuses, in a module of their own so REST shape modules (companion-*.ts) can use them while
// contract.ts spreads bridge modules that use those shapes (an import cycle would leave them undefined).
import { z } from 'zod';

export const AgentStatusSchema = z.enum(['Available', 'Busy', 'Away', 'Offline', 'On hold']);
export type AgentStatus = z.infer<typeof AgentStatusSchema>;
/** Statuses an agent may pick by hand (On hold and Busy-in-wrap-up are set by the system). */
export const SELECTABLE_STATUSES = ['Available', 'Busy', 'Away', 'Offline'] as const satisfies readonly AgentStatus[];
