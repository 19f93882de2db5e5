import { describe, expect, it } from 'vitest';
import { csvCell, metadataCsv, metadataJson, RecordingMetadataSchema, type RecordingMetadata } from './recording-metadata.js';
import { checkQuota, monthlyQuotaBytes, monthBounds, quotaMonth } from './recording-quota.js';
import { DAY_MS, selectExpired } from './recording-retention.js';

const meta: RecordingMetadata = {
  recordingId: 'r1', fileName: 'c1_Alice_Bob_20260101000000.agent.webm', conversationId: 'c1', callId: 'call-1',
  agentName: 'Alice', endUserName: 'Bob "The Builder", Jr', endUserPhone: '+8190', direction: 'inbound', leg: 'agent',
  startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:01:00.000Z',
};

describe('metadata rendering', () => {
  it('renders CSV with a header and RFC 4180 quoting', () => {
    const csv = metadataCsv([meta]);
    expect(csv).toBe(
      'agent_name,end_user_name,end_user_phone,conversation_id,call_id,start_utc,end_utc,leg,direction,file_name\r\n'
      + 'Alice,"Bob ""The Builder"", Jr",+8190,c1,call-1,2026-01-01T00:00:00.000Z,2026-01-01T00:01:00.000Z,agent,inbound,c1_Alice_Bob_20260101000000.agent.webm\r\n',
    );
  });
  it.each([
    ['=1+1', `"'=1+1"`], ['@SUM(A1)', `"'@SUM(A1)"`], ['+81 3', '+81 3'], ['-cmd', `"'-cmd"`], ['-12', '-12'], [null, ''], ['a\nb', '"a\nb"'],
  ] as [string | null, string][])('guards cell %j', (input, out) => expect(csvCell(input)).toBe(out));

  it('renders JSON that round-trips through the schema', () => {
    expect(RecordingMetadataSchema.parse(JSON.parse(metadataJson(meta)))).toEqual(meta);
  });
});

describe('quota', () => {
  it('pools GB per licensed agent per month', () => {
    expect(monthlyQuotaBytes(5, 10)).toBe(50_000_000_000);
    expect(monthlyQuotaBytes(0.5, 2)).toBe(1_000_000_000);
    expect(() => monthlyQuotaBytes(-1, 1)).toThrow();
    expect(() => monthlyQuotaBytes(1, 1.5)).toThrow();
  });
  it('checks usage with a clear message', () => {
    const q = monthlyQuotaBytes(5, 10);
    expect(checkQuota(49_000_000_000, 1_000_000_000, q)).toEqual({ ok: true, remainingBytes: 0 });
    const r = checkQuota(49_000_000_000, 1_000_000_001, q);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/49\.00 GB of 50\.00 GB/);
  });
  it('counts by UTC month', () => {
    expect(quotaMonth(Date.UTC(2026, 1, 28, 23, 59))).toBe('2026-02');
    expect(monthBounds(Date.UTC(2026, 11, 15))).toEqual({ start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) });
  });
});

describe('retention with a fake clock', () => {
  const now = Date.UTC(2026, 5, 1);
  const items = [
    { id: 'old', createdAt: now - 31 * DAY_MS },
    { id: 'edge', createdAt: now - 30 * DAY_MS },
    { id: 'new', createdAt: now - 29 * DAY_MS },
  ];
  it('selects what reached the period', () => {
    expect(selectExpired(items, 30, now).map((i) => i.id)).toEqual(['old', 'edge']);
    expect(selectExpired(items, 30, now + DAY_MS).map((i) => i.id)).toEqual(['old', 'edge', 'new']);
    expect(selectExpired(items, 0, now)).toEqual([]);
    expect(() => selectExpired(items, -1, now)).toThrow();
  });
});
