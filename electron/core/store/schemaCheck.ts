import { basename } from 'node:path';
import { CwbError } from '../errors';
import { migrate } from './migrate';
import { openDatabase } from './sqliteDriver';
import type { Db } from './storeContext';

/**
 * An engagement file is data, never code. SQLite keeps triggers and views in the file itself and
 * runs them on its own: a trigger added to a file that travels by e-mail could empty the answers
 * on the next save, and a view standing in for a table could show invented sites. So before a
 * file is opened for anything, its schema (every table with its columns and constraints, index,
 * trigger and view in `sqlite_master`) must be exactly what this version's migrations make for
 * the file's format version; anything extra, missing or different refuses the file unopened.
 */

export interface SchemaObject {
  type: string;
  name: string;
  table: string;
  /** The CREATE statement as SQLite keeps it, normalised (see `normaliseSql`); null for SQLite's automatic indexes. */
  sql: string | null;
}

export interface ColumnInfo {
  name: string;
  /** The declared type as written (TEXT, INTEGER, REAL), upper case; '' when none. */
  type: string;
  notNull: boolean;
  defaultValue: string | null;
  primaryKey: number;
}

export interface ExpectedSchema {
  version: number;
  objects: Map<string, SchemaObject>;
  /** The columns of every table, in order. */
  columns: Map<string, ColumnInfo[]>;
}

/**
 * A CREATE statement as tokens: comments and layout dropped, identifiers unquoted and in lower
 * case (SQLite compares them without case), string literals kept exactly. Two statements that
 * SQLite reads the same way normalise the same, whichever version of SQLite wrote the text
 * (ALTER TABLE ... RENAME rewrites it with quotes, for one).
 */
export function normaliseSql(sql: string): string {
  const token = /\s+|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_$]*|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+|<>|!=|<=|>=|==|\|\||<<|>>|[\s\S]/gy;
  const tokens: string[] = [];
  for (const [text] of sql.matchAll(token)) {
    const first = text[0]!;
    if (/\s/.test(first) || text.startsWith('--') || text.startsWith('/*')) continue;
    if (first === '"' || first === '`') tokens.push(text.slice(1, -1).replaceAll(first + first, first).toLowerCase());
    else if (first === '[') tokens.push(text.slice(1, -1).toLowerCase());
    else if (first === "'") tokens.push(text);
    else tokens.push(text.toLowerCase());
  }
  return tokens.join(' ');
}

export function readSchema(db: Db): SchemaObject[] {
  const rows = db.prepare('SELECT type, name, tbl_name AS tableName, sql FROM sqlite_master ORDER BY rowid').all() as {
    type: string;
    name: string;
    tableName: string;
    sql: string | null;
  }[];
  return rows.map((row) => ({ type: row.type, name: row.name, table: row.tableName, sql: row.sql === null ? null : normaliseSql(row.sql) }));
}

export function readColumns(db: Db, table: string): ColumnInfo[] {
  const rows = db.prepare('SELECT name, type, "notnull" AS not_null, dflt_value AS default_value, pk FROM pragma_table_xinfo(?)').all(table) as {
    name: string;
    type: string;
    not_null: number;
    default_value: string | null;
    pk: number;
  }[];
  return rows.map((row) => ({ name: row.name, type: row.type.toUpperCase(), notNull: row.not_null === 1, defaultValue: row.default_value, primaryKey: row.pk }));
}

const expectedByVersion = new Map<number, ExpectedSchema>();

/**
 * The schema a file of format `version` has: made by running the real migrations 1..version on
 * an empty database in memory (so a migration added later is covered without a word here), once
 * per version and process.
 */
export function expectedSchema(version: number): ExpectedSchema {
  let expected = expectedByVersion.get(version);
  if (expected) return expected;
  const db = openDatabase(':memory:');
  try {
    migrate(db, 0, version);
    const objects = readSchema(db);
    const columns = new Map(objects.filter((object) => object.type === 'table').map((object) => [object.name, readColumns(db, object.name)]));
    expected = { version, objects: new Map(objects.map((object) => [object.name, object])), columns };
  } finally {
    db.close();
  }
  expectedByVersion.set(version, expected);
  return expected;
}

