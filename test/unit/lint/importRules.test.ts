/**
 * The import rules of eslint.config.js, run by ESLint itself on small files written for the test: an
 * import cycle is refused, a type-only import back is not a cycle, Electron stays out of main's services, and
 * the end-user pages take only types from the contract.
 * The files live a moment beside the real code, so ESLint applies exactly the folders' own rules.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });
const folders: string[] = [];

/** Writes the files into a fresh folder under `parent` and returns their paths by name. */
function write(parent: string, files: Record<string, string>): Record<string, string> {
  const folder = mkdtempSync(path.join(root, parent, 'lintProbe-'));
  folders.push(folder);
  return Object.fromEntries(
    Object.entries(files).map(([name, text]) => {
      const file = path.join(folder, name);
      writeFileSync(file, text);
      return [name, file];
    }),
  );
}

async function ruleIds(file: string): Promise<string[]> {
  const [result] = await eslint.lintFiles([file]);
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

// The first lint builds the TypeScript programs the type-aware rules read: far slower than a plain parse.
describe('import rules', { timeout: 120_000 }, () => {
  it('refuse a cycle between two modules, at both ends', async () => {
    const files = write('src-server', {
      'first.ts': "import { second } from './second.js';\nexport const first = (): number => second() + 1;\n",
      'second.ts': "import { first } from './first.js';\nexport const second = (): number => (Math.random() > 2 ? first() : 0);\n",
    });
    expect(await ruleIds(files['first.ts']!)).toEqual(['import-x/no-cycle']);
    expect(await ruleIds(files['second.ts']!)).toEqual(['import-x/no-cycle']);
  });

  it('do not count an import of types only', async () => {
    const files = write('src-server', {
      'holder.ts': "import { make } from './maker.js';\nexport interface Thing { n: number }\nexport const thing = make();\n",
      'maker.ts': "import type { Thing } from './holder.js';\nexport const make = (): Thing => ({ n: 1 });\n",
    });
    expect(await ruleIds(files['holder.ts']!)).toEqual([]);
    expect(await ruleIds(files['maker.ts']!)).toEqual([]);
  });

  it('refuse Electron in main’s services, and allow it in the shell around them', async () => {
    const service = write('src-main/services', { 'probe.ts': "import { app } from 'electron';\nexport const name = app.getName();\n" });
    const shell = write('src-main', { 'probe.ts': "import { app } from 'electron';\nexport const name = app.getName();\n" });
    expect(await ruleIds(service['probe.ts']!)).toEqual(['no-restricted-imports']);
    expect(await ruleIds(shell['probe.ts']!)).toEqual([]);
  });

  it('let the end-user pages take the contract’s types, never its schemas (TypeBox would ship in the page)', async () => {
    const files = write('src-user-pages', {
      'types.ts': "import type { UserProfile } from '../../src-shared/api';\nexport const login = (p: UserProfile): string => p.login;\n",
      'schemas.ts': "import { UserProfile } from '../../src-shared/api';\nexport const schema = UserProfile;\n",
    });
    expect(await ruleIds(files['types.ts']!)).toEqual([]);
    expect(await ruleIds(files['schemas.ts']!)).toEqual(['no-restricted-imports']);
  });
});
