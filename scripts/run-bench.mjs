// `npm run bench`: runs every benchmark (bench/<name>/bench.ts), each printing one JSON line, appends the
// lines to bench/results/results.jsonl with the commit and date, and rewrites bench/results/latest.md.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const benches = readdirSync(path.join(root, 'bench'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'results' && existsSync(path.join(root, 'bench', d.name, 'bench.ts')))
  .map((d) => d.name)
  .filter((n) => only.length === 0 || only.includes(n));
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim() || 'unknown';
mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
const rows = [];
let failures = 0;
for (const name of benches) {
  const r = spawnSync(path.join(root, 'node_modules/.bin/tsx'), [path.join('bench', name, 'bench.ts')], { cwd: root, encoding: 'utf8', timeout: 15 * 60_000 });
  const line = (r.stdout ?? '').trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) {
    failures++;
    console.error(`bench ${name} failed (exit ${r.status}):\n${(r.stderr ?? '').slice(-2000)}`);
    continue;
  }
  const result = { bench: name, commit, date: new Date().toISOString(), ...JSON.parse(line) };
  console.log(JSON.stringify(result));
  appendFileSync(path.join(root, 'bench', 'results', 'results.jsonl'), JSON.stringify(result) + '\n');
  rows.push(result);
}
// latest.md shows the newest line of EVERY bench (a partial run such as `npm run bench -- acd` keeps the others).
const newest = new Map();
for (const l of readFileSync(path.join(root, 'bench', 'results', 'results.jsonl'), 'utf8').split('\n')) {
  if (!l.trim()) continue;
  try { const r = JSON.parse(l); newest.set(r.bench, r); } catch { /* a damaged line is skipped, not fatal */ }
}
const latest = [...newest.values()].sort((a, b) => a.bench.localeCompare(b.bench));
const md = ['| bench | date | commit | result |', '|---|---|---|---|',
  ...latest.map((r) => `| ${r.bench} | ${r.date.slice(0, 16).replace('T', ' ')} | ${r.commit} | \`${JSON.stringify({ ...r, bench: undefined, commit: undefined, date: undefined })}\` |`)];
if (rows.length) writeFileSync(path.join(root, 'bench', 'results', 'latest.md'), `Latest result of each bench (newest run: ${new Date().toISOString()} at ${commit})\n\n${md.join('\n')}\n`);
process.exit(failures ? 1 : 0);
