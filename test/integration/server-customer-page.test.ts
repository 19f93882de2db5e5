// The customer call-link page served by the companion, in Debian's Chromium with fake devices, calling the
// support queue; the agent is a small sip.js phone in another Chromium page. Real SIP through the edge and
// real WebRTC audio both ways. The page is built into a temp dir with the project's Vite config.
import { build as esbuild } from 'esbuild';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type CompanionHandle } from '../../src/server/app.js';
import { chromiumAvailable, launchChromium } from '../support/chromium.js';
import { api, login } from '../support/companion-api.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const tmp = (p: string) => mkdtempSync(path.join(tmpdir(), `${p}-`));

// A minimal agent phone for the browser (registers, rings, answers, reports audio stats).
const AGENT_SOURCE = `
import { Registerer, SessionState, UserAgent } from 'sip.js';
const w = window;
w.agent = {
  incoming: null, headers: {}, state: 'idle',
  async start(ws, domain, login) {
    const ua = new UserAgent({
      uri: UserAgent.makeURI('sip:' + login + '@' + domain), transportOptions: { server: ws },
      authorizationUsername: login, authorizationPassword: login, logLevel: 'warn',
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 1000 },
      delegate: { onInvite: (inv) => {
        w.agent.incoming = inv;
        w.agent.headers = { queue: inv.request.getHeader('X-Queue'), name: inv.request.getHeader('X-Customer-Name'), channel: inv.request.getHeader('X-Channel') };
        inv.stateChange.addListener((s) => { w.agent.state = s; if (s === SessionState.Established) {
          const a = document.createElement('audio'); a.autoplay = true; a.srcObject = inv.sessionDescriptionHandler.remoteMediaStream; document.body.append(a);
        } });
      } },
    });
    await ua.start();
    const reg = new Registerer(ua, { expires: 300 });
    await new Promise((resolve, reject) => {
      reg.stateChange.addListener((s) => { if (s === 'Registered') resolve(); });
      reg.register({ requestDelegate: { onReject: (r) => reject(new Error('REGISTER ' + r.message.statusCode)) } }).catch(reject);
    });
  },
  answer() { return w.agent.incoming.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } }); },
  async stats() {
    const pc = w.agent.incoming && w.agent.incoming.sessionDescriptionHandler && w.agent.incoming.sessionDescriptionHandler.peerConnection;
    if (!pc) return null;
    const out = { bytesReceived: 0, totalAudioEnergy: 0, bytesSent: 0 };
    (await pc.getStats()).forEach((r) => {
      if (r.type === 'inbound-rtp' && r.kind === 'audio') { out.bytesReceived += r.bytesReceived || 0; out.totalAudioEnergy += r.totalAudioEnergy || 0; }
      if (r.type === 'outbound-rtp' && r.kind === 'audio') out.bytesSent += r.bytesSent || 0;
    });
    return out;
  },
};
`;

type Stats = { bytesReceived: number; totalAudioEnergy: number; bytesSent: number } | null;

