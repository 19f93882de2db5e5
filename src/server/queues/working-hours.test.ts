import { describe, expect, it } from 'vitest';
import { WorkingHoursSchema, type WorkingHours } from '../../shared/companion-cc.js';
import { isOpen, localTime } from './working-hours.js';

const nineToSix = [{ from: '09:00', to: '18:00' }];
const tokyo: WorkingHours = {
  enabled: true,
  timeZone: 'Asia/Tokyo',
  weekly: { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix, sat: [{ from: '10:00', to: '12:00' }], sun: [] },
  exceptions: [
    { date: '2026-01-01', ranges: [] },
    { date: '2026-01-04', ranges: [{ from: '13:00', to: '15:00' }] },
  ],
};

describe('isOpen', () => {
  it.each<[string, boolean, string]>([
    // [instant (UTC), expected, why]
    ['2026-01-05T00:00:00Z', true, 'Mon 09:00 Tokyo = opening minute'],
    ['2026-01-04T23:59:00Z', false, 'Mon 08:59 Tokyo (still Sunday in UTC)'],
    ['2026-01-05T08:59:00Z', true, 'Mon 17:59 Tokyo'],
    ['2026-01-05T09:00:00Z', false, 'Mon 18:00 Tokyo: ranges end exclusive'],
    ['2026-01-10T01:30:00Z', true, 'Sat 10:30 Tokyo'],
    ['2026-01-10T03:00:00Z', false, 'Sat 12:00 Tokyo'],
    ['2026-01-11T02:00:00Z', false, 'Sun: no ranges'],
    ['2026-01-01T02:00:00Z', false, 'Thu 11:00 but New Year exception closes the day'],
    ['2026-01-04T04:30:00Z', true, 'Sunday exception opens 13:00–15:00'],
    ['2026-01-04T06:00:00Z', false, 'Sunday exception: 15:00 closed'],
  ])('%s → %s (%s)', (iso, expected) => {
    expect(isOpen(tokyo, new Date(iso))).toBe(expected);
  });

  it('a disabled schedule is always open', () => {
    expect(isOpen({ ...tokyo, enabled: false }, new Date('2026-01-11T02:00:00Z'))).toBe(true);
  });

  it('uses the schedule time zone, across DST (America/New_York)', () => {
    const ny: WorkingHours = { ...tokyo, timeZone: 'America/New_York', exceptions: [] };
    expect(isOpen(ny, new Date('2026-01-05T14:00:00Z'))).toBe(true); // 09:00 EST
    expect(isOpen(ny, new Date('2026-07-06T13:00:00Z'))).toBe(true); // 09:00 EDT
    expect(isOpen(ny, new Date('2026-01-05T13:30:00Z'))).toBe(false); // 08:30 EST
  });

  it('24:00 closes a range at midnight', () => {
    const late: WorkingHours = { ...tokyo, weekly: { ...tokyo.weekly, mon: [{ from: '20:00', to: '24:00' }] }, exceptions: [] };
    expect(isOpen(late, new Date('2026-01-05T14:59:00Z'))).toBe(true); // Mon 23:59 Tokyo
    expect(isOpen(late, new Date('2026-01-05T15:00:00Z'))).toBe(false); // Tue 00:00 Tokyo
  });

  it('localTime reports the local date and weekday', () => {
    expect(localTime(new Date('2026-01-04T23:59:00Z'), 'Asia/Tokyo')).toEqual({ date: '2026-01-05', weekday: 'mon', hhmm: '08:59' });
  });

  it('the schema rejects bad schedules with clear messages', () => {
    const bad = (patch: object) => WorkingHoursSchema.safeParse({ ...tokyo, ...patch }).error?.issues[0]?.message;
    expect(bad({ timeZone: 'Mars/Olympus' })).toBe('Unknown time zone.');
    expect(bad({ weekly: { ...tokyo.weekly, mon: [{ from: '18:00', to: '09:00' }] } })).toBe('A time range must end after it starts.');
    expect(bad({ weekly: { ...tokyo.weekly, mon: [{ from: '9:00', to: '18:00' }] } })).toBe('Times are "HH:MM" (00:00–24:00).');
    expect(WorkingHoursSchema.safeParse(tokyo).success).toBe(true);
  });
});
