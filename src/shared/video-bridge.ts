// Bridge schemas of one area (renderer ↔ main), spread into contract.ts like recording-bridge.ts.
import { z } from 'zod';

export const videoMethods = {} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

export const videoEvents = {} as const satisfies Record<string, z.ZodType>;