const KIND: Record<string, string> = { table: 'table', index: 'index', trigger: 'trigger', view: 'view' };

function describeObject(object: SchemaObject): string {
  const kind = KIND[object.type] ?? object.type;
  return object.type === 'table' || object.table === object.name ? `${kind} "${object.name}"` : `${kind} "${object.name}" on table "${object.table}"`;
}

function describeColumn(column: ColumnInfo): string {
  return [column.type || 'no type', column.notNull ? 'NOT NULL' : '', column.defaultValue === null ? '' : `DEFAULT ${column.defaultValue}`, column.primaryKey ? 'PRIMARY KEY' : '']
    .filter(Boolean)
    .join(' ');
}

/** What differs in a table that has the expected name, column by column where a column differs. */
function tableDifference(db: Db, name: string, expected: ColumnInfo[]): string {
  const actual = readColumns(db, name);
  const expectedByName = new Map(expected.map((column) => [column.name, column]));
  const actualByName = new Map(actual.map((column) => [column.name, column]));
  const extra = actual.find((column) => !expectedByName.has(column.name));
  if (extra) return `it has a column "${extra.name}" that this format does not have`;
  const missing = expected.find((column) => !actualByName.has(column.name));
  if (missing) return `its column "${missing.name}" is missing`;
  for (const column of expected) {
    const found = actualByName.get(column.name)!;
    if (describeColumn(found) !== describeColumn(column)) return `its column "${column.name}" is declared ${describeColumn(found)} instead of ${describeColumn(column)}`;
  }
  return 'its constraints differ from what this format defines';
}

export interface SchemaProblem {
  object: string;
  problem: string;
}

/** Every difference between the file's schema and the one its format version defines; empty when they are the same. */
export function schemaProblems(db: Db, version: number): SchemaProblem[] {
  const expected = expectedSchema(version);
  const actual = readSchema(db);
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const object of actual) {
    seen.add(object.name);
    const wanted = expected.objects.get(object.name);
    if (!wanted || wanted.type !== object.type) {
      const problem =
        object.type === 'trigger' || object.type === 'view'
          ? `it carries a ${describeObject(object)}: ${object.type === 'trigger' ? 'SQL that would run by itself' : 'SQL that could show other data in place of the file’s own'}, which engagement files never hold`
          : `it has ${object.type === 'index' ? 'an' : 'a'} ${describeObject(object)} that this format does not have`;
      problems.push({ object: describeObject(object), problem });
    } else if (wanted.table !== object.table || wanted.sql !== object.sql) {
      const detail = object.type === 'table' ? tableDifference(db, object.name, expected.columns.get(object.name) ?? []) : 'its definition is not the one this format uses';
      problems.push({ object: describeObject(object), problem: `its ${describeObject(object)} was altered (${detail})` });
    }
  }
  for (const object of expected.objects.values()) {
    if (!seen.has(object.name)) problems.push({ object: describeObject(object), problem: `its ${describeObject(object)} is missing` });
  }
  return problems;
}

/** Refuses the file, naming what differs, when its schema is not exactly the one of its format version. */
export function checkSchema(db: Db, path: string, version: number): void {
  const problems = schemaProblems(db, version);
  if (problems.length === 0) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more difference${problems.length > 2 ? 's' : ''})` : '';
  throw new CwbError(
    'CORRUPT',
    `${path} is not a sound engagement file: ${problems[0]!.problem}${more}. It was not opened, and nothing in it was changed. ` +
      `Ask whoever sent ${basename(path)} for the file as the app saved it, or open a copy of one of its snapshots (in ${basename(path)}.history).`,
    { problems },
  );
}
