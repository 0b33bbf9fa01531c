import ExcelJS from 'exceljs';
import { rowHeightFor, TABLE_HEADER_HEIGHT, TABLE_HEADER_STYLE, tableCellShown, tableCellStyle, tableNumFmt, wrappedLines, type CellContent, type Tone } from '../table';
import type { PlannedTable } from '../workbookPlan';
import { excelDate, SheetNotes, SheetValidations, type SharedStrings } from './sheetParts';
import type { StyleSheet } from './styleSheet';
import { dataBarExtensionXml, dataBars, dataBarXml, type DataBar } from './dataBars';
import { picturesOf, writeDrawing, type WorkbookMedia } from './pictures';
import { isEmpty, refuseUnsupported, type CellModel, type SheetModel } from './sheetModel';
import { unsupported } from './unsupported';
import { columnLetter, parseAddress, xmlText } from './xmlText';
import type { ZipEntry, ZipWriter } from './zipStream';

/**
 * One worksheet: its settings (read from exceljs's model of the sheet), then its rows, then what
 * follows them. A page's rows come from the model; a table's are made one at a time from its
 * columns, so no more than a row of cells exists at once.
 */

export interface WrittenSheet {
  name: string;
  state: SheetModel['state'];
  /** `1:1`-style rows repeated on every printed page, or null. */
  printTitlesRow: string | null;
  hasNotes: boolean;
  hasDrawing: boolean;
}

const RELATIONSHIP = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The sheet's links to its other parts: its drawing (pictures) first, then its notes' two parts. */
function sheetRelationships(number: number, hasDrawing: boolean, hasNotes: boolean): { drawing: string | null; vml: string | null; xml: string } {
  const parts: [type: string, target: string][] = [];
  if (hasDrawing) parts.push(['drawing', `../drawings/drawing${number}.xml`]);
  if (hasNotes) parts.push(['comments', `../comments${number}.xml`], ['vmlDrawing', `../drawings/vmlDrawing${number}.vml`]);
  const id = (type: string) => {
    const at = parts.findIndex(([kind]) => kind === type);
    return at < 0 ? null : `rId${at + 1}`;
  };
  const items = parts.map(([type, target], index) => `<Relationship Id="rId${index + 1}" Type="${RELATIONSHIP}/${type}" Target="${target}"/>`);
  return {
    drawing: id('drawing'),
    vml: id('vmlDrawing'),
    xml: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items.join('')}</Relationships>`,
  };
}

function cellXml(address: string, style: number, value: CellContent, strings: SharedStrings, where: string): string {
  const s = style ? ` s="${style}"` : '';
  if (value === null) return `<c r="${address}"${s}/>`;
  if (typeof value === 'string') return `<c r="${address}"${s} t="s"><v>${strings.number(value)}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${address}"${s} t="b"><v>${value ? 1 : 0}</v></c>`;
  const number = typeof value === 'number' ? value : excelDate(value);
  if (!Number.isFinite(number)) throw new Error(`${where} holds a number or date that is not finite`);
  return `<c r="${address}"${s}><v>${number}</v></c>`;
}

function viewXml(view: SheetModel['views'][number]): string {
  let xml = `<sheetView workbookViewId="0"${view.showGridLines === false ? ' showGridLines="0"' : ''}`;
  if (view.state === 'frozen') {
    const xSplit = view.xSplit ?? 0;
    const ySplit = view.ySplit ?? 0;
    const pane = xSplit && ySplit ? 'bottomRight' : xSplit ? 'topRight' : 'bottomLeft';
    const topLeft = view.topLeftCell ?? `${columnLetter(xSplit + 1)}${ySplit + 1}`;
    const active = view.activeCell ? ` activeCell="${xmlText(view.activeCell)}" sqref="${xmlText(view.activeCell)}"` : '';
    xml += `><pane${xSplit ? ` xSplit="${xSplit}"` : ''}${ySplit ? ` ySplit="${ySplit}"` : ''} topLeftCell="${topLeft}" activePane="${pane}" state="frozen"/><selection pane="${pane}"${active}/></sheetView>`;
  } else if (view.activeCell) {
    xml += `><selection activeCell="${xmlText(view.activeCell)}" sqref="${xmlText(view.activeCell)}"/></sheetView>`;
  } else {
    xml += '/>';
  }
  return xml;
}

function headXml(model: SheetModel, dimension: string): string {
  const columns = (model.cols ?? []).map((col) => {
    if (!isEmpty(col.style ?? null) || col.outlineLevel) throw unsupported('column styles or outlines', `sheet ${model.name}`);
    return `<col min="${col.min}" max="${col.max}"${col.width ? ` width="${col.width}"` : ''}${col.hidden ? ' hidden="1"' : ''} customWidth="1"/>`;
  });
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    (model.pageSetup.fitToPage ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : '') +
    `<dimension ref="${dimension}"/>` +
    (model.views.length > 0 ? `<sheetViews>${model.views.map(viewXml).join('')}</sheetViews>` : '') +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (columns.length > 0 ? `<cols>${columns.join('')}</cols>` : '') +
    '<sheetData>'
  );
}

