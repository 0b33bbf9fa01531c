// The row journal under undo and redo: temporary triggers (they live with the connection, never
// in the file) copy the before and after image of every row a recorded change touches into
// temporary tables, so a cascade or a trigger's own change is caught as surely as the change the
// code meant to make. Putting images back is plain SQL over those copies, so values keep their
// exact types (text stays text, a number stays a number, a blob stays a blob).
import { CwbError } from '../errors';
import type { Statement } from 'better-sqlite3';
import type { Db } from './storeContext';

/** Tables that are the record of changes rather than the engagement: never put back by an undo. */
const NOT_JOURNALED: ReadonlySet<string> = new Set(['audit', 'signoff', 'signoff_signer']);

export type RowOp = 'insert' | 'update' | 'delete';
const BEFORE = 0;
const AFTER = 1;

export interface JournalEntry {
  seq: number;
  table: string;
  op: RowOp;
}

export type Row = Record<string, unknown>;

/** Named parameters: `seq` and `side` pick one image, `to` the side an update takes its values from. */
interface Image {
  seq: number;
  side: number;
}

interface TableStatements {
  columns: string[];
  image: Statement<[Image]>;
  matches: Statement<[Image]>;
  present: Statement<[Image]>;
  remove: Statement<[Image]>;
  insert: Statement<[Image]>;
  update: Statement<[Image & { to: number }]>;
  forget: Statement<[number, number]>;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A change cannot be put back because a row is no longer as the change left it (the history words the message). */
export class RowConflict extends CwbError {
  constructor(
    readonly table: string,
    readonly row: Row,
  ) {
    super('STALE', `A ${table} row has changed since.`);
  }
}

export class RowJournal {
  private readonly tables = new Map<string, TableStatements>();
  private readonly entries;
  private readonly lastSeq;
  private readonly setRecording;
  private readonly forgetEntries;

