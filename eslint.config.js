// Lint enforces the layering table of docs/architecture.md (see docs/decisions/0001-layering.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const forbid = (names, message) => ({ paths: names.map((name) => ({ name, message })), patterns: [] });
const restrict = (...groups) => {
  const paths = groups.flatMap((g) => g.paths);
  const patterns = groups.flatMap((g) => g.patterns);
  return ['error', { paths, patterns }];
};
const noElectron = forbid(['electron'], 'Only src/main/electron/* and src/preload may import electron.');
const noNode = { paths: nodeBuiltins.map((name) => ({ name, message: 'This layer must not use Node built-ins.' })), patterns: [{ group: ['node:*'], message: 'This layer must not use Node built-ins.' }] };
const patterns = (group, message) => ({ paths: [], patterns: [{ group, message }] });

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'artifacts/**', 'coverage/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  { files: ['src/shared/**'], rules: { 'no-restricted-imports': restrict(noElectron, noNode, patterns(['react', 'react-dom', '**/main/**', '**/renderer/**', '**/server/**'], 'src/shared imports nothing but zod.')) } },
  { files: ['src/main/services/**', 'src/main/web-host/**'], rules: { 'no-restricted-imports': restrict(noElectron, patterns(['**/renderer/**', '**/server/**'], 'Main services must not import the renderer or the server.')) } },
  { files: ['src/preload/**'], rules: { 'no-restricted-imports': restrict(noNode) } },
  { files: ['src/renderer/**', 'src/customer/**'], rules: { 'no-restricted-imports': restrict(noElectron, noNode, patterns(['**/main/**', '**/server/**', '**/preload/**'], 'The renderer talks to main only through window.softphone.')) } },
  { files: ['src/server/**'], rules: { 'no-restricted-imports': restrict(noElectron, patterns(['**/renderer/**', '**/main/**', '**/preload/**'], 'The server must not import desktop code.')) } },
);
