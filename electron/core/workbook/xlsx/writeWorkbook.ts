import themeXml from 'exceljs/lib/xlsx/xml/theme1.js';
import { open } from 'node:fs/promises';
import type { DefinedName, WorkbookPlan } from '../workbookPlan';
import { WorkbookMedia } from './pictures';
import { SharedStrings } from './sheetParts';
import { StyleSheet } from './styleSheet';
import { writeWorksheet, type WrittenSheet } from './worksheetXml';
import { unsupported } from './unsupported';
import { xmlText } from './xmlText';
import { BufferOutput, FileOutput, ZipWriter, type ZipOutput } from './zipStream';

/**
 * Writes a workbook plan as an .xlsx file sheet by sheet, straight into the zip: the parts that
 * depend on every sheet (shared strings, styles, the workbook and its relationships) come last.
 */

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOCUMENT_RELATIONSHIP = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function relationships(entries: [id: string, type: string, target: string][]): string {
  const items = entries.map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`);
  return `${XML_HEADER}<Relationships xmlns="${RELATIONSHIPS}">${items.join('')}</Relationships>`;
}

/** `'Follow-ups'!$1:$1` from `1:1`: the rows printed on top of every page. */
function printTitles(sheet: WrittenSheet): string {
  const rows = sheet.printTitlesRow!.split(':').map((row) => `$${row}`);
  return `'${sheet.name.replace(/'/g, "''")}'!${rows.join(':')}`;
}

function workbookXml(sheets: WrittenSheet[], names: readonly DefinedName[]): string {
  const list = sheets.map((sheet, index) => `<sheet sheetId="${index + 1}" name="${xmlText(sheet.name)}" state="${sheet.state}" r:id="rId${index + 4}"/>`);
  const defined = [
    ...names.map(({ name, range }) => `<definedName name="${xmlText(name)}">${xmlText(range)}</definedName>`),
    ...sheets.flatMap((sheet, index) => (sheet.printTitlesRow ? [`<definedName name="_xlnm.Print_Titles" localSheetId="${index}">${xmlText(printTitles(sheet))}</definedName>`] : [])),
  ];
  return (
    XML_HEADER +
    `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${DOCUMENT_RELATIONSHIP}">` +
    '<workbookPr defaultThemeVersion="164011" filterPrivacy="1"/>' +
    `<sheets>${list.join('')}</sheets>` +
    (defined.length > 0 ? `<definedNames>${defined.join('')}</definedNames>` : '') +
    '<calcPr calcId="171027"/></workbook>'
  );
}

/** The content type of each kind of picture file, by its extension. */
const PICTURE_TYPES: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', jpg: 'image/jpeg', gif: 'image/gif' };

function contentTypesXml(sheets: WrittenSheet[], pictureExtensions: ReadonlySet<string>): string {
  const part = (name: string, type: string) => `<Override PartName="${name}" ContentType="application/vnd.openxmlformats-${type}"/>`;
  const sheetParts = sheets.flatMap((sheet, index) => [
    part(`/xl/worksheets/sheet${index + 1}.xml`, 'officedocument.spreadsheetml.worksheet+xml'),
    ...(sheet.hasNotes ? [part(`/xl/comments${index + 1}.xml`, 'officedocument.spreadsheetml.comments+xml')] : []),
    ...(sheet.hasDrawing ? [part(`/xl/drawings/drawing${index + 1}.xml`, 'officedocument.drawing+xml')] : []),
  ]);
  const pictures = [...pictureExtensions].map((extension) => {
    const type = PICTURE_TYPES[extension];
    if (!type) throw unsupported(`a .${extension} picture`, 'the workbook');
    return `<Default Extension="${extension}" ContentType="${type}"/>`;
  });
  return (
    XML_HEADER +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    (sheets.some((sheet) => sheet.hasNotes) ? '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>' : '') +
    pictures.join('') +
    part('/xl/workbook.xml', 'officedocument.spreadsheetml.sheet.main+xml') +
    sheetParts.join('') +
    part('/xl/theme/theme1.xml', 'officedocument.theme+xml') +
    part('/xl/styles.xml', 'officedocument.spreadsheetml.styles+xml') +
    part('/xl/sharedStrings.xml', 'officedocument.spreadsheetml.sharedStrings+xml') +
    part('/docProps/core.xml', 'package.core-properties+xml') +
    part('/docProps/app.xml', 'officedocument.extended-properties+xml') +
    '</Types>'
  );
}

