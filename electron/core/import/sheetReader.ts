import { refuse } from './fileKind';
import { MAX_COLUMNS, MAX_ROW_TEXT, MAX_SHEET_TEXT, megabytes } from './limits';
import { columnLetter } from './mapping';
import type { SharedStrings } from './sharedStrings';
import type { Cell, SheetRow } from './source';
import { COPY, COUNT, SKIP, type XmlHandler, XmlScanner } from './xmlScanner';

/**
 * Which columns become values. Null: all of them (the rows the header is looked for in, and the
 * sample). Once the mapping is known the importer narrows it to the columns it maps, and the
 * cells of every other column are passed over without a string being made for them; the first
 * filled cell of a row is always kept, since it is what tells a totals row or an empty one.
 */
export interface ColumnFilter {
  columns: Uint8Array | null;
  /**
   * While `columns` is null, a batch ends after this many rows (else after BATCH_ROWS): a caller
   * that narrows the columns once it has found the header asks for no more rows than it looks
   * at, since every row read before then makes a value of every cell.
   */
  rowsBeforeNarrowing?: number;
}

/** Element names of a worksheet part, numbered as the scanner reports them (most frequent first). */
const C = 1;
const V = 2;
const ROW = 3;
const T = 4;
const F = 5;
const IS = 6;
const RPH = 7;
const SHEET_DATA = 8;
const NAMES = ['c', 'v', 'row', 't', 'f', 'is', 'rPh', 'sheetData'];

/** The cell types of the `t` attribute. */
const NUMBER = 0;
const SHARED = 1;
const FORMULA_TEXT = 2;
const INLINE = 3;
const BOOLEAN = 4;
const ERROR = 5;
const DATE = 6;

const ATTRIBUTE_R = Buffer.from('r');
const ATTRIBUTE_T = Buffer.from('t');
/** Excel's last row. */
const MAX_ROW_NUMBER = 1_048_576;
/**
 * A batch ends after this many rows or this much text, whichever comes first: what one batch
 * holds as strings stays small even where every cell shows a long shared string.
 */
const BATCH_ROWS = 2048;
const BATCH_TEXT = 16 * 1024 ** 2;

const isBlank = (value: Cell) => value === null || (typeof value === 'string' && value.trim() === '');

/**
 * Reads a worksheet part's rows straight into the values the import uses: text, numbers and
 * booleans, a formula by its cached result (a failed formula as empty), an error value by its
 * text ("#N/A"), a shared string by its index, an inline string by the text of its runs. Dates
 * stay the serial numbers the file stores, as they do without the workbook's styles. Rows with
 * no filled cell are left out. Completed rows wait in `batch` for the reader to take them.
 */
export class SheetReader implements XmlHandler {
  readonly scanner: XmlScanner;
  batch: SheetRow[] = [];
  /** The row being read, for messages. */
  rowNumber = 0;

  private inSheetData = false;
  private inRow = false;
  private cells: Cell[] = [];
  private rowFilled = false;
  private rowText = 0;
  private batchText = 0;
  private sheetText = 0;
  private inCell = false;
  private column = -1;
  private type = NUMBER;
  private formula = false;
  private keep = false;
  private value: Cell = null;
  private inInline = false;
  private phonetic = 0;

  constructor(
    private readonly strings: SharedStrings,
    private readonly filter: ColumnFilter,
    /** "inventory.xlsx, sheet "vInfo"", for the messages. */
    private readonly where: string,
  ) {
    this.scanner = new XmlScanner(this, NAMES);
  }

  take(): SheetRow[] {
    const rows = this.batch;
    this.batch = [];
    this.batchText = 0;
    return rows;
  }

