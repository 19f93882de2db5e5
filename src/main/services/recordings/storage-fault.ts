// Which errors mean "the recording cache's disk cannot take writes right now" (full, read-only, failing)
// rather than a bug: those are survived by buffering in memory and retrying; anything else is rethrown.
export type StorageFault = 'full' | 'unwritable';

const FULL_ERRNO = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const UNWRITABLE_ERRNO = new Set(['EROFS', 'EACCES', 'EPERM', 'EIO', 'EBADF']);

/** Classifies a Node fs error (code `ENOSPC`…) or a better-sqlite3 SqliteError (code `SQLITE_FULL`…). */
export function storageFault(e: unknown): StorageFault | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (FULL_ERRNO.has(code) || code === 'SQLITE_FULL') return 'full';
  if (UNWRITABLE_ERRNO.has(code)) return 'unwritable';
  // SQLite reports a refused write() as an I/O error with the errno lost; READONLY covers a remounted disk.
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') return 'unwritable';
  return null;
}
