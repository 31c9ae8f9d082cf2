/** The demo backend's credentials file, read and checked against the shape the backend writes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Value } from 'typebox/value';
import { DEMO_CREDENTIALS_FILE, DemoCredentials } from '../../src-shared/demo.js';

export function readDemoCredentials(dataDir: string): DemoCredentials {
  const file = path.join(dataDir, DEMO_CREDENTIALS_FILE);
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Value.Check(DemoCredentials, parsed)) throw new Error(`${file} is not the demo credentials file the backend writes.`);
  return parsed;
}
