import { CwbError } from '../errors';
import type { ColumnInfo, ExpectedSchema } from './schemaCheck';
import type { Db } from './storeContext';

/**
 * Limits no engagement reaches by being used, checked before any of the file is loaded, so a
 * file that claims a million answers or holds a 200 MB "name" is refused in a few seconds
 * instead of taking the app's memory. The README's limits table lists every number here.
 * A legitimate engagement of 10,000 applications with realistic answers holds about 240,000
 * answers and 35 MB of answer text; these leave room above that.
 */
export const ENGAGEMENT_LIMITS = {
  /** The whole file, read from its size before SQLite opens it. */
  fileBytes: 2 * 1024 ** 3,
  /** Rows per table; a table without its own entry (a later migration's) gets `defaultRows`. */
  rows: {
    application: 20_000,
    component: 100_000,
    answer: 750_000,
    vm: 500_000,
    site: 1_000,
    azure_stack_system: 1_000,
    site_distance: 500_000,
    protection_policy: 1_000,
    estimate_assumption: 1_000,
    signoff: 10_000,
    signoff_signer: 100_000,
    audit: 20_000_000,
    customer_logo: 1,
  } as Record<string, number>,
  defaultRows: 1_000_000,
  /** Bytes of one value; text a person types is at most 10,000 characters (40 KB in UTF-8). */
  valueBytes: 1024 ** 2,
  /** The exceptions: the exact signed text of a sign-off, and the audit entry of a large import (every VM it created or changed). */
  largeValueBytes: { 'signoff.content': 512 * 1024 ** 2, 'audit.old_value': 64 * 1024 ** 2, 'audit.new_value': 64 * 1024 ** 2 } as Record<string, number>,
  /** Bytes of everything opening reads into memory (all tables but the audit trail and the signed texts). */
  loadedBytes: 256 * 1024 ** 2,
} as const;

/** Tables (or columns) that opening does not read into memory: the audit trail is read row by row when needed. */
const NOT_LOADED = new Set(['audit', 'signoff.content', 'sqlite_sequence']);

/** Columns holding JSON that opening parses; a value that is not JSON is refused here rather than failing later. */
const JSON_COLUMNS = new Set(['answer.state_json', 'protection_policy.targets_json']);

const MB = 1024 ** 2;
const megabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;
const count = (n: number) => n.toLocaleString('en-GB');

