import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import {
  IMPORT_FIELD_LABELS,
  SKIP_REASONS,
  type ImportedVm,
  type ImportField,
  type ImportGrouping,
  type ImportInspection,
  type ImportMapping,
  type ImportOptions,
  type ImportPlanSummary,
  type ImportPreset,
  type ImportPreview,
  type ImportResult,
  type ImportSourceInput,
  type RowProblem,
  type SkipReason,
} from '../../../shared/api/importContract';
import type { Application, Vm } from '../../../shared/domain/engagement';
import { CwbError } from '../errors';
import type { EngagementStore } from '../store/engagementStore';
import { refuse } from './fileKind';
import { detectHeaderRow, detectPreset, headerKey, headerNames, suggestMapping, unitIsGuessed } from './mapping';
import type { MappingMemory } from './mappingMemory';
import { planMerge } from './plan';
import { compileGrouping, recordBuilder } from './records';
import { cancelled, openSource, type OpenedSource, type ReadControl, type SheetRow } from './source';
import { columnSamples, likelyColumn, suggestGrouping } from './groupingSuggestion';

/** Rows looked at to find the header. */
const HEADER_SCAN_ROWS = 30;
const SAMPLE_ROWS = 10;
const MAX_PROBLEMS = 500;

interface Header {
  source: OpenedSource;
  headerRow: number;
  headers: string[];
  /** Rows already read past the header while looking for it. */
  buffered: SheetRow[];
  rest: AsyncGenerator<SheetRow>;
}

/** Reads up to the header (detected or given) and keeps the stream open for the data rows. */
async function readHeader(input: ImportSourceInput, control: ReadControl): Promise<Header> {
  const source = openSource(resolve(input.path), input);
  const rows = source.rows(control);
  const scanned: SheetRow[] = [];
  const wanted = input.headerRow;
  for (;;) {
    if (wanted === undefined ? scanned.length >= HEADER_SCAN_ROWS : scanned.some((r) => r.rowNumber > wanted)) break;
    const next = await rows.next();
    if (next.done) break;
    scanned.push(next.value);
  }
  const where = source.kind === 'csv' ? source.fileName : `${source.fileName}, sheet "${source.sheet}"`;
  if (scanned.length === 0) {
    await rows.return(undefined);
    throw refuse('empty-sheet', `${where} is empty: there is no row to import.`);
  }
  const headerRow = wanted ?? detectHeaderRow(scanned);
  const header = scanned.find((r) => r.rowNumber === headerRow);
  if (headerRow === null || !header) {
    await rows.return(undefined);
    throw refuse(
      'no-header',
      wanted === undefined
        ? `${where} has no usable header row: none of its first ${HEADER_SCAN_ROWS} rows names the columns (e.g. "VM", "Name", "CPUs", "Memory"). Add a header row, or choose the header row yourself.`
        : `${where} has nothing in row ${wanted} to use as the header.`,
    );
  }
  return { source, headerRow, headers: headerNames(header.cells), buffered: scanned.filter((r) => r.rowNumber > headerRow), rest: rows };
}

/** Without a grouping chosen (the CLI's documented default): the column mapped to the application, else none. */
function defaultGrouping(mapping: ImportMapping): ImportGrouping {
  const column = mapping.columns.application?.[0];
  return column ? { kind: 'column', column } : { kind: 'none' };
}

function mappingWarnings(preset: ImportPreset, mapping: ImportMapping): string[] {
  const warnings: string[] = [];
  if (!mapping.columns.name?.length) warnings.push('No column is mapped to the VM name; choose the column that names each VM.');
  for (const field of ['memory', 'storage'] as const) {
    const header = mapping.columns[field]?.[0];
    if (header && unitIsGuessed(preset, header, field)) {
      const unit = field === 'memory' ? mapping.memoryUnit : mapping.storageUnit;
      warnings.push(`"${header}" does not say its unit; ${IMPORT_FIELD_LABELS[field].toLowerCase()} is read as ${unit}. Change the unit if that is wrong.`);
    }
  }
  return warnings;
}

