/**
 * Generates a large organisation into a data folder, for benchmarks and for trying the console at scale:
 *   npx tsx bench/generateOrganisation.ts --accounts 1000000 --data bench/results/org-1m
 * Accounts spread over departments and domains with every MFA state; no passwords (nobody signs in).
 */
import { randomUUID } from 'node:crypto';
import { parseFlags, loadConfig } from '../src-server/config.js';
import { accountRow } from '../src-server/domain/accounts.js';
import { iso } from '../src-server/domain/clock.js';
import { createSecretBox } from '../src-server/domain/secretBox.js';
import { newTotpSecret } from '../src-server/domain/totp.js';
import { openStore } from '../src-server/store/openStore.js';
import type { AccountsTable, TotpFactorsTable } from '../src-server/store/schema.js';

const FIRST = [
  'anna',
  'ben',
  'carla',
  'david',
  'elif',
  'farid',
  'greta',
  'hugo',
  'ines',
  'jonas',
  'kemal',
  'lena',
  'marco',
  'nora',
  'oskar',
  'priya',
  'rosa',
  'sven',
  'tara',
  'vera',
  'yuki',
  'zoe',
];
const LAST = [
  'schmidt',
  'okafor',
  'lindqvist',
  'moreau',
  'kowalski',
  'novak',
  'rossi',
  'haddad',
  'tanaka',
  'jensen',
  'garcia',
  'muller',
  'brennan',
  'dubois',
  'petrova',
];
const DEPARTMENTS = ['Sales', 'Engineering', 'Finance', 'Support', 'Operations', 'People', 'Legal', 'Marketing', 'Research', 'Procurement'];
const DOMAINS = ['northwind.example', 'northwind-labs.example', 'contoso.example', 'fabrikam.example', 'tailspin.example'];
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export async function generateOrganisation(dataDir: string, count: number, log: (line: string) => void = () => {}) {
  const config = loadConfig({ data: dataDir }, {});
  const store = await openStore(config);
  const box = createSecretBox(config.encryptionKey);
  const now = new Date();
  const batch = 500;
  let accounts: AccountsTable[] = [];
  let factors: TotpFactorsTable[] = [];
  const flush = async () => {
    await store.db.transaction().execute(async (tx) => {
      if (accounts.length) await tx.insertInto('accounts').values(accounts).execute();
      if (factors.length) await tx.insertInto('totpFactors').values(factors).execute();
    });
    accounts = [];
    factors = [];
  };
  for (let i = 0; i < count; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const created = new Date(now.getTime() - (i % 400) * 86_400_000);
    const row = accountRow(
      {
        login: `${first}.${last}.${i}@${DOMAINS[i % DOMAINS.length]}`,
        displayName: `${cap(first)} ${cap(last)}`,
        department: DEPARTMENTS[i % DEPARTMENTS.length]!,
      },
      null,
      created,
    );
    const roll = (i * 7919) % 100;
    if (roll < 70) {
      row.mfaState = 'on';
      const id = randomUUID();
      factors.push({
        id,
        accountId: row.id,
        secretEnc: box.seal(newTotpSecret(), id),
        status: 'active',
        createdAt: iso(created),
        confirmedAt: iso(created),
        lastStep: null,
        lastUsedAt: iso(now),
        revokedAt: null,
      });
      if (roll < 2) {
        row.failedAttempts = 10;
        row.lockedUntil = iso(new Date(now.getTime() + 15 * 60_000));
      }
    } else if (roll < 76) row.mfaState = 'pending';
    accounts.push(row);
    if (accounts.length === batch) await flush();
    if ((i + 1) % 100_000 === 0) log(`${i + 1} accounts`);
  }
  await flush();
  await store.close();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { flags } = parseFlags(process.argv.slice(2));
  const count = Number(flags['accounts'] ?? 100_000);
  const data = String(flags['data'] ?? `bench/results/org-${count}`);
  const started = Date.now();
  await generateOrganisation(data, count, (line) => console.log(line));
  console.log(`Generated ${count} accounts in ${data} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
