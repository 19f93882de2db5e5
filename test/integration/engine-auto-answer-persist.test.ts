// Auto-answer survives a restart (issue 3): the web host CLI with --data-dir keeps the agent's engine
// options in a settings file there; a restarted host reports the option in its state and applies it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { HostMessage } from '../../src/shared/ws-bridge-protocol.js';
import { startWebHostProcess, tempDir, type Service } from '../support/processes.js';

const running: Service[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});

async function invoke(hostUrl: string, method: string, args: unknown = {}): Promise<unknown> {
  const ws = new WebSocket(`${hostUrl.replace(/^http/, 'ws')}/bridge`, { origin: new URL(hostUrl).origin });
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  try {
    return await new Promise((resolve, reject) => {
      ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as HostMessage;
        if (m.t !== 'result' || m.id !== 1) return;
        if (m.envelope.ok) resolve(m.envelope.value); else reject(new Error(m.envelope.error.message));
      });
      ws.send(JSON.stringify({ t: 'invoke', id: 1, method, args }));
    });
  } finally {
    ws.terminate();
  }
}

const start = async (dataDir: string) => {
  // No companion is needed to change or read the option.
  const s = await startWebHostProcess('http://127.0.0.1:9', ['--data-dir', dataDir]);
  running.push(s);
  return s;
};

describe('auto-answer persistence', () => {
  it('is off by default, and once switched on it is still on after the host restarts', async () => {
    const dataDir = tempDir('engine-prefs');
    const first = await start(dataDir);
    expect(await invoke(first.url, 'getState')).not.toHaveProperty('autoAnswer', true);
    await invoke(first.url, 'setAutoAnswer', { on: true });
    expect(await invoke(first.url, 'getState')).toMatchObject({ autoAnswer: true });
    expect(JSON.parse(readFileSync(path.join(dataDir, 'engine-settings.json'), 'utf8'))).toEqual({ autoAnswer: true });
    await running.pop()!.stop();

    const second = await start(dataDir);
    expect(await invoke(second.url, 'getState')).toMatchObject({ autoAnswer: true });
    await invoke(second.url, 'setAutoAnswer', { on: false });
    await running.pop()!.stop();

    const third = await start(dataDir);
    // Off is the default state (the field is absent or false).
    expect(await invoke(third.url, 'getState')).not.toHaveProperty('autoAnswer', true);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'engine-settings.json'), 'utf8'))).toEqual({ autoAnswer: false });
  }, 120_000);
});
