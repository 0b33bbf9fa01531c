// The first way of grouping the wizard offers, from the columns and the first rows: the column
// most likely to name applications, never one that only holds identifiers.
import type { ImportGrouping, ImportMapping } from '../../../shared/api/importContract';

/** Identifiers inventory tools write (vCenter's "group-v138", "vm-1042", "domain-c7"), which name no application. */
const IDENTIFIER = /^(group|vm|host|domain|resgroup|datastore|network|dvportgroup|folder)-[a-z]?\d+$/i;
/** Headers whose values may name applications. */
const ANNOTATION = /annotation|notes?$|description|comment/i;
const FOLDER = /folder|path/i;
/** How many of the sample names must share a delimiter before the name prefix is offered. */
const PREFIX_SHARE = 0.6;
const SAMPLES_PER_COLUMN = 3;

type Rows = readonly { cells: readonly string[] }[];

/** The first few distinct, non-empty values of each column (in the headers' order), shown beside each grouping choice. */
export function columnSamples(headers: readonly string[], rows: Rows): string[][] {
  return headers.map((_, index) => {
    const values: string[] = [];
    for (const row of rows) {
      const value = (row.cells[index] ?? '').trim();
      if (value !== '' && !values.includes(value)) values.push(value);
      if (values.length === SAMPLES_PER_COLUMN) break;
    }
    return values;
  });
}

/** A column is worth grouping by when it has values and they are not identifiers. */
function useful(values: readonly string[] | undefined): boolean {
  return values !== undefined && values.length > 0 && !values.every((value) => IDENTIFIER.test(value) || /^\d+$/.test(value));
}

/**
 * In order: the column mapped to the application; an annotation or notes column; a folder path
 * (a value with "/" in it, never a folder id); else the start of the VM name when most names
 * share a delimiter; else none, to be assigned later.
 */
export function suggestGrouping(mapping: ImportMapping, headers: readonly string[], rows: Rows): ImportGrouping {
  const samples = columnSamples(headers, rows);
  const sampleOf = (header: string | undefined) => (header === undefined ? undefined : samples[headers.indexOf(header)]);
  const application = mapping.columns.application?.[0];
  if (application && useful(sampleOf(application))) return { kind: 'column', column: application };
  const annotation = headers.find((header) => ANNOTATION.test(header) && useful(sampleOf(header)));
  if (annotation) return { kind: 'column', column: annotation };
  const folder = headers.find((header) => FOLDER.test(header) && useful(sampleOf(header)) && sampleOf(header)!.some((value) => value.includes('/')));
  if (folder) return { kind: 'column', column: folder };
  const nameIndex = headers.indexOf(mapping.columns.name?.[0] ?? '');
  const names = nameIndex < 0 ? [] : rows.map((row) => (row.cells[nameIndex] ?? '').trim()).filter((name) => name !== '');
  for (const delimiter of ['-', '_', '.']) {
    const sharing = names.filter((name) => name.indexOf(delimiter) > 0).length;
    if (names.length > 0 && sharing / names.length >= PREFIX_SHARE) return { kind: 'prefix', delimiter };
  }
  return { kind: 'none' };
}

/** The column "by the value of a column" starts on: the one grouped by, else the likeliest one with values worth grouping by. */
export function likelyColumn(headers: readonly string[], rows: Rows, grouping: ImportGrouping): string | null {
  if (grouping.kind === 'column') return grouping.column;
  const samples = columnSamples(headers, rows);
  return headers.find((header, index) => (/application/i.test(header) || ANNOTATION.test(header) || FOLDER.test(header)) && useful(samples[index])) ?? null;
}
