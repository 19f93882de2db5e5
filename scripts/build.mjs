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

// Electron main is CJS (Electron loads its entry with require). Packages stay external (electron-builder ships
// node_modules, native modules must load from disk) except ESM-only ones, which a CJS bundle cannot require:
// those are bundled together with everything they import.
const ESM_ONLY = new Set(['sip.js', 'conf', 'electron-store']);
const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
const bundleEsmOnly = {
  name: 'bundle-esm-only',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || args.path === 'electron') return { external: true };
      if (args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      return ESM_ONLY.has(packageName(args.path)) ? undefined : { external: true };
    });
  },
};
// import.meta.dirname is mapped to __dirname for the bundle.
await esbuild({
  plugins: [bundleEsmOnly],
  entryPoints: [path.join(root, 'src/main/index.ts')],
  outfile: path.join(root, 'dist/main/electron-main.cjs'),
  bundle: true, platform: 'node', format: 'cjs', target: 'node20',
  sourcemap: true, logLevel: 'warning',
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
