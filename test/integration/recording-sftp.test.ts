// SFTP export against a real OpenSSH server (Debian openssh-server) on a loopback port, with a temporary
// system user created for the test (needs root; skipped with the reason otherwise).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type CompanionHandle } from '../../src/server/app.js';
import { openDatabase } from '../../src/server/db/database.js';
import type { RecordingItem } from '../../src/shared/recording-api.js';
import { RecordingMetadataSchema } from '../../src/shared/recording-metadata.js';
import { api, login } from '../support/companion-api.js';
import { freePort } from '../support/ports.js';
import { waitFor } from '../support/processes.js';

const SSHD = '/usr/sbin/sshd';
const isRoot = process.getuid?.() === 0;
const skipReason = !existsSync(SSHD) ? 'openssh-server is not installed' : !isRoot ? 'creating a temporary SFTP user needs root' : '';
if (skipReason) console.warn(`recording-sftp: skipped (${skipReason})`);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!!skipReason)('SFTP export of recordings (real OpenSSH)', () => {
  const user = `recsftp${randomBytes(3).toString('hex')}`;
  const password = `pw-${randomBytes(9).toString('hex')}`;
  let work: string;
  let home: string;
  let sshd: ChildProcess | undefined;
  let sshPort: number;
  let c: CompanionHandle;
  let sam: string;
  let alice: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'rec-sftp-'));
    home = path.join(work, 'home');
    execFileSync('useradd', ['-M', '-d', home, '-s', '/bin/sh', user]);
    mkdirSync(home);
    execFileSync('chown', [`${user}:`, home]);
    execFileSync('chpasswd', { input: `${user}:${password}\n` });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(work, 'host_key')]);
    mkdirSync('/run/sshd', { recursive: true }); // privilege-separation directory sshd insists on
    chmodSync(work, 0o755);
    sshPort = await freePort();
    writeFileSync(path.join(work, 'sshd_config'), [
      `Port ${sshPort}`, 'ListenAddress 127.0.0.1', `HostKey ${path.join(work, 'host_key')}`, `PidFile ${path.join(work, 'sshd.pid')}`,
      'PasswordAuthentication yes', 'KbdInteractiveAuthentication no', 'PubkeyAuthentication no', 'UsePAM no', 'PermitRootLogin no',
      `AllowUsers ${user}`, 'StrictModes no', 'Subsystem sftp internal-sftp', 'LogLevel ERROR', '',
    ].join('\n'));
    sshd = spawn(SSHD, ['-D', '-e', '-f', path.join(work, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    sshd.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    await waitFor(() => new Promise<boolean>((resolve) => {
      const s = net.connect(sshPort, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    }), `sshd on ${sshPort} (${stderr})`, 15_000, 100);

    c = await startCompanion({ dataDir: path.join(work, 'data'), customerDistDir: path.join(work, 'no-dist') });
    sam = await login(c.url, 'sam');
    alice = await login(c.url, 'alice');
  });

  afterAll(async () => {
    await c?.close();
    if (sshd && sshd.exitCode === null) {
      const exited = new Promise((r) => sshd?.once('exit', r));
      sshd.kill('SIGTERM');
      await exited;
    }
    try { execFileSync('userdel', [user]); } catch { /* already gone */ }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function upload(body: Buffer, clientId: string): Promise<string> {
    const m = {
      recordingId: clientId, fileName: `conv-7_Alice_Bob_20261124070000.${clientId}.webm`.replace(`.${clientId}`, clientId === 'a' ? '.agent' : '.customer'),
      conversationId: 'conv-7', callId: 'call-7', agentName: 'Alice', endUserName: 'Bob', endUserPhone: '+8190',
      direction: 'outbound', leg: clientId === 'a' ? 'agent' : 'customer', startedAt: '2026-11-24T07:00:00.000Z', endedAt: '2026-11-24T07:00:42.000Z',
      mimeType: 'audio/webm',
    };
    const res = await fetch(`${c.url}/api/recordings/uploads/${clientId}`, {
      method: 'PUT', body: new Uint8Array(body),
      headers: {
        authorization: `Bearer ${alice}`, 'content-type': 'application/octet-stream', 'x-content-sha256': sha(body),
        'x-recording-metadata': Buffer.from(JSON.stringify(m)).toString('base64url'),
      },
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  it('refuses an incomplete SFTP configuration and never returns or stores the password in clear', async () => {
    const bad = await api<{ error: { message: string } }>(c.url, 'PUT', '/api/recordings/config', sam, { sftp: { enabled: true, host: '127.0.0.1', port: sshPort, path: 'x', username: user } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/password/);
    const ok = await api<{ sftp: Record<string, unknown> }>(c.url, 'PUT', '/api/recordings/config', sam, {
      sftp: { enabled: true, host: '127.0.0.1', port: sshPort, path: 'exports/recordings', username: user, password },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.sftp).toEqual({ enabled: true, host: '127.0.0.1', port: sshPort, path: 'exports/recordings', username: user, passwordSet: true });
    const db = await openDatabase(path.join(work, 'data'));
    const rows = await db.withTables<{ recording_config: { account_id: string; value: string } }>().selectFrom('recording_config').select('value').execute();
    await db.destroy();
    expect(rows.map((r) => r.value).join()).not.toContain(password);
    expect(rows.map((r) => r.value).join()).toContain('passwordSealed');
  });

  it('uploads each recording with its .json next to it', async () => {
    const agentLeg = randomBytes(20_000);
    const customerLeg = randomBytes(30_000);
    const ids = [await upload(agentLeg, 'a'), await upload(customerLeg, 'b')];
    for (const id of ids) {
      await waitFor(async () => (await api<RecordingItem>(c.url, 'GET', `/api/recordings/${id}`, sam)).body.sftp === 'done', `export of ${id}`, 20_000);
    }
    const dir = path.join(home, 'exports', 'recordings');
    expect(readdirSync(dir).sort()).toEqual([
      'conv-7_Alice_Bob_20261124070000.agent.json', 'conv-7_Alice_Bob_20261124070000.agent.webm',
      'conv-7_Alice_Bob_20261124070000.customer.json', 'conv-7_Alice_Bob_20261124070000.customer.webm',
    ]);
    expect(readFileSync(path.join(dir, 'conv-7_Alice_Bob_20261124070000.agent.webm')).equals(agentLeg)).toBe(true);
    expect(readFileSync(path.join(dir, 'conv-7_Alice_Bob_20261124070000.customer.webm')).equals(customerLeg)).toBe(true);
    const json = RecordingMetadataSchema.parse(JSON.parse(readFileSync(path.join(dir, 'conv-7_Alice_Bob_20261124070000.customer.json'), 'utf8')));
    expect(json).toMatchObject({
      fileName: 'conv-7_Alice_Bob_20261124070000.customer.webm', agentName: 'Alice', endUserName: 'Bob', endUserPhone: '+8190',
      conversationId: 'conv-7', callId: 'call-7', startedAt: '2026-11-24T07:00:00.000Z', endedAt: '2026-11-24T07:00:42.000Z', leg: 'customer',
    });
  });

  it('a wrong password marks the export failed with the reason, and a retry after fixing it succeeds', async () => {
    await api(c.url, 'PUT', '/api/recordings/config', sam, { sftp: { enabled: true, host: '127.0.0.1', port: sshPort, path: 'exports/second', username: user, password: 'wrong' } });
    const id = await upload(randomBytes(5000), 'c');
    const failed = await waitFor(async () => {
      const r = (await api<RecordingItem & { sftp: string }>(c.url, 'GET', `/api/recordings/${id}`, sam)).body;
      return r.sftp === 'failed' ? r : undefined;
    }, 'failed export', 20_000);
    expect(failed.sftp).toBe('failed');
    await api(c.url, 'PUT', '/api/recordings/config', sam, { sftp: { enabled: true, host: '127.0.0.1', port: sshPort, path: 'exports/second', username: user, password } });
    const retried = await api<RecordingItem>(c.url, 'POST', `/api/recordings/${id}/export`, sam);
    expect(retried.body.sftp).toBe('done');
    expect(readdirSync(path.join(home, 'exports', 'second'))).toHaveLength(2);
  });
});
