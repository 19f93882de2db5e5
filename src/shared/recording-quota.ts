// Fair-use quota (spec §12.4): GB per licensed agent per month, pooled per account
// (5 GB × 10 agents = 50 GB a month). GB is decimal (10^9 bytes), as storage is sold.
export const BYTES_PER_GB = 1_000_000_000;
export const DEFAULT_GB_PER_AGENT = 5;

export function monthlyQuotaBytes(gbPerAgent: number, licensedAgents: number): number {
  if (!(gbPerAgent >= 0) || !Number.isFinite(gbPerAgent)) throw new Error(`Invalid quota: ${gbPerAgent} GB per agent.`);
  if (!Number.isInteger(licensedAgents) || licensedAgents < 0) throw new Error(`Invalid number of licensed agents: ${licensedAgents}.`);
  return Math.round(gbPerAgent * BYTES_PER_GB) * licensedAgents;
}

/** `YYYY-MM` of the UTC month an upload counts against. */
export function quotaMonth(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function monthBounds(epochMs: number): { start: number; end: number } {
  const d = new Date(epochMs);
  return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
}

const gb = (bytes: number): string => `${(bytes / BYTES_PER_GB).toFixed(2)} GB`;

export type QuotaCheck = { ok: true; remainingBytes: number } | { ok: false; message: string };

export function checkQuota(usedBytes: number, incomingBytes: number, quotaBytes: number): QuotaCheck {
  if (usedBytes + incomingBytes <= quotaBytes) return { ok: true, remainingBytes: quotaBytes - usedBytes - incomingBytes };
  return {
    ok: false,
    message: `The account's recording quota for this month is used up (${gb(usedBytes)} of ${gb(quotaBytes)}; this file needs ${gb(incomingBytes)}). `
      + 'Ask the administrator to raise the quota or license more agents; the recording stays on the desktop and is retried.',
  };
}
