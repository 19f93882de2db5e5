// The Electron main bundle is CommonJS with node_modules left external (scripts/build.mjs). A default import of
// an ESM-only package (electron-store, conf) then arrives as its module namespace wrapped once more by esbuild,
// so `.default` is not the class. This unwraps to the real default export in every loader (tsx, vitest, CJS).
export function esmDefaultExport<T>(mod: unknown): T {
  let current: unknown = mod;
  for (let depth = 0; depth < 3; depth++) {
    if (typeof current === 'function' || typeof current !== 'object' || current === null || !('default' in current)) break;
    current = (current as { default: unknown }).default;
  }
  return current as T;
}