  open(name: number, scanner: XmlScanner): void {
    switch (name) {
      case C:
        if (this.inRow) this.startCell(scanner);
        break;
      case V:
        if (this.inCell) {
          // Shared string indexes are read even where the cell is not kept: their length counts towards the row's text.
          scanner.capture = this.keep || this.type === SHARED ? COPY : COUNT;
          scanner.textLength = 0;
        }
        break;
      case T:
        if (this.inInline && this.phonetic === 0) scanner.capture = this.keep ? COPY : COUNT;
        break;
      case F:
        if (this.inCell) this.formula = true;
        break;
      case IS:
        if (this.inCell) {
          this.inInline = true;
          this.phonetic = 0;
          scanner.textLength = 0;
        }
        break;
      case RPH:
        if (this.inInline) this.phonetic += 1;
        break;
      case ROW:
        if (this.inSheetData) this.startRow(scanner);
        break;
      case SHEET_DATA:
        this.inSheetData = true;
        break;
    }
  }

  close(name: number, scanner: XmlScanner): void {
    switch (name) {
      case C:
        if (this.inCell) this.endCell();
        break;
      case V:
        if (this.inCell && !this.inInline) {
          scanner.capture = SKIP;
          this.readValue(scanner);
        }
        break;
      case T:
        if (this.inInline) scanner.capture = SKIP;
        break;
      case IS:
        if (this.inInline) {
          this.inInline = false;
          scanner.capture = SKIP;
          this.count(scanner.textLength);
          if (this.keep) this.value = scanner.text.toString('utf8', 0, scanner.textLength);
        }
        break;
      case RPH:
        if (this.inInline) this.phonetic -= 1;
        break;
      case ROW:
        if (this.inRow) {
          this.endRow();
          const rows = this.filter.columns === null ? (this.filter.rowsBeforeNarrowing ?? BATCH_ROWS) : BATCH_ROWS;
          if (this.batch.length >= rows || this.batchText >= BATCH_TEXT) scanner.pause();
        }
        break;
      case SHEET_DATA:
        this.inSheetData = false;
        break;
    }
  }

  private startRow(scanner: XmlScanner): void {
    let rowNumber = this.rowNumber + 1;
    if (scanner.attribute(ATTRIBUTE_R)) {
      rowNumber = digits(scanner.bytes, scanner.valueStart, scanner.valueEnd);
      if (!(rowNumber >= 1 && rowNumber <= MAX_ROW_NUMBER)) {
        throw refuse('unreadable', `${this.where}: a row is numbered "${scanner.bytes.toString('utf8', scanner.valueStart, Math.min(scanner.valueEnd, scanner.valueStart + 20))}", which is no row of a sheet (1 to ${MAX_ROW_NUMBER.toLocaleString('en-US')}). Open the file in Excel and save it again.`);
      }
    }
    this.rowNumber = rowNumber;
    this.inRow = true;
    this.cells = [];
    this.rowFilled = false;
    this.rowText = 0;
    this.column = -1;
  }

  private endRow(): void {
    this.inRow = false;
    if (this.rowFilled) this.batch.push({ rowNumber: this.rowNumber, cells: this.cells });
  }

  private startCell(scanner: XmlScanner): void {
    let column = this.column + 1;
    if (scanner.attribute(ATTRIBUTE_R)) column = columnIndex(scanner.bytes, scanner.valueStart, scanner.valueEnd);
    if (column < 0) throw refuse('unreadable', `${this.where}, row ${this.rowNumber}: a cell has a reference that names no column. Open the file in Excel and save it again.`);
    if (column >= MAX_COLUMNS) {
      throw refuse('too-large', `${this.where}, row ${this.rowNumber}: a cell sits past column ${columnLetter(MAX_COLUMNS - 1)}, the last of the ${MAX_COLUMNS.toLocaleString('en-US')} columns a sheet can have. Open the file in Excel and save it again.`);
    }
    this.column = column;
    this.type = scanner.attribute(ATTRIBUTE_T) ? cellType(scanner.bytes, scanner.valueStart, scanner.valueEnd) : NUMBER;
    this.inCell = true;
    this.formula = false;
    this.value = null;
    const columns = this.filter.columns;
    this.keep = columns === null || !this.rowFilled || (column < columns.length && columns[column] === 1);
  }