describe.skipIf(!chromiumAvailable())('customer call page', () => {
  let companion: CompanionHandle;
  let browser: Browser;
  let agentServer: http.Server;
  let agentUrl = '';

  beforeAll(async () => {
    const dist = tmp('customer-dist');
    process.env.APP = 'customer';
    await viteBuild({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'error', build: { outDir: dist, emptyOutDir: true, sourcemap: false } });
    delete process.env.APP;
    companion = await startCompanion({ dataDir: tmp('companion-page'), customerDistDir: dist });

    const bundle = await esbuild({ stdin: { contents: AGENT_SOURCE, resolveDir: ROOT, loader: 'js' }, bundle: true, format: 'iife', write: false, platform: 'browser', logLevel: 'error' });
    const js = bundle.outputFiles[0]!.text;
    agentServer = http.createServer((req, res) => {
      if (req.url === '/agent.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(js); return; }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>agent</title><script src="/agent.js"></script>');
    });
    await new Promise<void>((r) => agentServer.listen(0, '127.0.0.1', r));
    agentUrl = `http://127.0.0.1:${(agentServer.address() as { port: number }).port}/`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => agentServer?.close(r));
    await companion?.close();
  });

  async function openAgent(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (e) => console.log(`[agent pageerror] ${e.message}`));
    await page.goto(agentUrl);
    await page.evaluate(([ws, domain]) => (window as any).agent.start(ws, domain, 'alice'), [companion.sipWebSocketUrl, companion.sipDomain]);
    await api(companion.url, 'PUT', '/api/me/status', await login(companion.url, 'alice'), { status: 'Available' });
    return page;
  }

  it('"Start voice call" reaches an agent of the support queue, audio flows both ways, "Hang up" ends it', async () => {
    const agent = await openAgent();
    const customer = await (await browser.newContext()).newPage();
    customer.on('pageerror', (e) => console.log(`[customer pageerror] ${e.message}`));
    const cspViolations: string[] = [];
    customer.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });

    const res = await customer.goto(`${companion.url}/call`);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
    await customer.getByLabel(/Your name/).fill('佐藤 花子');
    await customer.getByRole('button', { name: 'Start voice call' }).click();
    await customer.getByRole('status').filter({ hasText: 'Calling…' }).waitFor({ timeout: 10_000 });

    await agent.waitForFunction(() => (window as any).agent.incoming !== null, undefined, { timeout: 20_000 });
    const headers = await agent.evaluate(() => (window as any).agent.headers);
    expect(headers.queue).toBe('Support');
    expect(headers.channel).toBe('webrtc');
    expect(decodeURIComponent(headers.name)).toBe('佐藤 花子');
    await agent.evaluate(() => (window as any).agent.answer());

    await customer.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });
    const customerStats = () => customer.evaluate(() => (window as any).__customerDebug.stats() as Promise<Stats>);
    const agentStats = () => agent.evaluate(() => (window as any).agent.stats() as Promise<Stats>);
    await expect.poll(async () => { const s = await customerStats(); return !!s && s.bytesReceived > 0 && s.totalAudioEnergy > 0 && s.bytesSent > 0; }, { timeout: 20_000 }).toBe(true);
    await expect.poll(async () => { const s = await agentStats(); return !!s && s.bytesReceived > 0 && s.totalAudioEnergy > 0; }, { timeout: 20_000 }).toBe(true);

    await customer.getByRole('button', { name: 'Hang up' }).click();
    await customer.getByRole('status').filter({ hasText: 'Call ended' }).waitFor({ timeout: 15_000 });
    await agent.waitForFunction(() => (window as any).agent.state === 'Terminated', undefined, { timeout: 15_000 });
    await customer.getByRole('button', { name: 'Start voice call' }).waitFor({ timeout: 5_000 });
    expect(cspViolations).toEqual([]);
    await agent.context().close();
    await customer.context().close();
  });

  it('the customer can give up while the agent\'s phone rings', async () => {
    // Alice is in wrap-up after the previous call; end it so she rings.
    await api(companion.url, 'POST', '/api/me/wrapup/finish', await login(companion.url, 'alice'));
    const agent = await openAgent();
    const customer = await (await browser.newContext()).newPage();
    await customer.goto(`${companion.url}/call/`);
    await customer.getByRole('button', { name: 'Start voice call' }).click();
    await agent.waitForFunction(() => (window as any).agent.incoming !== null, undefined, { timeout: 20_000 });
    // The customer gives up before anyone answers.
    await customer.getByRole('button', { name: 'Hang up' }).click();
    await customer.getByRole('status').filter({ hasText: 'Call ended' }).waitFor({ timeout: 15_000 });
    await agent.waitForFunction(() => (window as any).agent.state === 'Terminated', undefined, { timeout: 15_000 });
    await agent.context().close();
    await customer.context().close();
  });
});
