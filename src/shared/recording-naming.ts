// Recording file names (spec §12.5): `<conversationID>_<agentName>_<endUser>_<UTCStartTime>`, each part
// sanitised so the name is valid on Windows, macOS and Linux file systems. `_` separates parts, so it is
// replaced inside parts; the leg of a separate-legs recording goes into a second extension
// (`<base>.agent.webm`) so the base name stays exactly as specified.

/** UTC `YYYYMMDDHHMMSS` (24 h). */
export function formatUtcStamp(epochMs: number): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) throw new Error(`Invalid recording start time: ${String(epochMs)}`);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
export const isWindowsReservedName = (name: string): boolean => WINDOWS_RESERVED.test(name);

/** Longest part in UTF-8 bytes; 4 parts stay well under the 255-byte name limit of ext4/APFS/NTFS. */
export const MAX_PART_BYTES = 60;

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

function truncateBytes(s: string, maxBytes: number): string {
  let out = '';
  for (const ch of s) { // by code point: never splits a surrogate pair
    if (utf8Length(out + ch) > maxBytes) break;
    out += ch;
  }
  return out;
}

/** Sanitises one name part; never returns an empty string. */
export function sanitiseNamePart(raw: string | null | undefined, fallback = 'unknown', maxBytes = MAX_PART_BYTES): string {
  let s = (raw ?? '').normalize('NFC').trim();
  s = s.replace(/\s+/gu, '-');
  s = s.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ''); // control, bidi/zero-width format chars, line separators
  s = s.replace(/[<>:"/\\|?*_]/g, '-'); // Windows-forbidden characters and our separator
  s = s.replace(/-{2,}/g, '-');
  s = truncateBytes(s, maxBytes);
  s = s.replace(/^[.\-\s]+/, '').replace(/[.\s-]+$/, ''); // hidden-file dot, option-like dash, Windows trailing dot/space
  if (s === '') return fallback;
  if (isWindowsReservedName(s)) s = `${s}-`;
  return s;
}

export interface RecordingNameInput {
  conversationId: string | null;
  callId: string;
  agentName: string;
  endUserName: string | null;
  endUserPhone: string | null;
  startedAt: number;
}

/** Base name without extension; the end user is their name when known, else their number. */
export function recordingBaseName(i: RecordingNameInput): string {
  const endUser = i.endUserName?.trim() ? i.endUserName : i.endUserPhone;
  return [
    sanitiseNamePart(i.conversationId ?? i.callId, 'conversation'),
    sanitiseNamePart(i.agentName, 'agent'),
    sanitiseNamePart(endUser, 'unknown'),
    formatUtcStamp(i.startedAt),
  ].join('_');
}

/** File name of one file of a recording: merged → `<base>.webm`, a leg → `<base>.<leg>.webm`. */
export function recordingFileName(base: string, leg: 'agent' | 'customer' | 'merged', ext: string): string {
  const e = ext.replace(/^\./, '').toLowerCase();
  if (!/^[a-z0-9]{1,8}$/.test(e)) throw new Error(`Invalid file extension: ${ext}`);
  return leg === 'merged' ? `${base}.${e}` : `${base}.${leg}.${e}`;
}
