// Builds everything the app runs from dist/: the renderer and the customer page (Vite),
// and the Electron main + preload bundles (esbuild). Node-side services run from source via tsx.
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quiet = { logLevel: 'warn' };

for (const app of ['renderer', 'customer']) {
  process.env.APP = app;
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), ...quiet });
}
delete process.env.APP;

// Electron main: node_modules stay external (electron-builder ships them); CJS because Electron's
// main entry is loaded with require. import.meta.dirname is mapped to __dirname for the bundle.
await esbuild({
  entryPoints: [path.join(root, 'src/main/index.ts')],
  outfile: path.join(root, 'dist/main/electron-main.cjs'),
  bundle: true, platform: 'node', format: 'cjs', target: 'node20',
  packages: 'external', sourcemap: true, logLevel: 'warning',
  define: { 'import.meta.dirname': '__dirname', 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// Preload runs sandboxed: it may require only 'electron', so everything else is bundled in.
await esbuild({
  entryPoints: [path.join(root, 'src/preload/index.ts')],
  outfile: path.join(root, 'dist/preload/index.cjs'),
  bundle: true, platform: 'node', format: 'cjs', target: 'chrome120',
  external: ['electron'], sourcemap: true, logLevel: 'warning',
});
console.log('build ok: dist/renderer, dist/customer, dist/main, dist/preload');
