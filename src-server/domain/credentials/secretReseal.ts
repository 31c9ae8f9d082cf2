/**
 * Key rotation's last step: re-seal every stored secret with the newest key, so the old key can be
 * retired. Safe while backend instances run: rows are read in batches by id, and each batch is swapped
 * in one UPDATE that is a compare-and-set per row (a row changes only if it still holds the value that
 * was read; one statement, so atomic on SQLite and PostgreSQL alike). A value an instance changed
 * meanwhile (a new enrolment, an e-mail sent and its sealed copy dropped) is left as the instance wrote
 * it — instances seal with the newest key already. Running it twice at once, or again, changes nothing
 * that is current.
 */
import { sql, type NotNull } from 'kysely';
import type { Db } from '../../store/openStore.js';
import { sealedFor } from '../mail/notifications.js';
import type { SecretBox } from './secretBox.js';

interface Swap {
  id: string;
  from: string;
  to: string;
}

/** Where secrets are stored sealed, and what each is bound to. */
interface SealedColumn {
  name: string;
  /** Up to `limit` values after `afterId` (by id) not sealed with the key `keyId`. */
  read(db: Db, afterId: string, limit: number, keyId: string): Promise<{ id: string; sealed: string }[]>;
  /** Replaces each row's `from` with its `to` where the row still holds `from`; returns how many it replaced. */
  swap(db: Db, swaps: Swap[]): Promise<number>;
  boundTo(id: string): string;
}

/** `case id when … then <new value> … end`: each row's new value, in standard SQL both databases speak. */
const newValues = (swaps: Swap[]) =>
  sql<string>`case ${sql.ref('id')} ${sql.join(
    swaps.map((s) => sql`when ${s.id} then ${s.to}`),
    sql` `,
  )} end`;

const replaced = (result: { numUpdatedRows: bigint }) => Number(result.numUpdatedRows);

const SEALED_COLUMNS: SealedColumn[] = [
  {
    name: 'TOTP secrets of users',
    read: (db, afterId, limit, keyId) =>
      db
        .selectFrom('totpFactors')
        .select(['id', 'secretEnc as sealed'])
        .where('id', '>', afterId)
        .where('secretEnc', 'not like', `v2:${keyId}:%`)
        .orderBy('id')
        .limit(limit)
        .execute(),
    swap: async (db, swaps) =>
      replaced(
        await db
          .updateTable('totpFactors')
          .set({ secretEnc: newValues(swaps) })
          .where((eb) => eb.or(swaps.map((s) => eb.and([eb('id', '=', s.id), eb('secretEnc', '=', s.from)]))))
          .executeTakeFirst(),
      ),
    boundTo: (id) => id,
  },
  {
    name: 'TOTP secrets of agents',
    read: (db, afterId, limit, keyId) =>
      db
        .selectFrom('agents')
        .select(['id', 'totpSecretEnc as sealed'])
        .where('id', '>', afterId)
        .where('totpSecretEnc', 'not like', `v2:${keyId}:%`)
        .orderBy('id')
        .limit(limit)
        .execute(),
    swap: async (db, swaps) =>
      replaced(
        await db
          .updateTable('agents')
          .set({ totpSecretEnc: newValues(swaps) })
          .where((eb) => eb.or(swaps.map((s) => eb.and([eb('id', '=', s.id), eb('totpSecretEnc', '=', s.from)]))))
          .executeTakeFirst(),
      ),
    boundTo: (id) => id,
  },
  {
    name: 'link e-mails waiting to be sent',
    read: async (db, afterId, limit, keyId) =>
      await db
        .selectFrom('outbox')
        .select(['id', 'sealedBody as sealed'])
        .where('id', '>', afterId)
        .where('sealedBody', 'is not', null)
        .where('sealedBody', 'not like', `v2:${keyId}:%`)
        .orderBy('id')
        .limit(limit)
        .$narrowType<{ sealed: NotNull }>()
        .execute(),
    swap: async (db, swaps) =>
      replaced(
        await db
          .updateTable('outbox')
          .set({ sealedBody: newValues(swaps) })
          .where((eb) => eb.or(swaps.map((s) => eb.and([eb('id', '=', s.id), eb('sealedBody', '=', s.from)]))))
          .executeTakeFirst(),
      ),
    boundTo: sealedFor,
  },
];

export interface ResealReport {
  /** Per kind of secret: re-sealed, left alone because an instance changed it meanwhile, and unreadable. */
  columns: { name: string; resealed: number; changedMeanwhile: number; unreadable: string[] }[];
}

/** Re-seals every stored secret not sealed with `box`'s newest key, `batch` rows per statement. */
export async function resealSecrets(
  db: Db,
  box: SecretBox,
  batch = 500,
  progress: (line: string) => void = () => {},
): Promise<ResealReport> {
  const report: ResealReport = { columns: [] };
  for (const column of SEALED_COLUMNS) {
    const counts: ResealReport['columns'][number] = { name: column.name, resealed: 0, changedMeanwhile: 0, unreadable: [] };
    let afterId = '';
    for (;;) {
      const rows = await column.read(db, afterId, batch, box.keyId);
      if (rows.length === 0) break;
      const swaps: Swap[] = [];
      for (const { id, sealed } of rows) {
        afterId = id;
        try {
          swaps.push({ id, from: sealed, to: box.seal(box.open(sealed, column.boundTo(id)), column.boundTo(id)) });
        } catch {
          counts.unreadable.push(id);
        }
      }
      if (swaps.length > 0) {
        const done = await column.swap(db, swaps);
        counts.resealed += done;
        counts.changedMeanwhile += swaps.length - done;
      }
      progress(`${column.name}: ${counts.resealed} re-sealed so far`);
    }
    report.columns.push(counts);
  }
  return report;
}
