import type ExcelJS from 'exceljs';
import type { ZipWriter } from './zipStream';
import { cellText, columnLetter, keepsSpaces, xmlText } from './xmlText';

/**
 * What a sheet gathers while its rows are written and writes after them: the workbook's shared
 * strings, the sheet's notes, and its drop-downs. Each keeps a few numbers per cell, not the cells.
 */

/** Each distinct text once for the whole workbook; cells refer to it by number. */
export class SharedStrings {
  private readonly numbers = new Map<string, number>();
  private uses = 0;

  number(text: string): number {
    this.uses += 1;
    let number = this.numbers.get(text);
    if (number === undefined) this.numbers.set(text, (number = this.numbers.size));
    return number;
  }

  async write(zip: ZipWriter, name: string): Promise<void> {
    const entry = await zip.entry(name);
    await entry.write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.uses}" uniqueCount="${this.numbers.size}">`);
    for (const text of this.numbers.keys()) await entry.write(`<si><t${keepsSpaces(text) ? ' xml:space="preserve"' : ''}>${cellText(text)}</t></si>`);
    await entry.write('</sst>');
    await entry.close();
  }
}

/**
 * A sheet's notes: the text of each distinct note once, and per note its cell. Excel wants each
 * note twice, its text in `commentsN.xml` and the little yellow box it opens in `vmlDrawingN.vml`.
 */
export class SheetNotes {
  private readonly texts = new Map<string, number>();
  private readonly cells: number[] = [];

  add(row: number, column: number, text: string): void {
    let number = this.texts.get(text);
    if (number === undefined) this.texts.set(text, (number = this.texts.size));
    this.cells.push(row, column, number);
  }

  get count(): number {
    return this.cells.length / 3;
  }

  async write(zip: ZipWriter, commentsName: string, drawingName: string): Promise<void> {
    const texts = [...this.texts.keys()].map((text) => `<text><r><t${keepsSpaces(text) ? ' xml:space="preserve"' : ''}>${cellText(text)}</t></r></text>`);
    const comments = await zip.entry(commentsName);
    await comments.write(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>Author</author></authors><commentList>',
    );
    for (let i = 0; i < this.cells.length; i += 3) {
      await comments.write(`<comment ref="${columnLetter(this.cells[i + 1]!)}${this.cells[i]}" authorId="0">${texts[this.cells[i + 2]!]}</comment>`);
    }
    await comments.write('</commentList></comments>');
    await comments.close();

    const drawing = await zip.entry(drawingName);
    await drawing.write(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
        '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>' +
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>',
    );
    for (let i = 0; i < this.cells.length; i += 3) await drawing.write(noteShape(this.cells[i]!, this.cells[i + 1]!, i / 3));
    await drawing.write('</xml>');
    await drawing.close();
  }
}

/** The hidden box a note opens in, anchored beside its cell as Excel places a new note. */
function noteShape(row: number, column: number, index: number): string {
  const top = Math.max(row - 2, 0);
  return (
    `<v:shape id="_x0000_s${1025 + index}" type="#_x0000_t202" style="position:absolute; margin-left:105.3pt;margin-top:10.5pt;width:97.8pt;height:59.1pt;z-index:1;visibility:hidden" fillcolor="infoBackground [80]" strokecolor="none [81]" o:insetmode="auto">` +
    '<v:fill color2="infoBackground [80]"/><v:shadow color="none [81]" obscured="t"/><v:path o:connecttype="none"/>' +
    '<v:textbox style="mso-direction-alt:auto" inset="1.3mm,1.3mm,2.5mm,2.5mm"><div style="text-align:left"/></v:textbox>' +
    `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${column}, 6, ${top}, 14, ${column + 2}, 2, ${top + 4}, 16</x:Anchor>` +
    `<x:Locked>True</x:Locked><x:AutoFill>False</x:AutoFill><x:LockText>True</x:LockText><x:Row>${row - 1}</x:Row><x:Column>${column - 1}</x:Column></x:ClientData></v:shape>`
  );
}

/** Days since 1899-12-30, as spreadsheets count dates (times as fractions). */
export function excelDate(date: Date): number {
  return 25569 + date.getTime() / 86_400_000;
}

function validationXml(validation: ExcelJS.DataValidation, sqref: string): string {
  const attributes: [string, string | undefined][] = [['type', validation.type]];
  if (validation.operator && validation.type !== 'list' && validation.operator !== 'between') attributes.push(['operator', validation.operator]);
  if (validation.allowBlank) attributes.push(['allowBlank', '1']);
  if (validation.showInputMessage) attributes.push(['showInputMessage', '1']);
  attributes.push(['promptTitle', validation.promptTitle], ['prompt', validation.prompt]);
  if (validation.showErrorMessage) attributes.push(['showErrorMessage', '1']);
  attributes.push(['errorStyle', validation.errorStyle], ['errorTitle', validation.errorTitle], ['error', validation.error], ['sqref', sqref]);
  const formulae = (validation.formulae ?? []).map((formula: unknown, index) => {
    const text = validation.type === 'date' ? String(excelDate(new Date(formula as string | number | Date))) : String(formula);
    return `<formula${index + 1}>${xmlText(text)}</formula${index + 1}>`;
  });
  return `<dataValidation${attributes.map(([name, value]) => (value ? ` ${name}="${xmlText(value)}"` : '')).join('')}>${formulae.join('')}</dataValidation>`;
}

/**
 * A sheet's drop-downs and limits. Rows of a column that share a validation in a run become one
 * range, and each distinct validation is written once with all its ranges, as Excel itself keeps
 * them.
 */
export class SheetValidations {
  private readonly ranges = new Map<string, { validation: ExcelJS.DataValidation; ranges: string[] }>();
  private readonly keys = new WeakMap<ExcelJS.DataValidation, string>();
  private readonly runs = new Map<number, { key: string; from: number; to: number }>();

  private keyOf(validation: ExcelJS.DataValidation): string {
    let key = this.keys.get(validation);
    if (key === undefined) {
      key = JSON.stringify(validation);
      this.keys.set(validation, key);
      if (!this.ranges.has(key)) this.ranges.set(key, { validation, ranges: [] });
    }
    return key;
  }

  /** A range given whole, e.g. from a page's own validations. */
  addRange(range: string, validation: ExcelJS.DataValidation): void {
    this.ranges.get(this.keyOf(validation))!.ranges.push(range);
  }

  /** The cell at `row` of `column`, rows coming in order. */
  addCell(row: number, column: number, validation: ExcelJS.DataValidation | null): void {
    const run = this.runs.get(column);
    const key = validation ? this.keyOf(validation) : null;
    if (run && run.key === key && run.to === row - 1) {
      run.to = row;
      return;
    }
    if (run) this.endRun(column, run);
    if (key === null) this.runs.delete(column);
    else this.runs.set(column, { key, from: row, to: row });
  }

  private endRun(column: number, run: { key: string; from: number; to: number }): void {
    const letter = columnLetter(column);
    this.ranges.get(run.key)!.ranges.push(run.from === run.to ? `${letter}${run.from}` : `${letter}${run.from}:${letter}${run.to}`);
  }

  xml(): string {
    for (const [column, run] of this.runs) this.endRun(column, run);
    this.runs.clear();
    const used = [...this.ranges.values()].filter((entry) => entry.ranges.length > 0);
    if (used.length === 0) return '';
    return `<dataValidations count="${used.length}">${used.map(({ validation, ranges }) => validationXml(validation, ranges.join(' '))).join('')}</dataValidations>`;
  }
}
