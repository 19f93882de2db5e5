// Bridge schemas of one area (renderer ↔ main), spread into contract.ts like recording-bridge.ts.
import { z } from 'zod';

export const companionMethods = {} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

export const companionEvents = {} as const satisfies Record<string, z.ZodType>;
