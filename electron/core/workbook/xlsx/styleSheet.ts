import type ExcelJS from 'exceljs';
import { onlyKeys, unsupported } from './unsupported';
import { xmlText } from './xmlText';

/**
 * The workbook's styles: each distinct cell style becomes one entry of `styles.xml`, and cells
 * refer to it by number. Styles come as exceljs style descriptions (the words the sheet modules
 * use); what this writer cannot carry is refused by name rather than dropped.
 */

export type CellStyle = Partial<ExcelJS.Style>;

/** Number formats every spreadsheet knows by number; others are declared in the file from 164 on. */
const BUILT_IN_FORMATS: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '0.00E+00': 11,
  '# ?/?': 12,
  '# ??/??': 13,
  'mm-dd-yy': 14,
  'd-mmm-yy': 15,
  'd-mmm': 16,
  'mmm-yy': 17,
  'h:mm AM/PM': 18,
  'h:mm:ss AM/PM': 19,
  'h:mm': 20,
  'h:mm:ss': 21,
  'm/d/yy h:mm': 22,
  'mm:ss': 45,
  '[h]:mm:ss': 46,
  'mmss.0': 47,
  '##0.0E+0': 48,
  '@': 49,
};
/** What a date without a number format of its own is shown with, as exceljs and Excel do. */
const DATE_FORMAT_ID = 14;

const DEFAULT_FONT = '<font><color theme="1"/><family val="2"/><scheme val="minor"/><sz val="11"/><name val="Calibri"/></font>';
const DEFAULT_FILLS = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
const DEFAULT_XF = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';

function colorXml(tag: string, color: Partial<ExcelJS.Color> | undefined, where: string): string {
  if (!color) return '';
  if (color.argb) return `<${tag} rgb="${xmlText(color.argb)}"/>`;
  if (color.theme !== undefined) return `<${tag} theme="${Number(color.theme)}"/>`;
  throw unsupported('a colour other than ARGB or theme', where);
}

function fontXml(font: Partial<ExcelJS.Font>, where: string): string {
  onlyKeys(font, ['name', 'size', 'bold', 'italic', 'color'], 'the font setting', where);
  return (
    '<font>' +
    (font.bold ? '<b/>' : '') +
    (font.italic ? '<i/>' : '') +
    colorXml('color', font.color, where) +
    (font.size !== undefined ? `<sz val="${Number(font.size)}"/>` : '') +
    (font.name ? `<name val="${xmlText(font.name)}"/>` : '') +
    '</font>'
  );
}

function fillXml(fill: ExcelJS.Fill, where: string): string {
  if (fill.type !== 'pattern') throw unsupported(`a ${fill.type} fill`, where);
  onlyKeys(fill, ['type', 'pattern', 'fgColor'], 'the fill setting', where);
  const colors = colorXml('fgColor', fill.fgColor, where);
  return `<fill><patternFill patternType="${xmlText(fill.pattern)}"${colors ? `>${colors}</patternFill>` : '/>'}</fill>`;
}

function alignmentXml(alignment: Partial<ExcelJS.Alignment>, where: string): string {
  onlyKeys(alignment, ['horizontal', 'vertical', 'wrapText'], 'the alignment setting', where);
  const attributes =
    (alignment.horizontal ? ` horizontal="${xmlText(alignment.horizontal)}"` : '') +
    // Excel's word for the middle is center.
    (alignment.vertical ? ` vertical="${alignment.vertical === 'middle' ? 'center' : xmlText(alignment.vertical)}"` : '') +
    (alignment.wrapText ? ' wrapText="1"' : '');
  return attributes ? `<alignment${attributes}/>` : '';
}

function isEmpty(value: object | undefined): boolean {
  return !value || Object.values(value).every((inner) => inner === undefined);
}

export class StyleSheet {
  private readonly formats = new Map<string, number>();
  private readonly fonts = new Map<string, number>([[DEFAULT_FONT, 0]]);
  private readonly fills = new Map<string, number>(DEFAULT_FILLS.map((xml, index) => [xml, index]));
  private readonly xfs = new Map<string, number>([[DEFAULT_XF, 0]]);
  /** Style objects shared by many cells are looked up once. */
  private readonly seen = new WeakMap<CellStyle, { plain: number; date: number }>();

  /** The number a cell refers to for `style`; a date without a number format of its own gets the date format. */
  id(style: CellStyle | undefined, isDate: boolean, where: string): number {
    if (!style) return isDate ? this.register({}, true, where) : 0;
    let known = this.seen.get(style);
    if (!known) {
      known = { plain: -1, date: -1 };
      this.seen.set(style, known);
    }
    const key = isDate ? 'date' : 'plain';
    if (known[key] < 0) known[key] = this.register(style, isDate, where);
    return known[key];
  }

  private register(style: CellStyle, isDate: boolean, where: string): number {
    onlyKeys(style, ['numFmt', 'font', 'fill', 'alignment'], 'the style setting', where);
    const numFmtId = style.numFmt ? this.formatId(style.numFmt) : isDate ? DATE_FORMAT_ID : 0;
    const fontId = style.font && !isEmpty(style.font) ? this.intern(this.fonts, fontXml(style.font, where)) : 0;
    const fillId = style.fill ? this.intern(this.fills, fillXml(style.fill, where)) : 0;
    const alignment = style.alignment ? alignmentXml(style.alignment, where) : '';
    const xf =
      `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="0" xfId="0"` +
      (numFmtId ? ' applyNumberFormat="1"' : '') +
      (fontId ? ' applyFont="1"' : '') +
      (fillId ? ' applyFill="1"' : '') +
      (alignment ? ` applyAlignment="1">${alignment}</xf>` : '/>');
    return this.intern(this.xfs, xf);
  }

  private formatId(code: string): number {
    const builtIn = BUILT_IN_FORMATS[code];
    if (builtIn !== undefined) return builtIn;
    let id = this.formats.get(code);
    if (id === undefined) this.formats.set(code, (id = 164 + this.formats.size));
    return id;
  }

  private intern(table: Map<string, number>, xml: string): number {
    let id = table.get(xml);
    if (id === undefined) table.set(xml, (id = table.size));
    return id;
  }

  xml(): string {
    const list = (tag: string, table: Map<string, number>, extra = '') => `<${tag} count="${table.size}"${extra}>${[...table.keys()].join('')}</${tag}>`;
    const formats = [...this.formats].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlText(code)}"/>`).join('');
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">' +
      (this.formats.size ? `<numFmts count="${this.formats.size}">${formats}</numFmts>` : '') +
      list('fonts', this.fonts, ' x14ac:knownFonts="1"') +
      list('fills', this.fills) +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      list('cellXfs', this.xfs) +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
      '</styleSheet>'
    );
  }
}