function appXml(sheets: WrittenSheet[]): string {
  const names = sheets.map((sheet) => `<vt:lpstr>${xmlText(sheet.name)}</vt:lpstr>`).join('');
  return (
    XML_HEADER +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    '<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
    `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${sheets.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${sheets.length}" baseType="lpstr">${names}</vt:vector></TitlesOfParts>` +
    '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>'
  );
}

function coreXml(plan: WorkbookPlan): string {
  // Seconds only: the W3C date form Office writes.
  const created = plan.book.created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    XML_HEADER +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:creator>${xmlText(plan.book.creator)}</dc:creator><dc:title>${xmlText(plan.book.title)}</dc:title><cp:lastModifiedBy>${xmlText(plan.book.creator)}</cp:lastModifiedBy>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${created}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

async function writeWorkbook(plan: WorkbookPlan, output: ZipOutput): Promise<void> {
  const zip = new ZipWriter(output, plan.book.created);
  const shared = { strings: new SharedStrings(), styles: new StyleSheet(), media: new WorkbookMedia(plan.book) };
  const sheets: WrittenSheet[] = [];
  for (const worksheet of plan.book.worksheets) sheets.push(await writeWorksheet(zip, sheets.length + 1, worksheet, plan.tableOf(worksheet), shared));
  await shared.strings.write(zip, 'xl/sharedStrings.xml');
  await zip.add('xl/styles.xml', shared.styles.xml());
  await zip.add('xl/theme/theme1.xml', themeXml);
  await zip.add('xl/workbook.xml', workbookXml(sheets, plan.definedNames));
  await zip.add(
    'xl/_rels/workbook.xml.rels',
    relationships([
      ['rId1', `${DOCUMENT_RELATIONSHIP}/styles`, 'styles.xml'],
      ['rId2', `${DOCUMENT_RELATIONSHIP}/theme`, 'theme/theme1.xml'],
      ['rId3', `${DOCUMENT_RELATIONSHIP}/sharedStrings`, 'sharedStrings.xml'],
      ...sheets.map((_sheet, index): [string, string, string] => [`rId${index + 4}`, `${DOCUMENT_RELATIONSHIP}/worksheet`, `worksheets/sheet${index + 1}.xml`]),
    ]),
  );
  await zip.add('[Content_Types].xml', contentTypesXml(sheets, shared.media.extensions));
  await zip.add(
    '_rels/.rels',
    relationships([
      ['rId1', `${DOCUMENT_RELATIONSHIP}/officeDocument`, 'xl/workbook.xml'],
      ['rId2', `${RELATIONSHIPS}/metadata/core-properties`, 'docProps/core.xml'],
      ['rId3', `${DOCUMENT_RELATIONSHIP}/extended-properties`, 'docProps/app.xml'],
    ]),
  );
  await zip.add('docProps/app.xml', appXml(sheets));
  await zip.add('docProps/core.xml', coreXml(plan));
  await zip.finish();
}

/** Writes the workbook to `path` (which it creates or replaces). */
export async function writeWorkbookFile(plan: WorkbookPlan, path: string): Promise<void> {
  const file = await open(path, 'w');
  try {
    await writeWorkbook(plan, new FileOutput(file));
  } finally {
    await file.close();
  }
}

/** The workbook's bytes, for a workbook small enough to hold in memory. */
export async function workbookBytes(plan: WorkbookPlan): Promise<Buffer> {
  const output = new BufferOutput();
  await writeWorkbook(plan, output);
  return output.bytes();
}
