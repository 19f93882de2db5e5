// Vite plugin for the video effects: ships the effect assets (vite/mediapipe-assets.ts) next to the
// renderer under `<outDir>/mediapipe/` and serves them in `vite dev`, so the models load from the
// app itself, never from a network hub. The effects' default asset base ('./mediapipe') matches.
import path from 'node:path';
import type { Plugin } from 'vite';
import { EFFECT_ASSETS, readEffectAsset } from './mediapipe-assets.js';

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm' };

export function mediapipeAssets(options: { nodeModules?: string; folder?: string } = {}): Plugin {
  const nodeModules = options.nodeModules ?? path.resolve(import.meta.dirname, '..', 'node_modules');
  const folder = options.folder ?? 'mediapipe';
  return {
    name: 'mediapipe-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const prefix = `/${folder}/`;
        const url = (req.url ?? '').split('?')[0] ?? '';
        const at = url.indexOf(prefix);
        const body = at < 0 ? null : readEffectAsset(nodeModules, url.slice(at + prefix.length));
        if (!body) return next();
        res.setHeader('content-type', TYPES[path.extname(url)] ?? 'application/octet-stream');
        res.end(body);
      });
    },
    generateBundle() {
      for (const file of Object.keys(EFFECT_ASSETS)) {
        this.emitFile({ type: 'asset', fileName: `${folder}/${file}`, source: readEffectAsset(nodeModules, file)! });
      }
    },
  };
}
