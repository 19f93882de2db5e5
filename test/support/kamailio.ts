// Starts Debian's Kamailio (no systemd) on free loopback ports as a third-party SIP server for interop tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';
import { ROOT } from './processes.js';

export const KAMAILIO_DOMAIN = 'softphone.test';
export const kamailioAvailable = () => existsSync('/usr/sbin/kamailio');

export interface Kamailio { wsUrl: string; sipPort: number; domain: string; stop(): Promise<void>; output(): string }

export async function startKamailio(opts: { auth?: boolean } = {}): Promise<Kamailio> {
  const wsPort = await freePort();
  const sipPort = await freePort();
  const runDir = mkdtempSync(path.join(tmpdir(), 'kamailio-'));
  const cfg = path.join(ROOT, 'test/fixtures/kamailio/kamailio.cfg');
  const args = ['-DD', '-E', '-f', cfg, '-Y', runDir, '-m', '64', '-M', '8', '-A', `WS_PORT=${wsPort}`, '-A', `SIP_PORT=${sipPort}`];
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
