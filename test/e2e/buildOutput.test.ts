import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { IPC_OPERATIONS } from '../../src-shared/ipc.js';
import { OUT } from './harness.js';

describe('the build output', () => {
  it('has a preload that loads as a sandboxed preload does: CommonJS, requiring only electron', () => {
    const file = path.join(OUT, 'preload', 'index.cjs');
    const code = readFileSync(file, 'utf8');
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).not.toMatch(/^\s*export\s/m);
    const exposed: Record<string, unknown> = {};
    const requested: string[] = [];
    const sandboxRequire = (name: string) => {
      requested.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return {
        contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
        ipcRenderer: { invoke: async () => ({ ok: true, value: null }) },
      };
    };
    const module = { exports: {} };
    vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports });
    expect(new Set(requested)).toEqual(new Set(['electron']));
    const api = exposed['api'] as Record<string, Record<string, unknown>>;
    for (const op of IPC_OPERATIONS) {
      const [domain, method] = op.split('.') as [string, string];
      expect(typeof api[domain]?.[method]).toBe('function');
    }
    expect(Object.keys(exposed)).toEqual(['api']);
  });

  it('has a main that points at the files the build wrote', () => {
    const main = readFileSync(path.join(OUT, 'main', 'index.js'), 'utf8');
    expect(main).toContain('"index.cjs"');
    expect(main).toContain('"server.js"');
    expect(main).toMatch(/sandbox:\s*true/);
    expect(main).toMatch(/contextIsolation:\s*true/);
    expect(main).toMatch(/nodeIntegration:\s*false/);
    for (const file of ['preload/index.cjs', 'main/server.js', 'renderer/index.html']) expect(existsSync(path.join(OUT, file))).toBe(true);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string };
    expect(path.resolve(pkg.main)).toBe(path.join(OUT, 'main', 'index.js'));
  });

  it('serves the page with a strict Content-Security-Policy and no inline script', () => {
    const html = readFileSync(path.join(OUT, 'renderer', 'index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