function attributes(values: [string, unknown][]): string {
  return values
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => ` ${name}="${xmlText(String(value))}"`)
    .join('');
}

function tailXml(model: SheetModel, validations: SheetValidations, bars: DataBar[], links: ReturnType<typeof sheetRelationships>): string {
  const protection = model.sheetProtection;
  const filter = model.autoFilter;
  const margins = model.pageSetup.margins;
  const setup = model.pageSetup;
  const footer = model.headerFooter;
  const pageSetup = attributes([
    ['paperSize', setup.paperSize],
    ['orientation', setup.orientation],
    ['horizontalDpi', setup.horizontalDpi],
    ['verticalDpi', setup.verticalDpi],
    ['scale', setup.scale],
    ['fitToWidth', setup.fitToWidth],
    ['fitToHeight', setup.fitToHeight],
  ]);
  return (
    '</sheetData>' +
    (protection?.sheet
      ? `<sheetProtection sheet="1"${protection.selectLockedCells === false ? ' selectLockedCells="1"' : ''}${protection.selectUnlockedCells === false ? ' selectUnlockedCells="1"' : ''}/>`
      : '') +
    (filter
      ? `<autoFilter ref="${typeof filter === 'string' ? xmlText(filter) : `${columnLetter(filter.from.column)}${filter.from.row}:${columnLetter(filter.to.column)}${filter.to.row}`}"/>`
      : '') +
    (model.merges.length > 0 ? `<mergeCells count="${model.merges.length}">${model.merges.map((ref) => `<mergeCell ref="${xmlText(ref)}"/>`).join('')}</mergeCells>` : '') +
    bars.map(dataBarXml).join('') +
    validations.xml() +
    (margins
      ? `<pageMargins${attributes([['left', margins.left], ['right', margins.right], ['top', margins.top], ['bottom', margins.bottom], ['header', margins.header], ['footer', margins.footer]])}/>`
      : '') +
    (pageSetup ? `<pageSetup${pageSetup}/>` : '') +
    (footer?.oddHeader || footer?.oddFooter
      ? `<headerFooter>${footer.oddHeader ? `<oddHeader>${xmlText(footer.oddHeader)}</oddHeader>` : ''}${footer.oddFooter ? `<oddFooter>${xmlText(footer.oddFooter)}</oddFooter>` : ''}</headerFooter>`
      : '') +
    (links.drawing ? `<drawing r:id="${links.drawing}"/>` : '') +
    (links.vml ? `<legacyDrawing r:id="${links.vml}"/>` : '') +
    dataBarExtensionXml(bars) +
    '</worksheet>'
  );
}

interface SheetContext {
  name: string;
  strings: SharedStrings;
  styles: StyleSheet;
  notes: SheetNotes;
  validations: SheetValidations;
}

function noteText(comment: NonNullable<CellModel['comment']>, where: string): string {
  const note = comment.note;
  if (typeof note === 'string') return note;
  if (note && Array.isArray(note.texts)) return note.texts.map((run) => run.text).join('');
  throw unsupported('a note of this form', where);
}

const WRITABLE_TYPES = new Set([ExcelJS.ValueType.Null, ExcelJS.ValueType.Merge, ExcelJS.ValueType.Number, ExcelJS.ValueType.String, ExcelJS.ValueType.Date, ExcelJS.ValueType.Boolean]);

async function writePageRows(entry: ZipEntry, model: SheetModel, sheet: SheetContext): Promise<void> {
  for (const [address, validation] of Object.entries(model.dataValidations)) sheet.validations.addRange(address, validation);
  for (const row of model.rows) {
    if (row.hidden || row.outlineLevel || !isEmpty(row.style ?? null)) throw unsupported('hidden, outlined or styled rows', `${model.name} row ${row.number}`);
    let cells = '';
    for (const cell of row.cells) {
      const where = `${model.name}!${cell.address}`;
      if (!WRITABLE_TYPES.has(cell.type)) throw unsupported('formulas, links, rich text or error values', where);
      if (cell.comment) {
        const { row: rowNumber, column } = parseAddress(cell.address);
        sheet.notes.add(rowNumber, column, noteText(cell.comment, where));
      }
      const value = cell.type === ExcelJS.ValueType.Null || cell.type === ExcelJS.ValueType.Merge ? null : (cell.value as CellContent);
      cells += cellXml(cell.address, sheet.styles.id(cell.style, value instanceof Date, where), value, sheet.strings, where);
    }
    await entry.write(`<row r="${row.number}"${row.height ? ` ht="${row.height}" customHeight="1"` : ''}>${cells}</row>`);
  }
}

