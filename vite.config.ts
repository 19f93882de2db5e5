import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// Builds the agent renderer and the customer call-link page. `APP=customer` selects the page.
const app = process.env.APP === 'customer' ? 'customer' : 'renderer';

export default defineConfig({
  root: resolve(import.meta.dirname, 'src', app),
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: resolve(import.meta.dirname, 'dist', app),
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
  },
});
