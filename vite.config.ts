import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { mediapipeAssets } from './vite/mediapipe-plugin.js';

// Builds the agent renderer and the customer call-link page. `APP=customer` selects the page.
const app = process.env.APP === 'customer' ? 'customer' : 'renderer';

export default defineConfig({
  root: resolve(import.meta.dirname, 'src', app),
  base: './',
  // The renderer ships MediaPipe's wasm and models itself (never fetched from a hub at run time).
  plugins: app === 'renderer' ? [mediapipeAssets()] : [],
  esbuild: { jsx: 'automatic' },
  // The video-effects worker is an ES module (it imports MediaPipe's wasm glue at run time).
  worker: { format: 'es' },
  build: {
    outDir: resolve(import.meta.dirname, 'dist', app),
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
    // The app loads its bundle from disk (app://) or loopback, not over a network: one large chunk is fine.
    chunkSizeWarningLimit: 2_000,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod's sources carry /* @__PURE__ */ comments Rollup cannot place; harmless, and printed for every build.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
});
