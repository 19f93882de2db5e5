import { describe, expect, it } from 'vitest';
import { storageFault } from './storage-fault.js';

const err = (code: unknown) => Object.assign(new Error('x'), { code });

describe('storageFault', () => {
  it.each([
    ['ENOSPC', 'full'], ['EDQUOT', 'full'], ['EFBIG', 'full'], ['SQLITE_FULL', 'full'],
    ['EROFS', 'unwritable'], ['EACCES', 'unwritable'], ['EIO', 'unwritable'],
    ['SQLITE_READONLY', 'unwritable'], ['SQLITE_READONLY_DBMOVED', 'unwritable'], ['SQLITE_IOERR_WRITE', 'unwritable'],
    ['SQLITE_CANTOPEN', 'unwritable'],
    ['ENOENT', null], ['SQLITE_CONSTRAINT', null], ['recording_chunk_gap', null], [42, null],
  ])('%s → %s', (code, expected) => {
    expect(storageFault(err(code))).toBe(expected);
  });
  it('is null for things that are not errors with a code', () => {
    expect(storageFault(null)).toBeNull();
    expect(storageFault('ENOSPC')).toBeNull();
    expect(storageFault(new Error('ENOSPC'))).toBeNull();
  });
});