export async function inspectImport(input: ImportSourceInput, memory: MappingMemory | null): Promise<ImportInspection> {
  const header = await readHeader(input, {});
  await header.rest.return(undefined);
  const { source, headers } = header;
  const detectedPreset = detectPreset(headers, source.sheet);
  const remembered = memory?.recall(headerKey(headers)) ?? null;
  const preset = remembered?.preset ?? detectedPreset;
  const mapping = remembered?.mapping ?? suggestMapping(preset, headers);
  const sampleRows = header.buffered.slice(0, SAMPLE_ROWS).map((row) => ({
    rowNumber: row.rowNumber,
    cells: headers.map((_, i) => (row.cells[i] === null || row.cells[i] === undefined ? '' : String(row.cells[i]))),
  }));
  const grouping = remembered?.grouping ?? suggestGrouping(mapping, headers, sampleRows);
  return {
    path: resolve(input.path),
    fileName: source.fileName,
    kind: source.kind,
    sheets: source.sheets,
    sheet: source.sheet,
    encoding: source.encoding,
    delimiter: source.delimiter,
    headerRow: header.headerRow,
    headers,
    sampleRows,
    columnSamples: columnSamples(headers, sampleRows),
    detectedPreset,
    preset,
    mapping,
    remembered: remembered !== null,
    grouping,
    likelyColumn: likelyColumn(headers, sampleRows, grouping),
    warnings: mappingWarnings(preset, mapping),
  };
}

export interface ReadImport {
  fileName: string;
  sheet: string;
  headerRow: number;
  headers: string[];
  preset: ImportPreset;
  mapping: ImportMapping;
  grouping: ImportGrouping;
  rowsRead: number;
  vms: ImportedVm[];
  problems: RowProblem[];
  problemCount: number;
  rowErrors: number;
  skipped: Record<SkipReason, number>;
  warnings: string[];
}

/** Reads every row of the file into VMs, with the problems of each row; writes nothing. */
export async function readImport(
  options: ImportOptions,
  control: ReadControl,
  memory: MappingMemory | null,
  detailRows?: number,
): Promise<ReadImport> {
  const header = await readHeader(options, control);
  const { headers, source } = header;
  try {
    const remembered = options.mapping || options.preset ? null : (memory?.recall(headerKey(headers)) ?? null);
    const preset = options.preset ?? remembered?.preset ?? detectPreset(headers, source.sheet);
    const mapping = options.mapping ?? remembered?.mapping ?? suggestMapping(preset, headers);
    const grouping = options.grouping ?? remembered?.grouping ?? defaultGrouping(mapping);
    const warnings = mappingWarnings(preset, mapping);
    if (!mapping.columns.name?.length) {
      throw refuse('no-header', `${source.fileName}: no column is mapped to the VM name, so no VM can be imported. The columns are ${headers.map((h) => `"${h}"`).join(', ')}.`);
    }
    const builder = recordBuilder({
      headers,
      mapping,
      groupOf: compileGrouping(grouping, headers),
      groupColumn: grouping.kind === 'column' ? grouping.column : undefined,
      skipTemplates: options.skipTemplates,
      skipPoweredOff: options.skipPoweredOff,
      detailRows,
    });
    const result: ReadImport = {
      fileName: source.fileName,
      sheet: source.sheet,
      headerRow: header.headerRow,
      headers,
      preset,
      mapping,
      grouping,
      rowsRead: 0,
      vms: [],
      problems: [],
      problemCount: 0,
      rowErrors: 0,
      skipped: Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>,
      warnings,
    };
    const take = (row: SheetRow) => {
      const built = builder.build(row);
      if (!built) return;
      result.rowsRead += 1;
      result.vms.push(built.vm);
      if (built.vm.skipped) result.skipped[built.vm.skipped] += 1;
      for (const problem of built.problems) {
        result.problemCount += 1;
        if (result.problems.length < MAX_PROBLEMS) result.problems.push(problem);
      }
      if (built.problems.some((p) => p.severity === 'error')) result.rowErrors += 1;
    };
    header.buffered.forEach(take);
    for await (const row of header.rest) take(row);
    return result;
  } finally {
    await header.rest.return(undefined);
  }
}

function mappedFields(mapping: ImportMapping): Set<ImportField> {
  return new Set((Object.entries(mapping.columns) as [ImportField, string[] | undefined][]).filter(([, c]) => c && c.length > 0).map(([f]) => f));
}

