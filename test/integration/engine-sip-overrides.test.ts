// The installation's SIP settings (issue 3: server list and outbound proxy, validated with readable errors)
// through the web host CLI: a fallback server takes over when the companion's advertised SIP server cannot
// be reached; bad values stop the host at start with a message naming the field.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { AppState } from '../../src/shared/contract.js';
import type { HostMessage } from '../../src/shared/ws-bridge-protocol.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { freePort } from '../support/ports.js';
import { startCompanionProcess, startWebHostProcess, tempDir, waitFor, type Service } from '../support/processes.js';

const running: Array<Service | FaultProxy> = [];
afterEach(async () => {
  for (const s of running.splice(0).reverse()) await ('stop' in s ? s.stop() : s.close());
});

async function bridge(hostUrl: string) {
  const ws = new WebSocket(`${hostUrl.replace(/^http/, 'ws')}/bridge`, { origin: new URL(hostUrl).origin });
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  let state: AppState | undefined;
  const waiting = new Map<number, (m: Extract<HostMessage, { t: 'result' }>) => void>();
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as HostMessage;
    if (m.t === 'result') waiting.get(m.id)?.(m);
    else if (m.event === 'state') state = m.payload as AppState;
  });
  let id = 0;
  return {
    state: () => state,
    invoke: (method: string, args: unknown = {}) => new Promise<unknown>((resolve, reject) => {
      const n = ++id;
      waiting.set(n, (m) => (m.envelope.ok ? resolve(m.envelope.value) : reject(new Error(m.envelope.error.message))));
      ws.send(JSON.stringify({ t: 'invoke', id: n, method, args }));
    }),
    close: () => ws.terminate(),
  };
}

describe('SIP server list and outbound proxy of the installation', () => {
  it('a fallback SIP server takes over when the advertised one cannot be reached', async () => {
    const companion = await startCompanionProcess(tempDir('sip-overrides'));
    running.push(companion);
    const realPort = new URL(companion.url).port;
    // A dead port of the same length, so the proxy can rewrite /health's SIP address to it.
    let dead = String(await freePort());
    while (dead.length !== realPort.length) dead = String(await freePort());
    const proxy = await startFaultProxy({ targetPort: Number(realPort), rewrite: { from: `127.0.0.1:${realPort}`, to: `127.0.0.1:${dead}` } });
    running.push(proxy);
    const fallback = `ws://127.0.0.1:${realPort}/sip`;
    const web = await startWebHostProcess(proxy.url, ['--sip-fallback', fallback]);
    running.push(web);
    const b = await bridge(web.url);
    try {
      await b.invoke('signIn', { login: 'alice', password: 'alice' });
      await waitFor(() => b.state()?.registration.state === 'registered', 'registered through the fallback', 30_000);
      expect(web.output()).toContain(`127.0.0.1:${dead}`);
    } finally {
      b.close();
    }
  }, 90_000);

  it.each([
    [['--sip-fallback', 'http://sip.example.com'], 'The fallback SIP server #1 is not valid: must be a ws:// or wss:// address.'],
    [['--sip-outbound-proxy', 'proxy.example.com'], 'The outbound proxy is not valid: must be a SIP address such as sip:alice@example.com.'],
  ])('refuses %j at start with a readable message', async (args, message) => {
    await expect(startWebHostProcess('http://127.0.0.1:9', args)).rejects.toThrow(message);
  });
});