  constructor(private readonly db: Db) {
    // Temporary tables: the journal is this opening's undo history, never part of the file. They
    // follow SQLite's default temporary storage, so evidence files copied into it spill to disk.
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS undo_state (recording INTEGER NOT NULL);
      INSERT INTO undo_state SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM undo_state);
      CREATE TEMP TABLE IF NOT EXISTS undo_log (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, op TEXT NOT NULL);
    `);
    const names = db
      .prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    for (const name of names) if (!NOT_JOURNALED.has(name)) this.tables.set(name, this.install(name));
    this.entries = db.prepare('SELECT seq, tbl AS "table", op FROM temp.undo_log WHERE seq BETWEEN ? AND ? ORDER BY seq');
    this.lastSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) FROM temp.undo_log').pluck();
    this.setRecording = db.prepare('UPDATE temp.undo_state SET recording = ?');
    this.forgetEntries = db.prepare('DELETE FROM temp.undo_log WHERE seq BETWEEN ? AND ?');
  }

  /** Creates the image table and the three triggers of one table, and prepares what undo and redo run on it. */
  private install(table: string): TableStatements {
    const info = this.db.prepare(`PRAGMA main.table_info(${quote(table)})`).all() as { name: string; pk: number }[];
    const columns = info.map((column) => column.name);
    const keyColumns = info.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk).map((column) => column.name);
    // A table without a declared key is matched on all of its columns.
    const key = keyColumns.length > 0 ? keyColumns : columns;
    const image = quote(`undo_img_${table}`);
    const target = quote(table);
    const list = columns.map(quote).join(', ');
    const values = (row: 'OLD' | 'NEW') => columns.map((column) => `${row}.${quote(column)}`).join(', ');
    const log = (op: RowOp) => `INSERT INTO undo_log (tbl, op) VALUES ('${table.replaceAll("'", "''")}', '${op}')`;
    const when = 'WHEN (SELECT recording FROM undo_state)';
    // The entry just logged is the newest one. Columns without a type keep every value exactly as stored.
    const seq = '(SELECT MAX(seq) FROM undo_log)';
    this.db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS ${image} (seq INTEGER NOT NULL, side INTEGER NOT NULL, ${list});
      CREATE INDEX IF NOT EXISTS temp.${quote(`undo_img_${table}_seq`)} ON ${image} (seq, side);
      CREATE TEMP TRIGGER IF NOT EXISTS ${quote(`undo_${table}_insert`)} AFTER INSERT ON main.${target} ${when}
        BEGIN ${log('insert')}; INSERT INTO ${image} VALUES (${seq}, ${AFTER}, ${values('NEW')}); END;
      CREATE TEMP TRIGGER IF NOT EXISTS ${quote(`undo_${table}_update`)} AFTER UPDATE ON main.${target} ${when}
        BEGIN ${log('update')};
          INSERT INTO ${image} VALUES (${seq}, ${BEFORE}, ${values('OLD')});
          INSERT INTO ${image} VALUES (${seq}, ${AFTER}, ${values('NEW')}); END;
      CREATE TEMP TRIGGER IF NOT EXISTS ${quote(`undo_${table}_delete`)} AFTER DELETE ON main.${target} ${when}
        BEGIN ${log('delete')}; INSERT INTO ${image} VALUES (${seq}, ${BEFORE}, ${values('OLD')}); END;
    `);
    const sameKey = key.map((column) => `m.${quote(column)} IS i.${quote(column)}`).join(' AND ');
    const sameRow = columns.map((column) => `m.${quote(column)} IS i.${quote(column)}`).join(' AND ');
    const keyList = key.map(quote).join(', ');
    const select = `FROM temp.${image} WHERE seq = @seq AND side = @side`;
    return {
      columns,
      image: this.db.prepare(`SELECT ${list} ${select}`),
      matches: this.db.prepare(`SELECT 1 FROM main.${target} m JOIN temp.${image} i ON ${sameKey} WHERE i.seq = @seq AND i.side = @side AND ${sameRow}`),
      present: this.db.prepare(`SELECT 1 FROM main.${target} m JOIN temp.${image} i ON ${sameKey} WHERE i.seq = @seq AND i.side = @side`),
      remove: this.db.prepare(`DELETE FROM main.${target} WHERE (${keyList}) IN (SELECT ${keyList} ${select})`),
      insert: this.db.prepare(`INSERT INTO main.${target} (${list}) SELECT ${list} ${select}`),
      update: this.db.prepare(
        `UPDATE main.${target} SET (${list}) = (SELECT ${list} FROM temp.${image} WHERE seq = @seq AND side = @to)
         WHERE (${keyList}) IN (SELECT ${keyList} ${select})`,
      ),
      forget: this.db.prepare(`DELETE FROM temp.${image} WHERE seq BETWEEN ? AND ?`),
    };
  }

  /** Runs `work` with every row change journaled; returns its result and the range of entries it made (empty: last < first). */
  record<T>(work: () => T): { result: T; first: number; last: number } {
    const first = (this.lastSeq.get() as number) + 1;
    this.setRecording.run(1);
    try {
      const result = work();
      return { result, first, last: this.lastSeq.get() as number };
    } finally {
      this.setRecording.run(0);
    }
  }

  entriesBetween(first: number, last: number): JournalEntry[] {
    return this.entries.all(first, last) as JournalEntry[];
  }

  /** The before and after image of one entry (null where the row did not exist). */
  images(entry: JournalEntry): { before: Row | null; after: Row | null } {
    const statements = this.statements(entry.table);
    return {
      before: entry.op === 'insert' ? null : ((statements.image.get({ seq: entry.seq, side: BEFORE }) as Row | undefined) ?? null),
      after: entry.op === 'delete' ? null : ((statements.image.get({ seq: entry.seq, side: AFTER }) as Row | undefined) ?? null),
    };
  }

  /**
   * Puts one entry's row back as it was before it (`to` = 'before') or after it ('after'). Refused
   * with a RowConflict when the row is not exactly as the other side left it.
   */
  restore(entry: JournalEntry, to: 'before' | 'after'): void {
    const statements = this.statements(entry.table);
    const [fromSide, toSide] = to === 'before' ? [AFTER, BEFORE] : [BEFORE, AFTER];
    const fromExists = to === 'before' ? entry.op !== 'delete' : entry.op !== 'insert';
    const toExists = to === 'before' ? entry.op !== 'insert' : entry.op !== 'delete';
    const images = this.images(entry);
    const described = (to === 'before' ? (images.after ?? images.before) : (images.before ?? images.after)) ?? {};
    const conflict = () => new RowConflict(entry.table, described);
    const from = { seq: entry.seq, side: fromSide };
    const onto = { seq: entry.seq, side: toSide };
    if (fromExists) {
      if (!statements.matches.get(from)) throw conflict();
    } else if (statements.present.get(onto)) {
      throw conflict();
    }
    if (!toExists) statements.remove.run(from);
    else if (!fromExists) statements.insert.run(onto);
    else statements.update.run({ ...from, to: toSide });
  }

  /** Drops the entries (and their images) of a step that can no longer be undone or redone. */
  forget(first: number, last: number): void {
    if (last < first) return;
    for (const statements of this.tables.values()) statements.forget.run(first, last);
    this.forgetEntries.run(first, last);
  }

  /** The tables a range of entries touched. */
  tablesBetween(first: number, last: number): string[] {
    return this.db.prepare('SELECT DISTINCT tbl FROM temp.undo_log WHERE seq BETWEEN ? AND ?').pluck().all(first, last) as string[];
  }

  /** The applications whose own rows, components or answers a range of entries touched. */
  applicationIdsBetween(first: number, last: number): string[] {
    const ids = new Set<string>();
    const owners: [string, string][] = [
      ['application', 'id'],
      ['component', 'application_id'],
      ['answer', 'application_id'],
      ['attachment', 'application_id'],
    ];
    for (const [table, column] of owners) {
      if (!this.tables.has(table)) continue;
      const found = this.db.prepare(`SELECT DISTINCT ${quote(column)} FROM temp.${quote(`undo_img_${table}`)} WHERE seq BETWEEN ? AND ?`).pluck().all(first, last);
      for (const id of found) if (typeof id === 'string') ids.add(id);
    }
    return [...ids];
  }

  /** A table's column names, in order (for describing a row). */
  columnsOf(table: string): string[] {
    return this.statements(table).columns;
  }

  private statements(table: string): TableStatements {
    const statements = this.tables.get(table);
    if (!statements) throw new Error(`No journal for table ${table}`);
    return statements;
  }
}
