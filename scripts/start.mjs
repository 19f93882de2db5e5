// Starts the product on the embedded default. With an Electron binary: the desktop app (which embeds the
// companion server on loopback). Without one (this is the case on machines that cannot download it):
// says so plainly, starts the companion server in demo mode and the web host, and prints the URL to open.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');

function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

let bin = electronBinary();
if (!bin && existsSync(path.join(electronDir, 'install.js')) && process.env.SOFTPHONE_NO_ELECTRON !== '1') {
  console.log('Electron binary not present yet: trying to download it (needs internet access)…');
  spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  bin = electronBinary();
}

const children = [];
const stopAll = () => { for (const c of children) c.kill('SIGTERM'); };
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);

if (bin && process.env.SOFTPHONE_NO_ELECTRON !== '1') {
  console.log(`Starting the desktop app (${bin})`);
  const app = spawn(bin, [path.join(root, 'dist/main/electron-main.cjs')], { stdio: 'inherit', cwd: root });
  children.push(app);
  app.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('No Electron binary could be found or downloaded on this machine, so the desktop window cannot open.');
  console.log('Starting the web host instead: the same main-process services, with the UI in your browser.');
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const waitListening = (child, name) => new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /^listening (\S+)$/m.exec(buf);
      if (m) resolve(m[1]);
    });
    child.stderr.pipe(process.stderr);
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  const companion = spawn(tsx, ['src/server/cli.ts', '--demo',
    '--port', process.env.COMPANION_PORT ?? '7400',
    '--data-dir', process.env.COMPANION_DATA_DIR ?? path.join(root, '.data', 'companion')], { cwd: root });
  children.push(companion);
  const companionUrl = await waitListening(companion, 'companion server');
  console.log(`Companion server (demo data): ${companionUrl}   supervisor page: ${companionUrl}/supervisor   customer page: ${companionUrl}/call`);
  // The local recording cache (crash-safe, uploaded in the background) lives beside the demo data.
  const recordingDir = process.env.SOFTPHONE_RECORDING_DIR ?? path.join(root, '.data', 'recordings');
  // Desktop settings (hotkeys, close to tray, language) survive a restart like the installed app's.
  const desktopDataDir = process.env.SOFTPHONE_DATA_DIR ?? path.join(root, '.data', 'desktop');
  const web = spawn(tsx, ['src/main/web-host/cli.ts', '--port', process.env.WEB_HOST_PORT ?? '7401', '--companion', companionUrl], { cwd: root, env: { ...process.env, SOFTPHONE_RECORDING_DIR: recordingDir, SOFTPHONE_DATA_DIR: desktopDataDir } });
  children.push(web);
  const webUrl = await waitListening(web, 'web host');
  console.log(`\nOpen the agent app in Chromium: ${webUrl}\nDemo sign-in: alice/alice or bob/bob (agents), sam/sam (supervisor). Ctrl+C stops everything.`);
  for (const c of children) c.on('exit', () => { stopAll(); process.exit(0); });
}