/** What an import is merged into: the open engagement, or (for a dry run) a snapshot of one. */
export type ImportTarget = EngagementStore | { vms: Vm[]; applications: Pick<Application, 'id' | 'name'>[] };

function existingOf(target: ImportTarget | null) {
  if (target === null) return { vms: [], applications: [] };
  return 'applyInventoryImport' in target ? { vms: target.vms(), applications: target.applications() } : target;
}

function planFor(read: ReadImport, target: ImportTarget | null) {
  return planMerge(read.vms, mappedFields(read.mapping), existingOf(target));
}

export async function previewImport(
  options: ImportOptions,
  store: EngagementStore | null,
  control: ReadControl,
  memory: MappingMemory | null,
  rows = 50,
): Promise<ImportPreview> {
  const read = await readImport(options, control, memory, rows);
  const { summary } = planFor(read, store);
  const existingApps = new Set((store?.applications() ?? []).map((a) => a.name.toLowerCase()));
  const groups = new Map<string, { name: string; vmCount: number; exists: boolean }>();
  let ungroupedVms = 0;
  for (const vm of read.vms) {
    if (vm.skipped) continue;
    if (!vm.application) {
      ungroupedVms += 1;
      continue;
    }
    const key = vm.application.toLowerCase();
    const group = groups.get(key) ?? { name: vm.application, vmCount: 0, exists: existingApps.has(key) };
    group.vmCount += 1;
    groups.set(key, group);
  }
  return {
    rowsRead: read.rowsRead,
    rows: read.vms.slice(0, rows),
    problems: read.problems,
    problemCount: read.problemCount,
    skipped: read.skipped,
    groups: [...groups.values()].sort((a, b) => a.name.localeCompare(b.name)),
    ungroupedVms,
    plan: summary,
    warnings: read.warnings,
  };
}

export interface ImportOutcome {
  result: ImportResult;
  read: ReadImport;
  summary: ImportPlanSummary;
}

/**
 * Reads the whole file first; only then, when nothing went wrong and nobody cancelled, writes
 * the merge in one transaction. A failed or cancelled import has not touched the engagement.
 * A dry run may be given a snapshot instead of the store, so that nothing opens the file for writing.
 */
export async function importInventory(
  options: ImportOptions & { dryRun?: boolean },
  target: ImportTarget,
  control: ReadControl,
  memory: MappingMemory | null,
): Promise<ImportOutcome> {
  const dryRun = options.dryRun ?? false;
  const store = 'applyInventoryImport' in target ? target : null;
  if (!dryRun && !store) throw new CwbError('INTERNAL', 'An import can only be applied to an open engagement.');
  // Nothing shows the rows of an import, and the engagement keeps none of the details.
  const read = await readImport(options, control, memory, 0);
  // An import of nothing would still leave an entry in the audit trail and the import history.
  if (read.rowsRead === 0) throw refuse('empty-sheet', `${read.fileName} has a header row (row ${read.headerRow}) but no rows under it to import.`);
  const { plan, summary } = planFor(read, target);
  if (control.signal?.aborted) throw cancelled();
  const importId = randomUUID();
  const counts =
    dryRun || !store
      ? { vmsCreated: plan.creates.length, vmsUpdated: plan.updates.length, applicationsCreated: plan.applications.length }
      : store.applyInventoryImport(importId, { fileName: read.fileName, sheet: read.sheet }, plan);
  if (!dryRun) {
    memory?.remember(headerKey(read.headers), { preset: read.preset, mapping: read.mapping, grouping: read.grouping });
  }
  const result: ImportResult = {
    importId,
    dryRun,
    rowsRead: read.rowsRead,
    ...counts,
    vmsUnchanged: summary.unchangedVms,
    vmsSkipped: read.skipped,
    rowErrors: read.rowErrors,
    problems: read.problems,
  };
  return { result, read, summary };
}

export async function applyImport(
  options: ImportOptions & { dryRun?: boolean },
  store: EngagementStore,
  control: ReadControl,
  memory: MappingMemory | null,
): Promise<ImportResult> {
  return (await importInventory(options, store, control, memory)).result;
}
