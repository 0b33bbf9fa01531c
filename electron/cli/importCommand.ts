import { basename, resolve } from 'node:path';
import {
  IMPORT_FIELDS,
  IMPORT_PRESETS,
  ImportOptions,
  type ImportField,
  type ImportGrouping,
  type ImportMapping,
  type ImportOptionsInput,
  type ImportPreset,
  type SizeUnit,
  type SkipReason,
} from '../../shared/api/importContract';
import { importInventory, inspectImport, type ImportOutcome } from '../core/import/importer';
import { suggestMapping, unitOf } from '../core/import/mapping';
import { resolveActor } from '../core/settings';
import { EngagementStore } from '../core/store/engagementStore';
import { parse, UsageError, type Io, ACTOR_OPTION } from './args';

/**
 * `cwb import FILE INVENTORY`: the wizard's import without the screens. It starts from the
 * preset's mapping every time (never from what the app remembered), so a script gets the same
 * result on every machine; `--map` changes single fields of it.
 */

export const IMPORT_USAGE =
  '  cwb import FILE INVENTORY [--preset rvtools|azure-migrate|generic] [--sheet NAME] [--header-row N]\n' +
  '             [--map FIELD=HEADER[:UNIT] ...] [--group-by COLUMN | --group-pattern REGEX | --group-prefix DELIM]\n' +
  '             [--skip-templates] [--skip-powered-off] [--encoding E] [--delimiter D] [--dry-run] [--json]\n' +
  '                                                           merge a VM inventory (.xlsx or .csv) into the engagement';

/** How many rows of problems, changes or names the text summary shows before "and N more". */
const LIST_LIMIT = 20;

const SKIP_LABELS: Record<SkipReason, string> = {
  'no-name': 'without a VM name',
  duplicate: 'repeating a name already in the file',
  template: 'templates',
  'powered-off': 'powered off',
  totals: 'totals rows',
};

const DELIMITERS: Record<string, ',' | ';' | '\t'> = { ',': ',', comma: ',', ';': ';', semicolon: ';', '\t': '\t', tab: '\t' };

interface MapOverride {
  field: ImportField;
  header: string | null;
  unit: SizeUnit | null;
}

/** "memory=Memory:MiB" → memory from the "Memory" column, in MiB; "notes=" unmaps notes. */
function parseMap(spec: string): MapOverride {
  const at = spec.indexOf('=');
  if (at <= 0) throw new UsageError(`--map takes FIELD=HEADER, got "${spec}".`);
  const field = spec.slice(0, at).trim();
  if (!(IMPORT_FIELDS as readonly string[]).includes(field)) {
    throw new UsageError(`--map: "${field}" is not a field; the fields are ${IMPORT_FIELDS.join(', ')}.`);
  }
  let header = spec.slice(at + 1).trim();
  let unit: SizeUnit | null = null;
  // Only a known unit after the last colon is a unit, so a header such as "Notes: ops" stays whole.
  const suffix = /:\s*([A-Za-z]{2,3})$/.exec(header);
  if (suffix && unitOf(suffix[1]!)) {
    if (field !== 'memory' && field !== 'storage') throw new UsageError(`--map ${field}: only memory and storage take a unit.`);
    unit = unitOf(suffix[1]!);
    header = header.slice(0, suffix.index).trim();
  }
  return { field: field as ImportField, header: header === '' ? null : header, unit };
}

function applyOverrides(base: ImportMapping, overrides: MapOverride[]): ImportMapping {
  const columns: ImportMapping['columns'] = { ...base.columns };
  const replaced = new Set<ImportField>();
  let { memoryUnit, storageUnit } = base;
  for (const { field, header, unit } of overrides) {
    // The first --map of a field replaces the preset's columns; more of the same field add to them.
    const current = replaced.has(field) ? (columns[field] ?? []) : [];
    replaced.add(field);
    if (header === null) delete columns[field];
    else columns[field] = [...current, header];
    if (unit && field === 'memory') memoryUnit = unit;
    if (unit && field === 'storage') storageUnit = unit;
  }
  return { columns, memoryUnit, storageUnit };
}

