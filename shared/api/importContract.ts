import { z } from 'zod';
import { safePath } from '../text/safeText';

/**
 * The inventory import as the API offers it: inspect a file, preview the import with a chosen
 * mapping and grouping, apply it, undo it. One definition for the core, the CLI and the wizard.
 */

export const IMPORT_FIELDS = [
  'name',
  'application',
  'owner',
  'criticality',
  'os',
  'vcpu',
  'memory',
  'storage',
  'powerState',
  'template',
  'host',
  'cluster',
  'site',
  'notes',
  'tags',
] as const;
export const ImportField = z.enum(IMPORT_FIELDS);
export type ImportField = z.infer<typeof ImportField>;

/** What each field is called on screen and in the CLI summary. */
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  name: 'VM name',
  application: 'Application',
  owner: 'Owner',
  criticality: 'Criticality',
  os: 'Operating system',
  vcpu: 'vCPU',
  memory: 'Memory',
  storage: 'Provisioned storage',
  powerState: 'Power state',
  template: 'Template',
  host: 'Host',
  cluster: 'Cluster',
  site: 'Site / datacenter',
  notes: 'Notes',
  tags: 'Tags',
};

export const IMPORT_PRESETS = ['rvtools', 'azure-migrate', 'generic'] as const;
export const ImportPreset = z.enum(IMPORT_PRESETS);
export type ImportPreset = z.infer<typeof ImportPreset>;

export const SIZE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;
export const SizeUnit = z.enum(SIZE_UNITS);
export type SizeUnit = z.infer<typeof SizeUnit>;

const Header = z.string().min(1).max(500);

/**
 * Field -> the columns it is read from. Several columns are summed for storage (Azure Migrate's
 * one column per disk), joined for OS, notes and tags, and the first filled one wins otherwise.
 */
export const ImportMapping = z
  .object({
    columns: z.partialRecord(ImportField, z.array(Header).max(64)),
    memoryUnit: SizeUnit,
    storageUnit: SizeUnit,
  })
  .strict();
export type ImportMapping = z.infer<typeof ImportMapping>;

export const MAX_GROUP_PATTERN_LENGTH = 200;

export const ImportGrouping = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  /** The value of a column (application, annotation, folder, a tag...). */
  z.object({ kind: z.literal('column'), column: Header }).strict(),
  /** The VM name up to the first delimiter: "ERP-DB01" with "-" -> "ERP". */
  z.object({ kind: z.literal('prefix'), delimiter: z.string().min(1).max(10) }).strict(),
  /** The first capture group (or the whole match) of a regular expression on the VM name. */
  z.object({ kind: z.literal('pattern'), pattern: z.string().min(1).max(MAX_GROUP_PATTERN_LENGTH) }).strict(),
]);
export type ImportGrouping = z.infer<typeof ImportGrouping>;

export const CsvEncodingChoice = z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']);
export const CsvDelimiterChoice = z.enum([',', ';', '\t']);

const FilePath = safePath();

export const ImportSourceInput = z
  .object({
    path: FilePath,
    sheet: z.string().min(1).max(300).optional(),
    /** The row holding the headers, as the spreadsheet numbers it; detected when absent. */
    headerRow: z.number().int().min(1).max(1_000_000).optional(),
    encoding: CsvEncodingChoice.optional(),
    delimiter: CsvDelimiterChoice.optional(),
  })
  .strict();
export type ImportSourceInput = z.infer<typeof ImportSourceInput>;

export const ImportOptions = ImportSourceInput.extend({
  /** Detected from the headers when absent. */
  preset: ImportPreset.optional(),
  /** The preset's suggestion (or the one remembered for this file shape) when absent. */
  mapping: ImportMapping.optional(),
  /** By the mapped application column when absent, else none. */
  grouping: ImportGrouping.optional(),
  skipTemplates: z.boolean().default(false),
  skipPoweredOff: z.boolean().default(false),
}).strict();
export type ImportOptionsInput = z.input<typeof ImportOptions>;
export type ImportOptions = z.output<typeof ImportOptions>;

