// A small real file system for disk-full and read-only fault tests: a tmpfs mounted on a temp folder.
// Needs root (CI runs as root); `mountTmpfs` answers with the reason when mounting is not permitted.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Tmpfs {
  dir: string;
  /** Writes a filler file until the file system refuses (ENOSPC); returns the bytes it took. */
  fill(): number;
  /** Deletes the filler: space is back. */
  free(): void;
  readOnly(): void;
  readWrite(): void;
  unmount(): void;
}

const run = (...args: string[]) => execFileSync('mount', args, { stdio: 'pipe' });

/** Tries once to mount a tmpfs (to learn whether this machine permits it); null = permitted. */
export function tmpfsUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'tmpfs mounts need Linux';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root (CI runs as root)';
  try {
    mountTmpfs(64 * 1024).unmount();
    return null;
  } catch (e) {
    return `mount -t tmpfs is not permitted here: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
}

export function mountTmpfs(sizeBytes: number): Tmpfs {
  const dir = mkdtempSync(path.join(tmpdir(), 'tmpfs-'));
  run('-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0755`, 'tmpfs', dir);
  const filler = path.join(dir, 'filler.bin');
  let mounted = true;
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const block = Buffer.alloc(4096, 0xab);
      let n = 0;
      try {
        for (;;) n += writeSync(fd, block);
      } catch (e) {
        if ((e as { code?: string }).code !== 'ENOSPC') throw e;
      } finally {
        closeSync(fd);
      }
      return n;
    },
    free() {
      rmSync(filler, { force: true });
    },
    readOnly() { run('-o', 'remount,ro', dir); },
    readWrite() { run('-o', 'remount,rw', dir); },
    unmount() {
      if (!mounted) return;
      mounted = false;
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmdirSync(dir);
    },
  };
}
