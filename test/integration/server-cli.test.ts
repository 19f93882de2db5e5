// `npm run server` as operators run it: flags and environment, one `listening <url>` line, clean SIGTERM.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, login } from '../support/companion-api.js';
import { ROOT, startService, tempDir } from '../support/processes.js';

describe('companion CLI', () => {
  it('demo mode: prints exactly one stdout line, serves the API, exits 0 on SIGTERM', async () => {
    const svc = await startService('src/server/cli.ts', ['--demo', '--host', '127.0.0.1', '--port', '0', '--data-dir', tempDir('cli-demo')]);
    let stdout = '';
    svc.child.stdout.on('data', (d) => { stdout += d; });
    try {
      expect(svc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await api<{ sipWebSocketUrl: string; sipDomain: string }>(svc.url, 'GET', '/api/health');
      expect(health.body.sipWebSocketUrl).toBe(`${svc.url.replace('http:', 'ws:')}/sip`);
      await login(svc.url, 'alice');
    } finally {
      expect(await svc.stop()).toBe(0);
    }
    // Everything after the listening line went to stderr.
    expect(stdout).toBe('');
    expect(svc.output().match(/^listening /gm)).toHaveLength(1);
  });

  it('production mode from environment: no demo users, bootstrap supervisor, custom SIP domain, UDP/TCP port', async () => {
    const svc = await startService('src/server/cli.ts', [], {
      COMPANION_HOST: '127.0.0.1', COMPANION_PORT: '0', COMPANION_DATA_DIR: tempDir('cli-prod'),
      COMPANION_SIP_DOMAIN: 'example.test', COMPANION_SIP_PORT: '0',
      COMPANION_ADMIN_LOGIN: 'admin', COMPANION_ADMIN_PASSWORD: 'a long enough password', COMPANION_DEMO: '',
    });
    try {
      expect((await api(svc.url, 'POST', '/api/login', undefined, { login: 'alice', password: 'alice' })).status).toBe(401);
      const token = await login(svc.url, 'admin', 'a long enough password');
      const me = await api<{ role: string; sipUri: string }>(svc.url, 'GET', '/api/me', token);
      expect(me.body).toMatchObject({ role: 'supervisor', sipUri: 'sip:admin@example.test' });
      expect(svc.output()).toMatch(/UDP\/TCP port \d+/);
    } finally {
      expect(await svc.stop()).toBe(0);
    }
  });

  it('refuses a bad configuration with a clear message and exit code 2', async () => {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/server/cli.ts', '--port', 'abc'], { cwd: ROOT, env: { ...process.env, COMPANION_DATA_DIR: '' } });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('Invalid configuration');
    expect(err).toContain('port');
    expect(err).toContain('dataDir');
  });
});
