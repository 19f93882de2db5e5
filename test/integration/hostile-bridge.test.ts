// Hostile input at the bridge (issue 9): through the web host's real /bridge WebSocket, every method of the
// contract refuses malformed arguments with a typed `invalid_arguments` error (property-based, fixed seed),
// names outside the contract (including prototype keys) are `unknown_method`, and the host keeps serving.
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { silentLogger } from '../../src/main/ports.js';
import { startWebHost, type WebHost } from '../../src/main/web-host/host.js';
import { startCompanion, type CompanionHandle } from '../../src/server/app.js';
import { contract, METHOD_NAMES } from '../../src/shared/contract.js';
import type { HostMessage } from '../../src/shared/ws-bridge-protocol.js';

let companion: CompanionHandle;
let host: WebHost;
let ws: WebSocket;
let nextId = 1;
const waiting = new Map<number, (m: Extract<HostMessage, { t: 'result' }>) => void>();

function invoke(method: string, args: unknown): Promise<Extract<HostMessage, { t: 'result' }>['envelope']> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer to ${method} within 10 s`)), 10_000);
    waiting.set(id, (m) => { clearTimeout(t); resolve(m.envelope); });
    ws.send(JSON.stringify({ t: 'invoke', id, method, args }));
  });
}

beforeAll(async () => {
  const staticDir = mkdtempSync(path.join(tmpdir(), 'hostile-bridge-static-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>x</title>');
  companion = await startCompanion({ host: '127.0.0.1', port: 0, dataDir: mkdtempSync(path.join(tmpdir(), 'hostile-bridge-')), demo: true });
  host = await startWebHost({ port: 0, companionUrl: companion.url, staticDir, logger: silentLogger });
  ws = new WebSocket(`${host.url.replace(/^http/, 'ws')}/bridge`, { origin: new URL(host.url).origin });
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as HostMessage;
    if (m.t === 'result') waiting.get(m.id)?.(m);
  });
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
}, 60_000);

afterAll(async () => {
  ws?.terminate();
  await host?.close();
  await companion?.close();
});

describe('bridge: every contract method rejects malformed arguments', () => {
  it('has methods to test', () => expect(METHOD_NAMES.length).toBeGreaterThan(10));

  it.each(METHOD_NAMES)('%s', async (method) => {
    const schema = contract.methods[method].args;
    let tried = 0;
    await fc.assert(fc.asyncProperty(
      fc.oneof(fc.anything(), fc.jsonValue(), fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue(), { maxKeys: 4 }),
        fc.constantFrom(null, [], '', 0, { callId: '' }, { callId: 'x'.repeat(201) }, { callId: 'c', extra: 1 }, { status: 'On hold' }, { tones: '9'.repeat(33), callId: 'c' })),
      async (raw) => {
        // JSON is what travels; only arguments the schema refuses are of interest here.
        const args: unknown = JSON.parse(JSON.stringify(raw ?? null) ?? 'null');
        if (schema.safeParse(args).success) return true;
        tried++;
        const env = await invoke(method, args);
        return !env.ok && env.error.code === 'invalid_arguments' && env.error.message.length > 0;
      },
    ), { seed: 9, numRuns: 60 });
    expect(tried).toBeGreaterThan(0);
  }, 60_000);
});

describe('bridge: nothing outside the contract', () => {
  it('unknown names, prototype keys and internals are refused as unknown_method', async () => {
    for (const name of ['noSuchMethod', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'eval', 'require', 'process', 'dispatch', '', 'getState ', 'GETSTATE', 'x'.repeat(100)]) {
      const env = await invoke(name, {});
      expect(env.ok, name).toBe(false);
      if (!env.ok) expect(['unknown_method', 'bad_message'], name).toContain(env.error.code);
    }
    const tooLong = await invoke('x'.repeat(101), {});
    expect(tooLong.ok).toBe(false);
    // Still serving.
    expect((await invoke('getState', {})).ok).toBe(true);
  });
});
