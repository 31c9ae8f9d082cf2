/**
 * Key rotation's last step: re-seal every stored secret with the newest key, so the old key can be
 * retired. Safe while backend instances run: rows are read in batches by id, and each value is swapped
 * with a compare-and-set (the update matches the value that was read), so a value an instance changed
 * meanwhile (a new enrolment, an e-mail sent and its sealed copy dropped) is left as the instance wrote
 * it — instances seal with the newest key already. Running it twice at once, or again, changes nothing
 * that is current.
 */
import type { Db } from '../store/openStore.js';
import { sealedFor } from './notifications.js';
import type { SecretBox } from './secretBox.js';

/** Where secrets are stored sealed, and what each is bound to. */
interface SealedColumn {
  name: string;
  /** Up to `limit` values after `afterId` (by id) not sealed with the key `keyId`. */
  read(db: Db, afterId: string, limit: number, keyId: string): Promise<{ id: string; sealed: string }[]>;
  /** Replaces `from` with `to` if the row still holds `from`; says whether it did. */
  swap(db: Db, id: string, from: string, to: string): Promise<boolean>;
  boundTo(id: string): string;
}

const changed = (result: { numUpdatedRows: bigint }) => result.numUpdatedRows > 0n;

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
    swap: async (db, id, from, to) =>
      changed(
        await db.updateTable('totpFactors').set({ secretEnc: to }).where('id', '=', id).where('secretEnc', '=', from).executeTakeFirst(),
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
    swap: async (db, id, from, to) =>
      changed(
        await db.updateTable('agents').set({ totpSecretEnc: to }).where('id', '=', id).where('totpSecretEnc', '=', from).executeTakeFirst(),
      ),
    boundTo: (id) => id,
  },
  {
    name: 'link e-mails waiting to be sent',
    read: async (db, afterId, limit, keyId) =>
      (
        await db
          .selectFrom('outbox')
          .select(['id', 'sealedBody'])
          .where('id', '>', afterId)
          .where('sealedBody', 'is not', null)
          .where('sealedBody', 'not like', `v2:${keyId}:%`)
          .orderBy('id')
          .limit(limit)
          .execute()
      ).map((r) => ({ id: r.id, sealed: r.sealedBody! })),
    swap: async (db, id, from, to) =>
      changed(
        await db.updateTable('outbox').set({ sealedBody: to }).where('id', '=', id).where('sealedBody', '=', from).executeTakeFirst(),
      ),
    boundTo: sealedFor,
  },
];

export interface ResealReport {
  /** Per kind of secret: re-sealed, left alone because an instance changed it meanwhile, and unreadable. */
  columns: { name: string; resealed: number; changedMeanwhile: number; unreadable: string[] }[];
}

/** Re-seals every stored secret not sealed with `box`'s newest key, `batch` rows per transaction. */
export async function resealSecrets(
  db: Db,
  box: SecretBox,
  batch = 500,
  progress: (line: string) => void = () => {},
): Promise<ResealReport> {
  const report: ResealReport = { columns: [] };
  for (const column of SEALED_COLUMNS) {
    const counts = { name: column.name, resealed: 0, changedMeanwhile: 0, unreadable: [] as string[] };
    let afterId = '';
    for (;;) {
      const rows = await column.read(db, afterId, batch, box.keyId);
      if (rows.length === 0) break;
      await db.transaction().execute(async (tx) => {
        for (const { id, sealed } of rows) {
          let plaintext: string;
          try {
            plaintext = box.open(sealed, column.boundTo(id));
          } catch {
            counts.unreadable.push(id);
            continue;
          }
          if (await column.swap(tx, id, sealed, box.seal(plaintext, column.boundTo(id)))) counts.resealed++;
          else counts.changedMeanwhile++;
        }
      });
      afterId = rows[rows.length - 1]!.id;
      progress(`${column.name}: ${counts.resealed} re-sealed so far`);
    }
    report.columns.push(counts);
  }
  return report;
}
