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
import { shown } from './limits';
import { detectHeaderRow, detectPreset, headerKey, headerNames, suggestMapping, unitIsGuessed } from './mapping';
import type { MappingMemory } from './mappingMemory';
import { IMPORTED_VM_FIELDS, MergePlanner, type InventoryPlan } from './plan';
import { compileGrouping, recordBuilder } from './records';
import { cancelled, openSource, type ColumnFilter, type OpenedSource, type ReadControl, type SheetRow } from './source';
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
  rest: AsyncGenerator<SheetRow[]>;
  /** Narrowed to the mapped columns once the mapping is known; until then every column is read. */
  filter: ColumnFilter;
}

/** Reads up to the header (detected or given) and keeps the stream open for the data rows. */
async function readHeader(input: ImportSourceInput, control: ReadControl): Promise<Header> {
  const source = openSource(resolve(input.path), input);
  // The header is looked for in the first rows, read whole, with the sample under it; the columns are narrowed after them.
  const filter: ColumnFilter = { columns: null, rowsBeforeNarrowing: HEADER_SCAN_ROWS + SAMPLE_ROWS };
  const batches = source.batches(control, filter);
  const scanned: SheetRow[] = [];
  const wanted = input.headerRow;
  let filledRows = 0;
  const enough = () =>
    wanted === undefined ? scanned.length >= HEADER_SCAN_ROWS + SAMPLE_ROWS : scanned.filter((r) => r.rowNumber > wanted).length >= SAMPLE_ROWS;
  for (;;) {
    if (enough()) break;
    const next = await batches.next();
    if (next.done) break;
    filledRows += next.value.length;
    // Rows above a header row given by the caller are never looked at again.
    for (const row of next.value) if (wanted === undefined || row.rowNumber >= wanted) scanned.push(row);
  }
  const where = source.kind === 'csv' ? source.fileName : `${source.fileName}, sheet "${source.sheet}"`;
  if (filledRows === 0) {
    await batches.return(undefined);
    throw refuse('empty-sheet', `${where} is empty: there is no row to import.`);
  }
  const headerRow = wanted ?? detectHeaderRow(scanned.slice(0, HEADER_SCAN_ROWS));
  const header = scanned.find((r) => r.rowNumber === headerRow);
  if (headerRow === null || !header) {
    await batches.return(undefined);
    throw refuse(
      'no-header',
      wanted === undefined
        ? `${where} has no usable header row: none of its first ${HEADER_SCAN_ROWS} rows names the columns (e.g. "VM", "Name", "CPUs", "Memory"). Add a header row, or choose the header row yourself.`
        : `${where} has nothing in row ${wanted} to use as the header.`,
    );
  }
  return { source, headerRow, headers: headerNames(header.cells), buffered: scanned.filter((r) => r.rowNumber > headerRow), rest: batches, filter };
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
    cells: headers.map((_, i) => (row.cells[i] === null || row.cells[i] === undefined ? '' : shown(String(row.cells[i])))),
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

/** What reading an inventory found, without the VMs themselves. */
export interface ImportReadSummary {
  fileName: string;
  sheet: string;
  headerRow: number;
  headers: string[];
  preset: ImportPreset;
  mapping: ImportMapping;
  grouping: ImportGrouping;
  rowsRead: number;
  problems: RowProblem[];
  problemCount: number;
  rowErrors: number;
  skipped: Record<SkipReason, number>;
  warnings: string[];
}

export interface ReadImport extends ImportReadSummary {
  vms: ImportedVm[];
}

/** An inventory being read: the mapping decided from its header, then its VMs batch by batch, the counts in `read` growing as they come. */
interface RecordReading {
  read: ImportReadSummary;
  vms(): AsyncGenerator<ImportedVm[]>;
  close(): Promise<void>;
}

async function openRecords(options: ImportOptions, control: ReadControl, memory: MappingMemory | null, detailRows: number | undefined): Promise<RecordReading> {
  const header = await readHeader(options, control);
  const { headers, source } = header;
  const close = async () => {
    await header.rest.return(undefined);
  };
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
      cellsOwnTheirText: source.kind === 'xlsx',
    });
    // From here on only the columns the mapping reads become values; the others are passed over.
    const columns = new Uint8Array(Math.max(0, ...builder.columns) + 1);
    for (const column of builder.columns) columns[column] = 1;
    header.filter.columns = columns;
    const read: ImportReadSummary = {
      fileName: source.fileName,
      sheet: source.sheet,
      headerRow: header.headerRow,
      headers,
      preset,
      mapping,
      grouping,
      rowsRead: 0,
      problems: [],
      problemCount: 0,
      rowErrors: 0,
      skipped: Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>,
      warnings,
    };
    const build = (rows: SheetRow[]) => {
      const vms: ImportedVm[] = [];
      for (const row of rows) {
        const built = builder.build(row);
        if (!built) continue;
        read.rowsRead += 1;
        vms.push(built.vm);
        if (built.vm.skipped) read.skipped[built.vm.skipped] += 1;
        for (const problem of built.problems) {
          read.problemCount += 1;
          if (read.problems.length < MAX_PROBLEMS) read.problems.push(problem);
        }
        if (built.problems.some((p) => p.severity === 'error')) read.rowErrors += 1;
      }
      return vms;
    };
    async function* vms(): AsyncGenerator<ImportedVm[]> {
      yield build(header.buffered.splice(0));
      for await (const batch of header.rest) yield build(batch);
    }
    return { read, vms, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Reads every row of the file into VMs, with the problems of each row; writes nothing. */
export async function readImport(options: ImportOptions, control: ReadControl, memory: MappingMemory | null, detailRows?: number): Promise<ReadImport> {
  const reading = await openRecords(options, control, memory, detailRows);
  const all: ImportedVm[] = [];
  try {
    for await (const vms of reading.vms()) for (const vm of vms) all.push(vm);
  } finally {
    await reading.close();
  }
  return { ...reading.read, vms: all };
}

function mappedFields(mapping: ImportMapping): Set<ImportField> {
  return new Set((Object.entries(mapping.columns) as [ImportField, string[] | undefined][]).filter(([, c]) => c && c.length > 0).map(([f]) => f));
}

/** What an import is merged into: the open engagement, or (for a dry run) a snapshot of one. */
export type ImportTarget = EngagementStore | { vms: Vm[]; applications: Pick<Application, 'id' | 'name'>[] };
type Existing = { vms: Vm[]; applications: Pick<Application, 'id' | 'name'>[] };

function existingOf(target: ImportTarget | null): Existing {
  if (target === null) return { vms: [], applications: [] };
  return 'applyInventoryImport' in target ? { vms: target.vms(), applications: target.applications() } : target;
}

/** Whether the engagement still holds the VMs and applications a plan was made against. */
function unchanged(before: Existing, now: Existing): boolean {
  if (before === now) return true;
  if (before.vms.length !== now.vms.length || before.applications.length !== now.applications.length) return false;
  const sameVm = (a: Vm, b: Vm) => a.id === b.id && a.name === b.name && IMPORTED_VM_FIELDS.every((field) => a[field] === b[field]);
  return before.vms.every((vm, i) => sameVm(vm, now.vms[i]!)) && before.applications.every((app, i) => app.id === now.applications[i]!.id && app.name === now.applications[i]!.name);
}

interface Planned {
  read: ImportReadSummary;
  vms: ImportedVm[];
  plan: InventoryPlan;
  summary: ImportPlanSummary;
}

/**
 * Reads the file and plans the merge as the rows arrive, batch by batch. The engagement is
 * looked at again once the file is read: had anything changed meanwhile (another window's
 * edit during a long read), the plan is made again against what is there now, so that what is
 * applied always matches the engagement it is applied to.
 */
async function readAndPlan(options: ImportOptions, control: ReadControl, memory: MappingMemory | null, target: ImportTarget | null, detailRows: number): Promise<Planned> {
  const reading = await openRecords(options, control, memory, detailRows);
  const fields = mappedFields(reading.read.mapping);
  const existing = existingOf(target);
  let planner = new MergePlanner(fields, existing);
  const all: ImportedVm[] = [];
  try {
    for await (const vms of reading.vms()) {
      for (const vm of vms) {
        planner.add(vm);
        all.push(vm);
      }
    }
  } finally {
    await reading.close();
  }
  const now = existingOf(target);
  if (!unchanged(existing, now)) {
    planner = new MergePlanner(fields, now);
    for (const vm of all) planner.add(vm);
  }
  return { read: reading.read, vms: all, ...planner.finish() };
}

export async function previewImport(
  options: ImportOptions,
  store: EngagementStore | null,
  control: ReadControl,
  memory: MappingMemory | null,
  rows = 50,
): Promise<ImportPreview> {
  const { read, vms, summary } = await readAndPlan(options, control, memory, store, rows);
  const existingApps = new Set((store?.applications() ?? []).map((a) => a.name.toLowerCase()));
  const groups = new Map<string, { name: string; vmCount: number; exists: boolean }>();
  let ungroupedVms = 0;
  for (const vm of vms) {
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
    rows: vms.slice(0, rows),
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
  read: ImportReadSummary;
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
  const { read, plan, summary } = await readAndPlan(options, control, memory, target, 0);
  // An import of nothing would still leave an entry in the audit trail and the import history.
  if (read.rowsRead === 0) throw refuse('empty-sheet', `${read.fileName} has a header row (row ${read.headerRow}) but no rows under it to import.`);
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
