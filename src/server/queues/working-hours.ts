// Whether a queue is open at an instant (spec §4.5): weekly ranges in the queue's time zone, with
// per-date exceptions replacing the weekly ranges of that date. Pure; the clock is an argument.
import { WEEKDAYS, type WorkingHours } from '../../shared/companion-cc.js';

interface LocalTime { date: string; weekday: typeof WEEKDAYS[number]; hhmm: string }

const WEEKDAY_BY_SHORT: Record<string, typeof WEEKDAYS[number]> = {
  Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun',
};

export function localTime(date: Date, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    weekday: WEEKDAY_BY_SHORT[get('weekday')] ?? 'mon',
    hhmm: `${get('hour')}:${get('minute')}`,
  };
}

/** Ranges are [from, to): open at 09:00 with "09:00–17:00", closed at 17:00. */
export function isOpen(schedule: WorkingHours, at: Date): boolean {
  if (!schedule.enabled) return true;
  const t = localTime(at, schedule.timeZone);
  const exception = schedule.exceptions.find((e) => e.date === t.date);
  const ranges = exception ? exception.ranges : schedule.weekly[t.weekday];
  return ranges.some((r) => t.hhmm >= r.from && t.hhmm < r.to);
}
