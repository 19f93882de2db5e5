// Media facts measured by Debian's ffprobe, not taken from the app.
import { execFileSync } from 'node:child_process';

/** Media duration from the packets themselves (MediaRecorder WebM has no duration header). */
export function mediaSeconds(file: string): number {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  let end = 0;
  for (const line of out.trim().split('\n')) {
    const [pts, dur] = line.split(',').map(Number);
    if (Number.isFinite(pts)) end = Math.max(end, pts! + (Number.isFinite(dur) ? dur! : 0));
  }
  return end;
}