  private endCell(): void {
    this.inCell = false;
    if (!this.keep) return;
    const value = this.value;
    // A formula without a cached result stays in the row as an empty cell, as exceljs gives it.
    if (value !== null || this.formula) {
      const cells = this.cells;
      while (cells.length < this.column) cells.push(null);
      cells[this.column] = value;
    }
    if (!this.rowFilled && !isBlank(value)) this.rowFilled = true;
  }

  private readValue(scanner: XmlScanner): void {
    const text = scanner.text;
    const length = scanner.textLength;
    if (this.type === SHARED) {
      let index = digits(text, 0, length);
      if (Number.isNaN(index)) index = Number.parseInt(text.toString('latin1', 0, length), 10);
      this.count(this.strings.byteLength(index));
      if (this.keep) this.value = this.strings.get(index);
      return;
    }
    this.count(length);
    if (!this.keep) return;
    switch (this.type) {
      case FORMULA_TEXT:
      case INLINE:
      case DATE:
        this.value = text.toString('utf8', 0, length);
        break;
      case BOOLEAN:
        this.value = Number.parseInt(text.toString('latin1', 0, length), 10) !== 0;
        break;
      case ERROR:
        // A failed formula keeps no value worth reporting; a typed error value is kept as Excel shows it.
        this.value = this.formula ? null : text.toString('utf8', 0, length);
        break;
      default:
        this.value = numberOf(text, length);
    }
  }

  /** Counts a cell's text towards the limits of its row and its sheet. */
  private count(bytes: number): void {
    this.rowText += bytes;
    this.batchText += bytes;
    this.sheetText += bytes;
    if (this.rowText > MAX_ROW_TEXT) {
      throw refuse('too-large', `${this.where}, row ${this.rowNumber}: the row holds more than ${megabytes(MAX_ROW_TEXT)} of text, the most this import reads from one row. Shorten its cells in Excel and save the file again.`);
    }
    if (this.sheetText > MAX_SHEET_TEXT) {
      throw refuse(
        'too-large',
        `${this.where}: its cells hold more than ${megabytes(MAX_SHEET_TEXT)} of text (a shared string counts each time a cell shows it), the most one import reads. Delete the columns you do not need, or split the file, and import it in parts.`,
      );
    }
  }
}

/** A whole number written in decimal digits; NaN for anything else. */
function digits(bytes: Buffer, from: number, to: number): number {
  if (from >= to || to - from > 15) return Number.NaN;
  let value = 0;
  for (let i = from; i < to; i += 1) {
    const digit = bytes[i]! - 0x30;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** A number as the file stores it: whole numbers directly, anything else through parseFloat; null when it is none. */
function numberOf(bytes: Buffer, length: number): number | null {
  const whole = digits(bytes, 0, length);
  if (!Number.isNaN(whole)) return whole;
  const value = Number.parseFloat(bytes.toString('latin1', 0, length));
  return Number.isNaN(value) ? null : value;
}

/** The column of a reference such as "AB12", from 0; -1 when it starts with no letter. */
function columnIndex(bytes: Buffer, from: number, to: number): number {
  let column = 0;
  let i = from;
  for (; i < to && i - from < 4; i += 1) {
    const byte = bytes[i]! | 0x20;
    if (byte < 0x61 || byte > 0x7a) break;
    column = column * 26 + (byte - 0x60);
  }
  if (i === from) return -1;
  // Four letters or more is past any sheet's last column.
  return i - from > 3 ? MAX_COLUMNS : column - 1;
}

function cellType(bytes: Buffer, from: number, to: number): number {
  const length = to - from;
  const first = bytes[from];
  if (length === 1) {
    if (first === 0x73) return SHARED; // s
    if (first === 0x62) return BOOLEAN; // b
    if (first === 0x65) return ERROR; // e
    if (first === 0x64) return DATE; // d
    return NUMBER;
  }
  if (length === 3 && first === 0x73) return FORMULA_TEXT; // str
  if (length === 9 && first === 0x69) return INLINE; // inlineStr
  return NUMBER;
}
