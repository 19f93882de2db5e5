// Starts the project's own CLIs (`npm run server`, `npm run web`) as child processes, the way an operator
// would, waits for their `listening <url>` line and stops them with SIGTERM.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

export interface Service {
  url: string;
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  /** SIGTERM, then wait for the exit code (SIGKILL after 10 s). */
  stop(): Promise<number | null>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `${prefix}-`));
}

export async function startService(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Service> {
  // Own process group: tsx runs the script in a child process, so a crash must kill the whole group.
  const child = spawn(TSX, [script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, detached: true });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not print "listening <url>" in 60 s:\n${out}`)), 60_000);
    const onData = () => {
      const m = /^listening (\S+)$/m.exec(out);
      if (m?.[1]) { clearTimeout(timer); child.stdout.off('data', onData); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`${script} exited (${code}) before listening:\n${out}`)); });
  });
  return {
    url,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const t = setTimeout(() => {
        try { process.kill(-child.pid!, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
      }, 10_000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
    async kill() {
      if (child.exitCode !== null) return;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      await exited;
    },
  };
}

export const startCompanionProcess = (dataDir: string, extra: string[] = []) =>
  startService('src/server/cli.ts', ['--demo', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, ...extra]);

export const startWebHostProcess = (companionUrl: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  startService('src/main/web-host/cli.ts', ['--port', '0', '--companion', companionUrl, ...extra], env);

/** Every descendant pid of `pid` (Linux /proc): `tsx` runs the server in a child node process. */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const kids = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const k of kids ? kids.split(/\s+/).map(Number) : []) out.push(k, ...descendants(k));
    }
  } catch { /* gone */ }
  return out;
}

/** A real crash: SIGKILL of the whole process tree (a SIGKILL of the `tsx` parent alone would leave the server running). */
export async function crash(service: Service): Promise<void> {
  const pids = descendants(service.child.pid!);
  await service.kill();
  for (const pid of pids) { try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ } }
}

/** Polls `fn` until it returns a truthy value (no fixed sleeps in tests). */
export async function waitFor<T>(fn: () => Promise<T> | T, what: string, timeoutMs = 15_000, everyMs = 250): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