async function writeTableRows<R>(entry: ZipEntry, { columns, rows }: PlannedTable<R>, sheet: SheetContext): Promise<void> {
  const letters = columns.map((_column, index) => columnLetter(index + 1));
  const widths = columns.map((column) => (column.hidden ? 0 : column.width));
  const headerStyle = sheet.styles.id(TABLE_HEADER_STYLE, false, `${sheet.name} header`);
  const header = columns.map((column, c) => cellXml(`${letters[c]}1`, headerStyle, column.header, sheet.strings, `${sheet.name}!${letters[c]}1`)).join('');
  await entry.write(`<row r="1" ht="${TABLE_HEADER_HEIGHT}" customHeight="1">${header}</row>`);

  // A column's cells differ only in number format and tone, so each column keeps its style numbers by those two.
  const styleNumbers = columns.map(() => new Map<string, number>());
  const toneKeys = new Map<Tone, string>();
  const toneKey = (tone: Tone) => {
    let key = toneKeys.get(tone);
    if (key === undefined) toneKeys.set(tone, (key = JSON.stringify(tone)));
    return key;
  };
  for (let r = 0; r < rows.length; r += 1) {
    const row = rows[r]!;
    const number = r + 2;
    let cells = '';
    let lines = 1;
    for (let c = 0; c < columns.length; c += 1) {
      const column = columns[c]!;
      if (column.validation) sheet.validations.addCell(number, c + 1, column.validation(row));
      const value = column.value(row);
      const tone = column.tone?.(row);
      const note = column.note?.(row);
      if (!tableCellShown(value, tone, column) && !note) continue;
      const address = `${letters[c]}${number}`;
      if (note) sheet.notes.add(number, c + 1, note);
      const numFmt = tableNumFmt(column, row, value);
      const isDate = value instanceof Date;
      const key = `${numFmt ?? ''}|${tone ? toneKey(tone) : ''}|${isDate}`;
      let style = styleNumbers[c]!.get(key);
      if (style === undefined) {
        style = sheet.styles.id(tableCellStyle(column, numFmt, tone), isDate, `${sheet.name}!${address}`);
        styleNumbers[c]!.set(key, style);
      }
      cells += cellXml(address, style, value, sheet.strings, `${sheet.name}!${address}`);
      if (column.wrap && value !== null) lines = Math.max(lines, wrappedLines(value, widths[c]!));
    }
    const height = rowHeightFor(lines);
    // A row with nothing in it is left out, as a spreadsheet leaves it.
    if (cells || height) await entry.write(`<row r="${number}"${height ? ` ht="${height}" customHeight="1"` : ''}>${cells}</row>`);
  }
}

function pageDimension(model: SheetModel): string {
  let top = Infinity;
  let left = Infinity;
  let bottom = 0;
  let right = 0;
  for (const row of model.rows) {
    for (const cell of row.cells) {
      const { row: number, column } = parseAddress(cell.address);
      top = Math.min(top, number);
      bottom = Math.max(bottom, number);
      left = Math.min(left, column);
      right = Math.max(right, column);
    }
  }
  return bottom === 0 ? 'A1' : `${columnLetter(left)}${top}:${columnLetter(right)}${bottom}`;
}

/** Writes `sheet` as `xl/worksheets/sheet{number}.xml`, with its notes' and pictures' parts after it. */
export async function writeWorksheet(
  zip: ZipWriter,
  number: number,
  worksheet: ExcelJS.Worksheet,
  table: PlannedTable | undefined,
  shared: { strings: SharedStrings; styles: StyleSheet; media: WorkbookMedia },
): Promise<WrittenSheet> {
  const model = worksheet.model as unknown as SheetModel;
  refuseUnsupported(model);
  if (table && model.rows.length > 0) throw unsupported('cells set on a table sheet besides its rows', `sheet ${model.name}`);
  const pictures = picturesOf(model);
  const sheet: SheetContext = { name: model.name, ...shared, notes: new SheetNotes(), validations: new SheetValidations() };
  const bars = dataBars(model, number);
  const entry = await zip.entry(`xl/worksheets/sheet${number}.xml`);
  const dimension = table ? `A1:${columnLetter(table.columns.length)}${table.rows.length + 1}` : pageDimension(model);
  await entry.write(headXml(model, dimension));
  if (table) await writeTableRows(entry, table, sheet);
  else await writePageRows(entry, model, sheet);
  const hasNotes = sheet.notes.count > 0;
  const hasDrawing = pictures.length > 0;
  const links = sheetRelationships(number, hasDrawing, hasNotes);
  await entry.write(tailXml(model, sheet.validations, bars, links));
  await entry.close();
  if (hasNotes) await sheet.notes.write(zip, `xl/comments${number}.xml`, `xl/drawings/vmlDrawing${number}.vml`);
  if (hasDrawing) await writeDrawing(zip, number, pictures, shared.media);
  if (hasNotes || hasDrawing) await zip.add(`xl/worksheets/_rels/sheet${number}.xml.rels`, links.xml);
  return { name: model.name, state: model.state, printTitlesRow: (model.pageSetup.printTitlesRow as string | undefined) ?? null, hasNotes, hasDrawing };
}