/** The storage classes SQLite may hold for a declared type (REAL keeps whole numbers as REAL; NULL where allowed). */
function allowedTypes(column: ColumnInfo): string[] {
  const base = column.type === 'INTEGER' ? ['integer'] : column.type === 'REAL' ? ['real', 'integer'] : column.type === 'TEXT' ? ['text'] : [];
  if (base.length === 0) return [];
  return column.notNull ? base : [...base, 'null'];
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function valueLimit(table: string, column: string): number {
  return ENGAGEMENT_LIMITS.largeValueBytes[`${table}.${column}`] ?? ENGAGEMENT_LIMITS.valueBytes;
}

function refuse(path: string, what: string, details: Record<string, unknown>): never {
  throw new CwbError('TOO_LARGE', `${path} cannot be opened: ${what}, more than an engagement ever holds. It was not opened, and nothing in it was changed.`, details);
}

function damaged(path: string, where: string, problem: string, details: Record<string, unknown>): never {
  throw new CwbError('CORRUPT', `${path} is damaged: ${where}: ${problem}. It was not opened, and nothing in it was changed.`, details);
}

/** How a person finds the row: its name or id where the table has one, else its row number. */
function rowLabel(db: Db, table: string, columns: ColumnInfo[], rowid: number): string {
  const names = ['name', 'id', 'application_id', 'component_id', 'question_id', 'key'].filter((name) => columns.some((column) => column.name === name));
  if (names.length === 0) return `row ${rowid}`;
  const row = db
    .prepare(`SELECT ${names.map((name) => `CASE WHEN typeof(${quote(name)}) = 'text' THEN substr(${quote(name)}, 1, 80) END AS ${quote(name)}`).join(', ')} FROM ${quote(table)} WHERE rowid = ?`)
    .get(rowid) as Record<string, string | null> | undefined;
  const parts = names.filter((name) => row?.[name]).map((name) => `${name} ${JSON.stringify(row![name])}`);
  return parts.length === 0 ? `row ${rowid}` : `row ${rowid} (${parts.join(', ')})`;
}

/** Names the first column of a row whose stored value is not what the column declares. */
function badColumn(db: Db, table: string, columns: ColumnInfo[], rowid: number): string {
  for (const column of columns) {
    const allowed = allowedTypes(column);
    const name = quote(column.name);
    const found = db.prepare(`SELECT typeof(${name}) AS type, ${JSON_COLUMNS.has(`${table}.${column.name}`) ? `json_valid(${name})` : '1'} AS json FROM ${quote(table)} WHERE rowid = ?`).get(rowid) as
      | { type: string; json: number }
      | undefined;
    if (!found) continue;
    if (allowed.length > 0 && !allowed.includes(found.type)) {
      return `column ${column.name} holds ${found.type === 'null' ? 'no value' : `a ${found.type.toUpperCase()} value`} where it declares ${allowed.filter((type) => type !== 'null').map((type) => type.toUpperCase()).join(' or ')}`;
    }
    if (found.json === 0) return `column ${column.name} is not valid JSON`;
  }
  return 'a value is not what its column declares';
}

/**
 * Every table of the schema, scanned once in SQL (nothing is loaded into memory; sizes and types
 * come from the rows' headers, and only the JSON columns are read through): its row count and the
 * bytes of its values against the limits, every value against its column's declared type and,
 * for the JSON columns, against JSON. The first problem refuses the file, naming its table, row
 * and column.
 */
export function checkContent(db: Db, path: string, schema: ExpectedSchema): void {
  let loadedBytes = 0;
  for (const [table, columns] of schema.columns) {
    if (table === 'sqlite_sequence') continue;
    const size = (column: ColumnInfo) => `octet_length(${quote(column.name)})`;
    // A table opening does not read (the audit trail) is read a row at a time, as text, when
    // needed: only its sizes matter here, and its large values' most.
    const unread = NOT_LOADED.has(table);
    const sized = unread ? columns.filter((column) => `${table}.${column.name}` in ENGAGEMENT_LIMITS.largeValueBytes) : columns;
    const oversize = sized.map((column) => `${size(column)} > ${valueLimit(table, column.name)}`).join(' OR ') || '0';
    const mistyped = (unread ? [] : columns)
      .flatMap((column) => {
        const allowed = allowedTypes(column);
        const checks = allowed.length > 0 ? [`typeof(${quote(column.name)}) NOT IN (${allowed.map((type) => `'${type}'`).join(', ')})`] : [];
        if (JSON_COLUMNS.has(`${table}.${column.name}`)) checks.push(`NOT json_valid(${quote(column.name)})`);
        return checks;
      })
      .join(' OR ');
    const loaded = columns.filter((column) => !NOT_LOADED.has(table) && !NOT_LOADED.has(`${table}.${column.name}`)).map((column) => `coalesce(${size(column)}, 0)`);
    const scan = db
      .prepare(
        `SELECT count(*) AS rows, total(${loaded.join(' + ') || '0'}) AS loaded,
                min(CASE WHEN ${oversize} THEN rowid END) AS bigRow, min(CASE WHEN ${mistyped || '0'} THEN rowid END) AS badRow
         FROM ${quote(table)}`,
      )
      .get() as { rows: number; loaded: number; bigRow: number | null; badRow: number | null };

    const rowLimit = ENGAGEMENT_LIMITS.rows[table] ?? ENGAGEMENT_LIMITS.defaultRows;
    if (scan.rows > rowLimit) refuse(path, `its table ${table} has more than ${count(rowLimit)} rows`, { table, limit: rowLimit });
    if (scan.bigRow !== null) {
      const rowid = scan.bigRow;
      const sizes = db.prepare(`SELECT ${columns.map((column) => `${size(column)} AS ${quote(column.name)}`).join(', ')} FROM ${quote(table)} WHERE rowid = ?`).get(rowid) as Record<string, number | null>;
      const column = columns.find((candidate) => (sizes[candidate.name] ?? 0) > valueLimit(table, candidate.name))!;
      const limit = valueLimit(table, column.name);
      refuse(path, `table ${table}, ${rowLabel(db, table, columns, rowid)}: column ${column.name} holds a value of ${megabytes(sizes[column.name]!)} (at most ${megabytes(limit)})`, {
        table,
        column: column.name,
        rowid,
        limit,
      });
    }
    if (scan.badRow !== null) {
      const rowid = scan.badRow;
      damaged(path, `table ${table}, ${rowLabel(db, table, columns, rowid)}`, badColumn(db, table, columns, rowid), { table, rowid });
    }
    loadedBytes += scan.loaded;
    if (loadedBytes > ENGAGEMENT_LIMITS.loadedBytes) {
      refuse(path, `its data comes to more than ${megabytes(ENGAGEMENT_LIMITS.loadedBytes)} (reached at table ${table})`, { table, limit: ENGAGEMENT_LIMITS.loadedBytes });
    }
  }
}
