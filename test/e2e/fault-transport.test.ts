// Fault tests (issue 9): the desktop's connection to the companion breaks and comes back.
// 1. The path (HTTP + SIP WebSocket) is cut for 10 s by a fault-injecting TCP proxy: registration recovers
//    on its own and a call afterwards is offered exactly once (no duplicate calls).
// 2. The companion process is killed (SIGKILL) and restarted on the same port and data: the desktop
//    re-registers and nothing written before the crash is lost on the server.
// The web host runs as its CLI; the test drives it through its /bridge socket as the renderer would.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { AppState } from '../../src/shared/contract.js';
import type { HostMessage } from '../../src/shared/ws-bridge-protocol.js';
import { api, login } from '../support/companion-api.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { freePort } from '../support/ports.js';
import { crash, startCompanionProcess, startWebHostProcess, tempDir, waitFor, type Service } from '../support/processes.js';
import { TestPhone } from '../integration/server-sip-ua.js';

/** The renderer's side of the bridge, enough to sign in and watch state. */
class BridgeClient {
  state: AppState | undefined;
  readonly callIds = new Set<string>();
  private nextId = 1;
  private readonly waiting = new Map<number, (m: Extract<HostMessage, { t: 'result' }>) => void>();
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as HostMessage;
      if (m.t === 'result') this.waiting.get(m.id)?.(m);
      else if (m.event === 'state') {
        this.state = m.payload as AppState;
        if (this.state.call) this.callIds.add(this.state.call.callId);
      }
    });
  }
  static async open(hostUrl: string): Promise<BridgeClient> {
    const ws = new WebSocket(`${hostUrl.replace(/^http/, 'ws')}/bridge`, { origin: new URL(hostUrl).origin });
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    return new BridgeClient(ws);
  }
  invoke(method: string, args: unknown = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`bridge ${method}: no answer in 30 s`)), 30_000);
      this.waiting.set(id, (m) => {
        clearTimeout(t);
        if (m.envelope.ok) resolve(m.envelope.value); else reject(new Error(`${method}: ${m.envelope.error.code} ${m.envelope.error.message}`));
      });
      this.ws.send(JSON.stringify({ t: 'invoke', id, method, args }));
    });
  }
  close() { this.ws.terminate(); }
}

const started: Array<{ stop(): Promise<unknown> } | { close(): Promise<void> }> = [];
const stopAll = async () => {
  for (const s of started.splice(0).reverse()) await ('stop' in s ? s.stop() : s.close()).catch(() => undefined);
};
afterEach(stopAll);
afterAll(stopAll);

const agentRegistered = async (companionUrl: string, user: string) => {
  const sam = await login(companionUrl, 'sam');
  const r = await api<{ agents: Array<{ login: string; registered: boolean }> }>(companionUrl, 'GET', '/api/agents', sam);
  return r.body.agents.find((a) => a.login === user)?.registered === true;
};

describe('fault: transport cut', () => {
  it('a 10 s cut of the WebSocket path: registration recovers, and the next call is offered once', async () => {
    const companion = await startCompanionProcess(tempDir('fault-cut'));
    started.push(companion);
    const realPort = new URL(companion.url).port;
    const proxy: FaultProxy = await startFaultProxy({ targetPort: Number(realPort) });
    started.push(proxy);
    // The companion advertises its own SIP WebSocket URL; make it point through the proxy too.
    proxy.rewriteWith(`127.0.0.1:${realPort}`, `127.0.0.1:${proxy.port}`);
    const web = await startWebHostProcess(proxy.url);
    started.push(web);
    const bridge = await BridgeClient.open(web.url);
    started.push({ close: async () => bridge.close() });

    await bridge.invoke('signIn', { login: 'alice', password: 'alice' });
    await waitFor(() => bridge.state?.registration.state === 'registered', 'registered before the cut', 30_000);
    await bridge.invoke('setStatus', { status: 'Available' });
    await waitFor(() => agentRegistered(companion.url, 'alice'), 'companion sees alice registered');

    proxy.cut();
    await waitFor(() => bridge.state?.registration.state !== 'registered', 'the desktop notices the cut', 30_000);
    await new Promise((r) => setTimeout(r, 10_000)); // the outage itself
    proxy.restore();

    await waitFor(() => bridge.state?.registration.state === 'registered', 'registered again after the cut', 60_000, 500);
    await waitFor(() => agentRegistered(companion.url, 'alice'), 'companion sees alice registered again', 30_000);
    await bridge.invoke('setStatus', { status: 'Available' });

    // A customer calls the queue (directly, not through the proxy): alice is offered it exactly once.
    const customer = await new TestPhone({ wsUrl: `${companion.url.replace(/^http/, 'ws')}/sip`, domain: 'softphone.test', user: 'customer' }).start();
    try {
      const { inviter } = customer.call('support');
      await waitFor(() => bridge.state?.call?.phase === 'ringing', 'alice rings', 30_000);
      expect(bridge.callIds.size).toBe(1);
      await inviter.cancel().catch(() => undefined);
      await waitFor(() => !bridge.state?.call || bridge.state.call.phase === 'ended', 'ringing stops', 30_000);
      expect(bridge.callIds.size).toBe(1);
    } finally { await customer.stop(); }
  }, 180_000);
});

describe('fault: companion killed and restarted', () => {
  it('the desktop re-registers after a SIGKILL + restart on the same port, and server data survives', async () => {
    const dataDir = tempDir('fault-kill');
    const port = await freePort();
    let companion: Service = await startCompanionProcess(dataDir, ['--port', String(port)]);
    started.push({ stop: () => companion.stop() });
    const web = await startWebHostProcess(companion.url);
    started.push(web);
    const bridge = await BridgeClient.open(web.url);
    started.push({ close: async () => bridge.close() });
    await bridge.invoke('signIn', { login: 'alice', password: 'alice' });
    await waitFor(() => bridge.state?.registration.state === 'registered', 'registered', 30_000);

    // Something written on the server before the crash.
    const sam = await login(companion.url, 'sam');
    expect((await api(companion.url, 'PUT', '/api/settings/wrapup', sam, { enabled: true, seconds: 42, allowExtension: true })).status).toBe(200);

    // A real crash: SIGKILL the whole process tree.
    await crash(companion);
    await waitFor(() => bridge.state?.registration.state !== 'registered', 'the desktop notices the crash', 30_000);
    companion = await startCompanionProcess(dataDir, ['--port', String(port)]);

    await waitFor(() => bridge.state?.registration.state === 'registered', 're-registered after the restart', 60_000, 500);
    await waitFor(() => agentRegistered(companion.url, 'alice'), 'companion sees alice registered again', 30_000);
    const sam2 = await login(companion.url, 'sam');
    const settings = await api<{ seconds: number }>(companion.url, 'GET', '/api/settings/wrapup', sam2);
    expect(settings.body.seconds).toBe(42);
  }, 180_000);
});
