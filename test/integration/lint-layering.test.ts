// `npm run lint` must fail when a layer imports what the architecture forbids.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint', () => {
  it.each([
    ['src/main/services/sip/bad.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['src/renderer/src/bad.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"],
    ['src/renderer/src/bad.ts', "import fs from 'node:fs';\nexport const x = fs;\n"],
    ['src/renderer/src/bad.ts', "import fs from 'fs';\nexport const x = fs;\n"],
    ['src/shared/bad.ts', "import path from 'node:path';\nexport const x = path;\n"],
    ['src/server/bad.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['src/preload/bad.ts', "import fs from 'node:fs';\nexport const x = fs;\n"],
    ['src/renderer/src/bad.ts', "import { x } from '../../main/services/app.js';\nexport const y = x;\n"],
  ])('%s rejects %j', async (file, code) => {
    expect(await errorsFor(file, code)).not.toHaveLength(0);
  });

  it.each([
    ['src/main/electron/ok.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['src/preload/ok.ts', "import { contextBridge } from 'electron';\nexport const x = contextBridge;\n"],
    ['src/main/services/ok.ts', "import fs from 'node:fs';\nexport const x = fs;\n"],
    ['src/shared/ok.ts', "import { z } from 'zod';\nexport const x = z;\n"],
  ])('%s allows %j', async (file, code) => {
    expect(await errorsFor(file, code)).toHaveLength(0);
  });
});