export const ImportInspection = z.object({
  path: z.string(),
  fileName: z.string(),
  kind: z.enum(['xlsx', 'csv']),
  sheets: z.array(z.string()),
  sheet: z.string(),
  encoding: CsvEncodingChoice.nullable(),
  delimiter: CsvDelimiterChoice.nullable(),
  headerRow: z.number().int(),
  headers: z.array(z.string()),
  /** The first rows under the header, as text, for the mapping step. */
  sampleRows: z.array(z.object({ rowNumber: z.number().int(), cells: z.array(z.string()) })),
  /** The first few distinct values of each column, in the headers' order, shown beside each way of grouping. */
  columnSamples: z.array(z.array(z.string())),
  detectedPreset: ImportPreset,
  preset: ImportPreset,
  mapping: ImportMapping,
  /** True when the mapping is the one chosen last time for a file with these headers. */
  remembered: z.boolean(),
  /** The way of grouping offered first: the one remembered for this file shape, else the most useful column (or name prefix) found. */
  grouping: ImportGrouping,
  /** The column "by the value of a column" starts on when another way is chosen. */
  likelyColumn: z.string().nullable(),
  warnings: z.array(z.string()),
});
export type ImportInspection = z.infer<typeof ImportInspection>;

export const SKIP_REASONS = ['no-name', 'duplicate', 'template', 'powered-off', 'totals'] as const;
export const SkipReason = z.enum(SKIP_REASONS);
export type SkipReason = z.infer<typeof SkipReason>;

export const RowProblem = z.object({
  rowNumber: z.number().int(),
  /** The header of the column concerned; null when it is about the whole row. */
  column: z.string().nullable(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});
export type RowProblem = z.infer<typeof RowProblem>;

export const ImportedVm = z.object({
  rowNumber: z.number().int(),
  name: z.string(),
  application: z.string().nullable(),
  owner: z.string(),
  criticality: z.string(),
  os: z.string(),
  vcpu: z.number().nullable(),
  memoryGb: z.number().nullable(),
  provisionedGb: z.number().nullable(),
  /** The largest disk, when the file lists disks one by one; null otherwise. */
  largestDiskGb: z.number().nullable(),
  powerState: z.enum(['poweredOn', 'poweredOff', 'suspended', 'unknown']),
  template: z.boolean(),
  host: z.string(),
  cluster: z.string(),
  site: z.string(),
  notes: z.string(),
  tags: z.string(),
  skipped: SkipReason.nullable(),
  /** What the merge does with it: new, changed, unchanged; null when skipped. */
  outcome: z.enum(['new', 'changed', 'unchanged']).nullable(),
});
export type ImportedVm = z.infer<typeof ImportedVm>;

export const VmChange = z.object({
  name: z.string(),
  rowNumber: z.number().int(),
  fields: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
});

export const ImportPlanSummary = z.object({
  newVms: z.number().int(),
  changedVms: z.number().int(),
  unchangedVms: z.number().int(),
  /** VMs of the engagement the file does not mention: left as they are. */
  notInFile: z.number().int(),
  notInFileNames: z.array(z.string()),
  newApplications: z.array(z.string()),
  existingApplications: z.array(z.string()),
  changes: z.array(VmChange),
});
export type ImportPlanSummary = z.infer<typeof ImportPlanSummary>;

const SkippedCounts = z.record(SkipReason, z.number().int());

export const ImportPreview = z.object({
  rowsRead: z.number().int(),
  /** The first rows as they will be imported (skipped ones included, with the reason). */
  rows: z.array(ImportedVm),
  problems: z.array(RowProblem),
  problemCount: z.number().int(),
  skipped: SkippedCounts,
  groups: z.array(z.object({ name: z.string(), vmCount: z.number().int(), exists: z.boolean() })),
  ungroupedVms: z.number().int(),
  plan: ImportPlanSummary,
  warnings: z.array(z.string()),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportResult = z.object({
  importId: z.string(),
  dryRun: z.boolean(),
  rowsRead: z.number().int(),
  vmsCreated: z.number().int(),
  vmsUpdated: z.number().int(),
  vmsUnchanged: z.number().int(),
  vmsSkipped: SkippedCounts,
  applicationsCreated: z.number().int(),
  rowErrors: z.number().int(),
  problems: z.array(RowProblem),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ImportUndoResult = z.object({
  importId: z.string(),
  vmsRemoved: z.number().int(),
  vmsRestored: z.number().int(),
  applicationsRemoved: z.number().int(),
});
export type ImportUndoResult = z.infer<typeof ImportUndoResult>;

export const ImportRecord = z.object({
  importId: z.string(),
  at: z.string(),
  actor: z.string(),
  fileName: z.string(),
  vmsCreated: z.number().int(),
  vmsUpdated: z.number().int(),
  applicationsCreated: z.number().int(),
  undone: z.boolean(),
});
export type ImportRecord = z.infer<typeof ImportRecord>;

export const ImportProgress = z.object({ running: z.boolean(), rowsRead: z.number().int() });