function grouping(values: { 'group-by'?: string | undefined; 'group-pattern'?: string | undefined; 'group-prefix'?: string | undefined }): ImportGrouping | undefined {
  const given = (['group-by', 'group-pattern', 'group-prefix'] as const).filter((k) => values[k] !== undefined);
  if (given.length > 1) throw new UsageError(`Choose one way to group VMs, not ${given.map((k) => `--${k}`).join(' and ')}.`);
  if (values['group-by'] !== undefined) return { kind: 'column', column: values['group-by'] };
  if (values['group-pattern'] !== undefined) return { kind: 'pattern', pattern: values['group-pattern'] };
  if (values['group-prefix'] !== undefined) return { kind: 'prefix', delimiter: values['group-prefix'] };
  return undefined;
}

function options(args: string[]) {
  const { values, positionals } = parse(args, {
    preset: { type: 'string' },
    sheet: { type: 'string' },
    'header-row': { type: 'string' },
    map: { type: 'string', multiple: true },
    'group-by': { type: 'string' },
    'group-pattern': { type: 'string' },
    'group-prefix': { type: 'string' },
    'skip-templates': { type: 'boolean' },
    'skip-powered-off': { type: 'boolean' },
    encoding: { type: 'string' },
    delimiter: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    ...ACTOR_OPTION,
  });
  const [file, inventory, extra] = positionals;
  if (!file || !inventory) throw new UsageError('cwb import needs the engagement FILE and the INVENTORY spreadsheet to read.');
  if (extra) throw new UsageError(`cwb import takes one FILE and one INVENTORY, got also "${extra}".`);
  if (values.preset !== undefined && !(IMPORT_PRESETS as readonly string[]).includes(values.preset)) {
    throw new UsageError(`--preset must be one of ${IMPORT_PRESETS.join(', ')}, got "${values.preset}".`);
  }
  let headerRow: number | undefined;
  if (values['header-row'] !== undefined) {
    headerRow = Number(values['header-row']);
    if (!Number.isInteger(headerRow) || headerRow < 1) throw new UsageError(`--header-row must be a row number from 1, got "${values['header-row']}".`);
  }
  const delimiter = values.delimiter === undefined ? undefined : DELIMITERS[values.delimiter.toLowerCase()];
  if (values.delimiter !== undefined && !delimiter) throw new UsageError(`--delimiter must be comma, semicolon or tab, got "${values.delimiter}".`);
  const encodings = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
  const encoding = encodings.find((e) => e === values.encoding?.toLowerCase());
  if (values.encoding !== undefined && !encoding) throw new UsageError(`--encoding must be one of ${encodings.join(', ')}, got "${values.encoding}".`);
  return {
    file: resolve(file),
    inventory: resolve(inventory),
    preset: values.preset as ImportPreset | undefined,
    maps: (values.map ?? []).map(parseMap),
    source: { path: resolve(inventory), sheet: values.sheet, headerRow, encoding, delimiter },
    grouping: grouping(values),
    skipTemplates: Boolean(values['skip-templates']),
    skipPoweredOff: Boolean(values['skip-powered-off']),
    dryRun: Boolean(values['dry-run']),
    actor: values.actor,
    json: Boolean(values.json),
  };
}

