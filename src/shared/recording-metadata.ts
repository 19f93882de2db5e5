// Metadata that travels with every recording (spec §12.5): `.csv` with a server download, `.json`
// next to each file exported to SFTP. Pure rendering; the shape is shared by desktop and server.
import { z } from 'zod';
import { RecordingLegSchema } from './recording-policy.js';

export const RecordingMetadataSchema = z.object({
  recordingId: z.string().min(1).max(100),
  fileName: z.string().min(1).max(255),
  conversationId: z.string().max(200).nullable(),
  callId: z.string().min(1).max(200),
  agentName: z.string().max(200),
  endUserName: z.string().max(200).nullable(),
  endUserPhone: z.string().max(100).nullable(),
  direction: z.enum(['inbound', 'outbound']),
  leg: RecordingLegSchema,
  /** ISO 8601 UTC. */
  startedAt: z.string(),
  endedAt: z.string(),
}).strict();
export type RecordingMetadata = z.infer<typeof RecordingMetadataSchema>;

export const CSV_COLUMNS = [
  ['agent_name', 'agentName'],
  ['end_user_name', 'endUserName'],
  ['end_user_phone', 'endUserPhone'],
  ['conversation_id', 'conversationId'],
  ['call_id', 'callId'],
  ['start_utc', 'startedAt'],
  ['end_utc', 'endedAt'],
  ['leg', 'leg'],
  ['direction', 'direction'],
  ['file_name', 'fileName'],
] as const satisfies readonly (readonly [string, keyof RecordingMetadata])[];

/**
 * RFC 4180 cell. Cells a spreadsheet would run as a formula get a leading apostrophe; a phone number
 * such as `+81…` is left alone since `+` followed by a digit is not a formula.
 */
export function csvCell(value: string | null): string {
  let v = value ?? '';
  if (/^[=@\t\r]/.test(v) || /^[+-][^0-9\s]/.test(v)) v = `'${v}`;
  return /[",\r\n']/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function metadataCsv(rows: readonly RecordingMetadata[]): string {
  const header = CSV_COLUMNS.map(([h]) => h).join(',');
  const lines = rows.map((m) => CSV_COLUMNS.map(([, k]) => csvCell(m[k])).join(','));
  return [header, ...lines].join('\r\n') + '\r\n';
}

export function metadataJson(m: RecordingMetadata): string {
  return JSON.stringify(m, null, 2) + '\n';
}

export const isoUtc = (epochMs: number): string => new Date(epochMs).toISOString();
