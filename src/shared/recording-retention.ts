// Retention (spec §12.7): recordings and deletion audit records are purged after their periods.
export const DAY_MS = 86_400_000;
export const DEFAULT_RECORDING_RETENTION_DAYS = 365;
export const DEFAULT_AUDIT_RETENTION_DAYS = 730;

/** Items whose age has reached the retention period at `now`; 0 days keeps forever. */
export function selectExpired<T extends { createdAt: number }>(items: readonly T[], retentionDays: number, now: number): T[] {
  if (!Number.isFinite(retentionDays) || retentionDays < 0) throw new Error(`Invalid retention period: ${retentionDays} days.`);
  if (retentionDays === 0) return [];
  const cutoff = now - retentionDays * DAY_MS;
  return items.filter((i) => i.createdAt <= cutoff);
}

export const retentionCutoff = (retentionDays: number, now: number): number | null =>
  retentionDays === 0 ? null : now - retentionDays * DAY_MS;
