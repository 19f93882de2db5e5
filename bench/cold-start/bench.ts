// Cold-start benchmark (issue 9): web host process start → UI interactive (sign-in form usable) → signed in
// and "Registered", in Debian's Chromium, against a companion started once. Reference in the same run: a
// bare Node static server process start → a blank page loaded in the same browser (the floor any host pays).
// Needs `npm run build` (dist/renderer). Prints ONE JSON line. `npm run bench cold-start`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchChromium } from '../../test/support/chromium.js';
import { ROOT, startCompanionProcess, startWebHostProcess, tempDir } from '../../test/support/processes.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
if (!existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build` first.');

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return Math.round(s[Math.floor(s.length / 2)]!); };

const companion = await startCompanionProcess(tempDir('bench-cold'));
const browser = await launchChromium();
const host: number[] = []; const ui: number[] = []; const registered: number[] = []; const ref: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    // --- the product: web host process → sign-in form → Registered
    const t0 = performance.now();
    const web = await startWebHostProcess(companion.url);
    host.push(performance.now() - t0);
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(web.url);
    await page.getByLabel('Login').waitFor({ state: 'visible', timeout: 30_000 });
    ui.push(performance.now() - t0);
    await page.getByLabel('Login').fill(i % 2 ? 'bob' : 'alice');
    await page.getByLabel('Password').fill(i % 2 ? 'bob' : 'alice');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').filter({ hasText: /^Registered$/ }).waitFor({ timeout: 30_000 });
    registered.push(performance.now() - t0);
    await ctx.close();
    await web.stop();

    // --- reference: a bare static server process (same Node, no TypeScript loader) → blank page
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-cold-ref-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>ref</title><input aria-label="Login">');
    const script = `const h=require('http'),f=require('fs');const s=h.createServer((q,r)=>{r.setHeader('content-type','text/html');r.end(f.readFileSync(${JSON.stringify(path.join(dir, 'index.html'))}))}).listen(0,'127.0.0.1',()=>console.log('listening http://127.0.0.1:'+s.address().port))`;
    const r0 = performance.now();
    const child = spawn(process.execPath, ['-e', script]);
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => { out += d; const m = /listening (\S+)/.exec(out); if (m) resolve(m[1]!); });
      child.on('exit', (c) => reject(new Error(`reference server exited ${c}`)));
    });
    const rctx = await browser.newContext();
    const rpage = await rctx.newPage();
    await rpage.goto(url);
    await rpage.getByLabel('Login').waitFor({ state: 'visible' });
    ref.push(performance.now() - r0);
    await rctx.close();
    child.kill('SIGTERM');
  }
} finally {
  await browser.close();
  await companion.stop();
}
console.log(JSON.stringify({
  runs: RUNS,
  hostListeningMs: median(host), uiInteractiveMs: median(ui), registeredMs: median(registered),
  reference: { bareServerPageMs: median(ref) },
  ratioUiToReference: +(median(ui) / median(ref)).toFixed(2),
}));