/** The `--json` shape: a public contract, documented in the README. */
export function importJson(file: string, outcome: ImportOutcome) {
  const { result, read, summary } = outcome;
  return {
    file,
    inventory: read.fileName,
    sheet: read.sheet,
    preset: read.preset,
    mapping: read.mapping,
    grouping: read.grouping,
    ...result,
    importId: result.dryRun ? null : result.importId,
    problemCount: read.problemCount,
    plan: summary,
    warnings: read.warnings,
  };
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function limitedList<T>(items: T[], total: number, line: (item: T) => string): string[] {
  const lines = items.slice(0, LIST_LIMIT).map(line);
  const more = total - Math.min(items.length, LIST_LIMIT);
  if (more > 0) lines.push(`    and ${more.toLocaleString('en-US')} more`);
  return lines;
}

const shown = (value: unknown) => (value === null || value === '' ? '(empty)' : String(value));

export function importText(file: string, outcome: ImportOutcome): string {
  const { result, read, summary } = outcome;
  const skipped = (Object.entries(result.vmsSkipped) as [SkipReason, number][]).filter(([, n]) => n > 0);
  const skippedTotal = skipped.reduce((sum, [, n]) => sum + n, 0);
  const row = (label: string, value: string) => `  ${`${label}:`.padEnd(24)}${value}`;
  const n = (value: number) => value.toLocaleString('en-US');
  const lines = [
    result.dryRun
      ? `Dry run: ${read.fileName} (sheet "${read.sheet}", preset ${read.preset}) checked against ${basename(file)}; nothing was written.`
      : `Imported ${read.fileName} (sheet "${read.sheet}", preset ${read.preset}) into ${basename(file)}.`,
    row('rows read', n(result.rowsRead)),
    row(result.dryRun ? 'VMs to create' : 'VMs created', n(result.vmsCreated)),
    row(result.dryRun ? 'VMs to update' : 'VMs updated', n(result.vmsUpdated)),
    row('VMs unchanged', n(result.vmsUnchanged)),
    row('VMs skipped', `${n(skippedTotal)}${skipped.length ? ` (${skipped.map(([reason, k]) => `${n(k)} ${SKIP_LABELS[reason]}`).join(', ')})` : ''}`),
    row('not in the file', `${count(summary.notInFile, 'VM')} of the engagement, left as they are`),
    row(result.dryRun ? 'applications to add' : 'applications created', n(result.applicationsCreated)),
    row('row errors', n(result.rowErrors)),
  ];
  if (summary.newApplications.length > 0) {
    lines.push('', result.dryRun ? 'Applications to add:' : 'Applications created:');
    lines.push(...limitedList(summary.newApplications, summary.newApplications.length, (name) => `    ${name}`));
  }
  if (summary.changes.length > 0) {
    lines.push('', result.dryRun ? 'VMs to update:' : 'VMs updated:');
    lines.push(
      ...limitedList(summary.changes, summary.changedVms, (change) =>
        `    ${change.name} (row ${change.rowNumber}): ${change.fields.map((f) => `${f.field} ${shown(f.from)} → ${shown(f.to)}`).join(', ')}`,
      ),
    );
  }
  if (read.problemCount > 0) {
    lines.push('', 'Problems (row, column, why):');
    lines.push(
      ...limitedList(read.problems, read.problemCount, (p) => `    row ${p.rowNumber}${p.column ? `, column "${p.column}"` : ''}: ${p.message}${p.severity === 'error' ? '' : ' (warning)'}`),
    );
  }
  if (read.warnings.length > 0) lines.push('', ...read.warnings.map((w) => `Note: ${w}`));
  if (!result.dryRun) lines.push('', `Import id ${result.importId}: undo it as a whole from the app's import history.`);
  return lines.join('\n');
}

export async function importCommand(args: string[], io: Io): Promise<number> {
  const parsed = options(args);
  let mapping: ImportMapping | undefined;
  if (parsed.maps.length > 0) {
    // The overrides need the headers, so the top of the file is read once to find them.
    const inspection = await inspectImport(parsed.source, null);
    const base = parsed.preset ? suggestMapping(parsed.preset, inspection.headers) : inspection.mapping;
    mapping = applyOverrides(base, parsed.maps);
  }
  const input: ImportOptionsInput = {
    ...parsed.source,
    preset: parsed.preset,
    mapping,
    grouping: parsed.grouping,
    skipTemplates: parsed.skipTemplates,
    skipPoweredOff: parsed.skipPoweredOff,
  };
  const checked = ImportOptions.safeParse(input);
  if (!checked.success) throw new UsageError(checked.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; '));
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  let outcome: ImportOutcome;
  try {
    if (parsed.dryRun) {
      // A snapshot read without opening the file for writing: a dry run leaves it byte-identical.
      const view = EngagementStore.inspect(parsed.file);
      outcome = await importInventory({ ...checked.data, dryRun: true }, view, { signal: controller.signal }, null);
    } else {
      const store = EngagementStore.open(parsed.file, resolveActor(parsed.actor));
      try {
        outcome = await importInventory(checked.data, store, { signal: controller.signal }, null);
      } finally {
        store.close();
      }
    }
  } finally {
    process.off('SIGINT', interrupt);
  }
  io.out(parsed.json ? JSON.stringify(importJson(parsed.file, outcome), null, 2) : importText(parsed.file, outcome));
  return 0;
}
