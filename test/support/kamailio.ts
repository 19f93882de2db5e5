// Starts Debian's Kamailio (no systemd) on free loopback ports as a third-party SIP server for interop tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';
import { ROOT } from './processes.js';

export const KAMAILIO_DOMAIN = 'softphone.test';
export const kamailioAvailable = () => existsSync('/usr/sbin/kamailio');

export interface Kamailio { wsUrl: string; sipPort: number; domain: string; pid: number; stop(): Promise<void>; output(): string }

export interface KamailioOptions {
  auth?: boolean;
  /** Rewrites the interop config before the start (benchmarks: more users, more connections). */
  configure?: (cfg: string) => string;
  /** Shared memory in MB (default 64). */
  sharedMemoryMb?: number;
  /** Fixed UDP/TCP SIP port (default: a free one). */
  sipPort?: number;
}

export async function startKamailio(opts: KamailioOptions = {}): Promise<Kamailio> {
  const wsPort = await freePort();
  const sipPort = opts.sipPort ?? await freePort();
  const runDir = mkdtempSync(path.join(tmpdir(), 'kamailio-'));
  let cfg = path.join(ROOT, 'test/fixtures/kamailio/kamailio.cfg');
  if (opts.configure) {
    const edited = path.join(runDir, 'kamailio.cfg');
    writeFileSync(edited, opts.configure(readFileSync(cfg, 'utf8')));
    cfg = edited;
  }
  const args = ['-DD', '-E', '-f', cfg, '-Y', runDir, '-m', String(opts.sharedMemoryMb ?? 64), '-M', '8', '-A', `WS_PORT=${wsPort}`, '-A', `SIP_PORT=${sipPort}`];
  if (opts.auth) args.push('-A', 'WITH_AUTH');
  const child = spawn('/usr/sbin/kamailio', args);
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(wsPort, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`kamailio did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    sipPort,
    domain: KAMAILIO_DOMAIN,
    pid: child.pid!,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(t);
    },
  };
}
