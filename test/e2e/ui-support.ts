// Shared pieces of the UI browser tests: a private renderer build (other helpers rebuild dist/ while we
// run), a web host per agent over it, sign-in, keyboard navigation and the axe-core accessibility check.
import { build as viteBuild } from 'vite';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT, startWebHostProcess, tempDir, type Service } from '../support/processes.js';

export const AXE_PATH = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
export const SCREENSHOT_DIR = path.join(ROOT, 'artifacts', 'screenshots');

/** Builds the agent renderer into a temp dir so a concurrent `npm run build` cannot swap files under us. */
export async function buildRendererCopy(): Promise<string> {
  const outDir = tempDir('renderer-build');
  process.env.APP = 'renderer';
  await viteBuild({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
  delete process.env.APP;
  return outDir;
}

export const startAgentHost = (companionUrl: string, staticDir: string): Promise<Service> =>
  startWebHostProcess(companionUrl, ['--static', staticDir]);

export async function signIn(page: Page, url: string, user: string, password = user): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Login').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Password').press('Enter');
}

export const registered = (page: Page) => page.getByRole('status').filter({ hasText: /^Registered$/ });

/** Accessible-ish name of the focused element: aria-label, else its <label>, else its text. */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return '';
    const labelled = (el as HTMLInputElement).labels?.[0]?.textContent;
    return (el.getAttribute('aria-label') ?? labelled ?? el.textContent ?? '').trim();
  });
}

/** Presses Tab until the focused control is named `name` (keyboard-only reachability), then returns. */
export async function tabTo(page: Page, name: string, maxTabs = 40): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    if ((await focusedName(page)) === name) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`"${name}" was not reachable with Tab (last focused: "${await focusedName(page)}")`);
}

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** Runs axe-core in the page and returns the serious and critical violations. Needs bypassCSP on the context. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function ensureScreenshotDir(): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return SCREENSHOT_DIR;
}

/**
 * A page in a fresh 1280×800 context of `browser`, logging page errors; the context is pushed to `contexts`
 * for the suite's afterAll to close. `bypassCSP` is for axe-core, injected as an inline script, which the
 * app's CSP (rightly) forbids.
 */
export async function newContextPage(browser: Browser, contexts: BrowserContext[], options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...(options.bypassCSP ? { bypassCSP: true } : {}) });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
  return page;
}
