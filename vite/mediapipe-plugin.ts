// Vite plugin for the video effects: ships MediaPipe's scripts, wasm and models next to the
// renderer under `<outDir>/mediapipe/<package>/` (and serves them in `vite dev`), so the models load
// from the app itself, never from a network hub. The pipeline's `assetBase` default ('./mediapipe')
// matches. Proposed use in vite.config.ts:  plugins: [mediapipeAssets()]   (renderer app only).
import path from 'node:path';
import type { Plugin } from 'vite';
import { MEDIAPIPE_PACKAGES, mediapipeFiles, readMediapipeAsset } from './mediapipe-assets.js';

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm' };

export function mediapipeAssets(options: { nodeModules?: string; folder?: string } = {}): Plugin {
  const nodeModules = options.nodeModules ?? path.resolve(import.meta.dirname, '..', 'node_modules');
  const folder = options.folder ?? 'mediapipe';
  return {
    name: 'mediapipe-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = new RegExp(`/${folder}/(${MEDIAPIPE_PACKAGES.join('|')})/([\\w.-]+)$`).exec((req.url ?? '').split('?')[0] ?? '');
        if (!m || !mediapipeFiles(nodeModules, m[1] ?? '').includes(m[2] ?? '')) return next();
        res.setHeader('content-type', TYPES[path.extname(m[2] ?? '')] ?? 'application/octet-stream');
        res.end(readMediapipeAsset(nodeModules, m[1] ?? '', m[2] ?? ''));
      });
    },
    generateBundle() {
      for (const pkg of MEDIAPIPE_PACKAGES) {
        for (const file of mediapipeFiles(nodeModules, pkg)) {
          this.emitFile({ type: 'asset', fileName: `${folder}/${pkg}/${file}`, source: readMediapipeAsset(nodeModules, pkg, file) });
        }
      }
    },
  };
}
