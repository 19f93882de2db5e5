// The whole test suite, as run by `npm test`, scripts/test.sh and CI:
// typecheck, lint, build, then every vitest project (unit, integration, e2e).
// Ends with one plain line `N passed, N failed[, N skipped]` summing all suites.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
let passed = 0, failed = 0, skipped = 0;

function step(name, cmd, args) {
  console.log(`\n=== ${name}: ${[path.basename(cmd), ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  const ok = r.status === 0;
  console.log(`=== ${name}: ${ok ? 'passed' : `FAILED (exit ${r.status ?? r.signal})`}`);
  if (ok) passed++;
  else failed++;
  return ok;
}

step('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
step('lint', bin('eslint'), ['.', '--max-warnings=0']);
step('build', process.execPath, ['scripts/build.mjs']);

const artifacts = path.join(root, 'artifacts');
mkdirSync(artifacts, { recursive: true });
const report = path.join(artifacts, 'vitest.json');
rmSync(report, { force: true });
const extra = process.argv.slice(2);
console.log('\n=== vitest: unit, integration, e2e');
spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${report}`, ...extra], {
  cwd: root, stdio: 'inherit', env: process.env,
});
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  // A test file that fails to load counts no test: count it as a failure so it cannot hide.
  const brokenFiles = r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  failed += brokenFiles;
} else {
  console.log('vitest wrote no report: counting it as one failure');
  failed++;
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
