/**
 * Verifies an exported audit log offline, with no server and no database:
 *
 *   npm run verify-audit -- <file.csv|file.jsonl> [--partial]
 *   (package.json: "verify-audit": "tsx scripts/verify-audit-export.ts")
 *
 * Recomputes every event's hash with the backend's own `eventHash` and follows the chain from one
 * event to the next. A whole-log export must start at the genesis hash and link every row; with
 * `--partial` (a filtered export) links are checked only between neighbouring sequence numbers.
 * Prints "intact" or the first broken entry; exits 0 when intact, 1 when broken, 2 on bad input.
 * Limit: an export whose last rows were cut off, or rewritten together with their hashes, still
 * verifies; compare the printed head hash with `GET /admin/v1/audit/verify` to rule that out.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { createChainWalker, type StoredEvent } from '../src-server/domain/audit/log.js';
import { EXPORT_COLUMNS } from '../src-server/domain/audit/export.js';

type Field = string | null;

/** Builds an event from named fields, refusing a row that does not have the export's shape. */
function toEvent(fields: Record<string, unknown>, line: number): StoredEvent {
  for (const c of EXPORT_COLUMNS) if (!(c in fields)) throw new Error(`line ${line}: the column "${c}" is missing`);
  const text = (c: (typeof EXPORT_COLUMNS)[number]): Field => {
    const v = fields[c];
    if (v !== null && typeof v !== 'string') throw new Error(`line ${line}: "${c}" is not text`);
    return v;
  };
  const required = (c: (typeof EXPORT_COLUMNS)[number]): string => {
    const v = text(c);
    if (v === null) throw new Error(`line ${line}: "${c}" is empty`);
    return v;
  };
  const seq = Number(fields['seq']);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new Error(`line ${line}: "seq" is not a sequence number`);
  return {
    seq,
    at: required('at'),
    actorType: required('actorType'),
    actorId: text('actorId'),
    actorLabel: required('actorLabel'),
    action: required('action'),
    accountId: text('accountId'),
    accountLogin: text('accountLogin'),
    reason: text('reason'),
    ticketRef: text('ticketRef'),
    details: required('details'),
    detailsHash: required('detailsHash'),
    prevHash: required('prevHash'),
    hash: required('hash'),
  };
}

async function* jsonlEvents(file: string): AsyncGenerator<{ event: StoredEvent; line: number }> {
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    let fields: unknown;
    try {
      fields = JSON.parse(text);
    } catch {
      throw new Error(`line ${line}: not JSON`);
    }
    if (typeof fields !== 'object' || fields === null) throw new Error(`line ${line}: not an object`);
    yield { event: toEvent({ ...fields, seq: String((fields as { seq?: unknown }).seq) }, line), line };
  }
}

async function* csvEvents(file: string): AsyncGenerator<{ event: StoredEvent; line: number }> {
  // An empty unquoted field is null, a quoted one is text: the export writes them that way.
  const parser = createReadStream(file).pipe(
    parse({ columns: true, cast: (value, context) => (context.quoting || value !== '' ? value : null) }),
  );
  let line = 1;
  for await (const record of parser as AsyncIterable<Record<string, Field>>) {
    line++;
    yield { event: toEvent(record, line), line };
  }
}

async function main(argv: string[]): Promise<number> {
  const partial = argv.includes('--partial');
  const file = argv.find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('usage: verify-audit-export <file.csv|file.jsonl> [--partial]');
    return 2;
  }
  const walker = createChainWalker(!partial);
  const events = /\.jsonl?$|\.ndjson$/i.test(file) ? jsonlEvents(file) : csvEvents(file);
  try {
    for await (const { event, line } of events) {
      const broken = walker.check(event);
      if (broken) {
        console.log(
          `BROKEN at seq ${broken.seq} (line ${line}): ${broken.reason === 'content_changed' ? 'the event does not match its hash' : 'the event does not follow the one before it'}`,
        );
        console.log(`checked ${walker.checked} events`);
        return 1;
      }
    }
  } catch (error) {
    console.error(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (walker.checked === 0) {
    console.error(`${file} holds no events`);
    return 2;
  }
  console.log(`intact: ${walker.checked} events${partial ? `, ${walker.unlinked} links not checkable in a partial export` : ''}`);
  console.log(`head hash ${walker.headHash}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
