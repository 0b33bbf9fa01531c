import type { ImportedVm, ImportField, ImportGrouping, ImportMapping, RowProblem, SizeUnit } from '../../../shared/api/importContract';
import { MAX_GROUP_PATTERN_LENGTH } from '../../../shared/api/importContract';
import { refuse } from './fileKind';
import { FirstRows } from './firstRows';
import { shown } from './limits';
import { namesOneDisk, unitOf } from './mapping';
import type { Cell, SheetRow } from './source';
import { cleanText } from '../../../shared/text/safeText';

/** Turns sheet rows into VMs: numbers however they were typed, units, power states, skips, groups. */

const GIB_PER: Record<SizeUnit, number> = { KiB: 1 / 1024 ** 2, MiB: 1 / 1024, GiB: 1, TiB: 1024 };
const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** Runs of spaces, tabs or line breaks: only these make `text` build a new string. */
const UNTIDY_SPACE = /[^\S ]| {2}/;

const text = (cell: Cell | undefined): string => {
  if (cell === null || cell === undefined) return '';
  const value = String(cell);
  // Most cells are tidy already; keeping the very string spares a copy per row of a large sheet.
  return (UNTIDY_SPACE.test(value) ? value.replace(/\s+/g, ' ') : value).trim();
};

/**
 * A copy of the string that holds nothing else. Cell text read from a CSV file is a slice of a
 * much larger decoded chunk, and so is the start of an over-long cell: keeping one VM name
 * would keep that whole chunk or cell alive.
 */
function detach(value: string): string {
  return value === '' ? value : Buffer.from(value, 'utf8').toString('utf8');
}

/**
 * One string for each distinct value of a column such as OS, host or application: a sheet of
 * 100,000 rows repeats a few hundred of them, and each row would otherwise hold its own copy.
 */
function interner(limit = 50_000): (value: string) => string {
  const seen = new Map<string, string>();
  return (value) => {
    if (value === '') return value;
    const known = seen.get(value);
    if (known !== undefined) return known;
    const own = detach(value);
    if (seen.size < limit) seen.set(own, own);
    return own;
  };
}

/**
 * A number typed or stored any usual way: 16, "16", "1,024", "1.024,5", "2 048", "16 GB".
 * Returns the unit when the cell names one, so "512 MB" in a GB column still reads right.
 */
export function parseNumber(cell: Cell | undefined): { value: number; unit: SizeUnit | null } | null | 'invalid' {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return Number.isFinite(cell) ? { value: cell, unit: null } : 'invalid';
  if (typeof cell === 'boolean') return 'invalid';
  let raw = cell.replace(/[\s\u00a0\u202f]/g, '');
  if (raw === '' || raw === '-' || raw.toLowerCase() === 'n/a') return null;
  let unit: SizeUnit | null = null;
  const withUnit = /^(.*?)(KiB|KB|MiB|MB|GiB|GB|TiB|TB)$/i.exec(raw);
  if (withUnit) {
    raw = withUnit[1]!;
    unit = unitOf(withUnit[2]!);
  }
  const lastComma = raw.lastIndexOf(',');
  const lastDot = raw.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    raw = lastComma > lastDot ? raw.replace(/\./g, '').replace(',', '.') : raw.replace(/,/g, '');
  } else if (lastComma >= 0) {
    raw = /^-?\d{1,3}(,\d{3})+$/.test(raw) ? raw.replace(/,/g, '') : raw.replace(',', '.');
  } else if (/^-?\d{1,3}(\.\d{3}){2,}$/.test(raw)) {
    raw = raw.replace(/\./g, '');
  }
  if (!/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw)) return 'invalid';
  const value = Number(raw);
  // "1e999" passes the pattern but is Infinity, which SQLite and JSON would each store differently.
  return Number.isFinite(value) ? { value, unit } : 'invalid';
}

export function parsePowerState(cell: Cell | undefined): ImportedVm['powerState'] | null {
  const value = text(cell).toLowerCase().replace(/[\s_-]/g, '');
  if (value === '') return 'unknown';
  if (['poweredon', 'on', 'running', 'started', 'up', 'active', 'vmrunning', 'powerstate/running'].includes(value)) return 'poweredOn';
  if (['poweredoff', 'off', 'stopped', 'deallocated', 'down', 'shutdown', 'shutoff', 'vmdeallocated', 'powerstate/deallocated'].includes(value)) return 'poweredOff';
  if (['suspended', 'paused', 'saved'].includes(value)) return 'suspended';
  return null;
}

function parseFlag(cell: Cell | undefined): boolean {
  if (typeof cell === 'boolean') return cell;
  if (typeof cell === 'number') return cell !== 0;
  return ['true', 'yes', 'y', 'x', '1', 'wahr', 'vrai', 'ja'].includes(text(cell).toLowerCase());
}

/** What a formula cell shows when it fails, whether read from an .xlsx or from Excel's CSV export of it. */
const EXCEL_ERROR = /^#(N\/A|REF!|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|GETTING_DATA)$/;
const isExcelError = (value: string) => value.charCodeAt(0) === 35 && EXCEL_ERROR.test(value);

/** As the engagement's ApplicationName allows. */
const MAX_APPLICATION_NAME = 120;

const TOTALS = /^(grand\s+)?(totals?|sum|summe|gesamt|total\s+général)\b[:\s]*$/i;

/** A group name from a VM name or a column, checked as an application name would be. */
export type GroupOf = (name: string, cells: Cell[]) => string | null;

/** Nested quantifiers ("(a+)+", "(\w*)*") are what makes a pattern take exponential time. */
function hasNestedQuantifier(pattern: string): boolean {
  const stack: boolean[] = [];
  let quantifiedInside = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i]!;
    if (char === '\\') {
      i += 1;
      continue;
    }
    if (char === '(') {
      stack.push(quantifiedInside);
      quantifiedInside = false;
    } else if (char === ')') {
      const inner = quantifiedInside;
      quantifiedInside = stack.pop() ?? false;
      const next = pattern[i + 1];
      if (inner && (next === '*' || next === '+' || next === '{')) return true;
      if (inner) quantifiedInside = true;
    } else if (char === '*' || char === '+' || char === '{') quantifiedInside = true;
  }
  return false;
}

export function compileGrouping(grouping: ImportGrouping, headers: string[]): GroupOf {
  const clean = (value: string) => {
    const trimmed = cleanText(value).replace(/\s+/g, ' ').trim();
    return trimmed === '' ? null : trimmed.slice(0, MAX_APPLICATION_NAME).trim();
  };
  switch (grouping.kind) {
    case 'none':
      return () => null;
    case 'column': {
      const index = headers.indexOf(grouping.column);
      if (index < 0) throw refuse('bad-option', `There is no column "${grouping.column}" to group by; the columns are ${headers.map((h) => `"${h}"`).join(', ')}.`);
      return (_name, cells) => {
        const value = text(cells[index]);
        return isExcelError(value) ? null : clean(value);
      };
    }
    case 'prefix':
      return (name) => {
        const at = name.indexOf(grouping.delimiter);
        return at > 0 ? clean(name.slice(0, at)) : null;
      };
    case 'pattern': {
      if (grouping.pattern.length > MAX_GROUP_PATTERN_LENGTH || hasNestedQuantifier(grouping.pattern) || /\\[1-9]/.test(grouping.pattern)) {
        throw refuse('bad-option', `The grouping pattern is refused: it may take too long on some names (nested repetition such as "(a+)+" or a back-reference). Simplify it, e.g. "^([A-Z]+)-".`);
      }
      let regex: RegExp;
      try {
        regex = new RegExp(grouping.pattern, 'i');
      } catch (error) {
        throw refuse('bad-option', `The grouping pattern is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}.`);
      }
      return (name) => {
        const match = regex.exec(name);
        if (!match) return null;
        return clean(match[1] ?? match[0]);
      };
    }
  }
}

const NO_PROBLEMS: RowProblem[] = [];

export interface RecordBuilder {
  build(row: SheetRow): { vm: ImportedVm; problems: RowProblem[] } | null;
  /** The columns (by index) a row is read from: the mapped ones and the one grouped by. */
  columns: number[];
}

/** A cell's text inside a message: enough to find it, never a whole over-long cell repeated in every problem. */
const QUOTED_LENGTH = 80;
const quoted = (value: string) => `"${value.length > QUOTED_LENGTH ? `${value.slice(0, QUOTED_LENGTH)}…` : value}"`;
/** The most a VM name may have; a longer one skips its row, and is kept only this long to say which row. */
const MAX_VM_NAME = 200;

export interface BuildOptions {
  headers: string[];
  mapping: ImportMapping;
  groupOf: GroupOf;
  skipTemplates: boolean;
  skipPoweredOff: boolean;
  /** Rows that keep owner, criticality, site, notes and tags; all when absent. */
  detailRows?: number | undefined;
  /** The column the VMs are grouped by, if any, so that an error shown in it is reported. */
  groupColumn?: string | undefined;
  /**
   * Each cell's text is a string of its own (an .xlsx's), not a piece of a larger decoded text
   * (a CSV's): a VM name is then kept as it is, without a copy.
   */
  cellsOwnTheirText?: boolean | undefined;
}

export function recordBuilder(options: BuildOptions): RecordBuilder {
  const { headers, mapping } = options;
  const indexes = {} as Record<ImportField, number[]>;
  for (const [field, columns] of Object.entries(mapping.columns) as [ImportField, string[]][]) {
    indexes[field] = columns.map((column) => {
      const index = headers.indexOf(column);
      if (index < 0) throw refuse('bad-option', `The column "${column}" mapped to ${field} is not in the header row; the columns are ${headers.map((h) => `"${h}"`).join(', ')}.`);
      return index;
    });
  }
  const firstRows = new FirstRows();
  const intern = interner();
  // A sheet spells its power states a handful of ways: each spelling is read once.
  const powerStates = new Map<Cell | undefined, ImportedVm['powerState'] | null>();
  const powerStateOf = (cell: Cell | undefined) => {
    let state = powerStates.get(cell);
    if (state === undefined) {
      state = parsePowerState(cell);
      if (powerStates.size < 1000) powerStates.set(cell, state);
    }
    return state;
  };
  let detailed = 0;
  const NONE: number[] = [];
  const columnsOf = (field: ImportField) => indexes[field] ?? NONE;
  // A cell showing an Excel error is no value: it is left out, and the row says where it was.
  const errorCells: { column: string; value: string }[] = [];
  const valueAt = (cells: Cell[], i: number) => {
    // Cleaned as the store will keep it, so a re-import matches the names it wrote the first time.
    const value = cleanText(text(cells[i]));
    if (!isExcelError(value)) return value;
    const column = headers[i]!;
    if (!errorCells.some((e) => e.column === column)) errorCells.push({ column, value });
    return '';
  };
  const first = (cells: Cell[], field: ImportField) => {
    for (const i of columnsOf(field)) {
      const value = valueAt(cells, i);
      if (value !== '') return value;
    }
    return '';
  };
  const joined = (cells: Cell[], field: ImportField, separator: string) => {
    let result = '';
    for (const i of columnsOf(field)) {
      const value = valueAt(cells, i);
      if (value !== '') result = result === '' ? value : `${result}${separator}${value}`;
    }
    return result;
  };
  const groupIndex = options.groupColumn === undefined ? -1 : headers.indexOf(options.groupColumn);

  // The row being built. The helpers below are made once per import rather than once per row
  // (a large sheet made hundreds of thousands of short-lived closures and arrays); a row without
  // problems shares one empty list, which nobody changes.
  let rowNumber = 0;
  let problems: RowProblem[] = NO_PROBLEMS;
  const problem = (column: string | null, message: string, severity: RowProblem['severity'] = 'warning') => {
    if (problems === NO_PROBLEMS) problems = [];
    problems.push({ rowNumber, column, message, severity });
  };
  const number = (cells: Cell[], field: 'vcpu' | 'memory' | 'storage', unit: SizeUnit | null, sum: boolean): number | null => {
    let total: number | null = null;
    for (const i of columnsOf(field)) {
      const parsed = parseNumber(cells[i]);
      if (parsed === null) continue;
      if (parsed === 'invalid' || parsed.value < 0) {
        problem(headers[i]!, `${quoted(text(cells[i]))} is not a ${parsed === 'invalid' ? 'number' : 'positive number'}; left empty`);
        continue;
      }
      const value = unit === null ? parsed.value : parsed.value * GIB_PER[parsed.unit ?? unit];
      total = (total ?? 0) + value;
      if (!sum) break;
    }
    return total === null ? null : round3(total);
  };
  // Only columns that each hold one disk tell the largest disk; a total says nothing about its parts.
  const storageColumns = columnsOf('storage');
  const perDisk = storageColumns.length > 0 && storageColumns.every((i) => namesOneDisk(headers[i]!));
  const largestDisk = (cells: Cell[]): number | null => {
    let largest: number | null = null;
    for (const i of storageColumns) {
      const parsed = parseNumber(cells[i]);
      if (parsed === null || parsed === 'invalid' || parsed.value < 0) continue;
      largest = Math.max(largest ?? 0, parsed.value * GIB_PER[parsed.unit ?? mapping.storageUnit]);
    }
    return largest === null ? null : round3(largest);
  };
  const limit = (field: ImportField, value: string, max: number) => {
    if (value.length <= max) return value;
    problem(headers[columnsOf(field)[0]!] ?? null, `longer than ${max} characters; cut short`);
    return value.slice(0, max);
  };
  const firstFilled = (cells: Cell[]): string => {
    for (const cell of cells) {
      const value = text(cell);
      if (value !== '') return value;
    }
    return '';
  };

  const columns = [...new Set([...Object.values(indexes).flat(), ...(groupIndex >= 0 ? [groupIndex] : [])])];
  return {
    columns,
    build(row) {
      const { cells } = row;
      rowNumber = row.rowNumber;
      problems = NO_PROBLEMS;
      errorCells.length = 0;
      const filled = firstFilled(cells);
      const name = first(cells, 'name');
      if (TOTALS.test(filled) && (name === '' || TOTALS.test(name))) {
        return { vm: emptyVm(rowNumber, filled, 'totals'), problems };
      }
      let vcpu = number(cells, 'vcpu', null, false);
      if (vcpu !== null && !Number.isInteger(vcpu)) {
        problem(headers[columnsOf('vcpu')[0]!] ?? null, `${vcpu} vCPU is not a whole number; rounded to ${Math.round(vcpu)}`);
        vcpu = Math.round(vcpu);
      }
      const powerCell = cells[columnsOf('powerState')[0] ?? -1];
      let powerState = powerStateOf(powerCell);
      if (powerState === null) {
        problem(headers[columnsOf('powerState')[0]!]!, `${quoted(text(powerCell))} is not a power state this import knows (on, off, suspended); recorded as unknown`);
        powerState = 'unknown';
      }
      const template = columnsOf('template').some((i) => parseFlag(cells[i]));
      if (groupIndex >= 0 && valueAt(cells, groupIndex).length > MAX_APPLICATION_NAME) {
        problem(headers[groupIndex]!, `longer than ${MAX_APPLICATION_NAME} characters, the most an application name has; cut short`);
      }
      const group = name === '' ? null : options.groupOf(name, cells);
      // Details the engagement does not store are dropped once the preview has enough rows to show, and cut to what a preview shows.
      const details = options.detailRows === undefined || detailed < options.detailRows;
      if (details) detailed += 1;
      const vm: ImportedVm = {
        rowNumber,
        // An over-long name skips the row; only its start is kept, to show which row it was.
        name: name.length > MAX_VM_NAME ? detach(name.slice(0, MAX_VM_NAME)) : options.cellsOwnTheirText ? name : detach(name),
        application: group === null ? null : intern(group),
        owner: details ? intern(shown(first(cells, 'owner'))) : '',
        criticality: details ? intern(shown(first(cells, 'criticality'))) : '',
        os: intern(limit('os', joined(cells, 'os', ' '), 300)),
        vcpu,
        memoryGb: number(cells, 'memory', mapping.memoryUnit, false),
        provisionedGb: number(cells, 'storage', mapping.storageUnit, true),
        largestDiskGb: perDisk ? largestDisk(cells) : null,
        powerState,
        template,
        host: intern(limit('host', first(cells, 'host'), 300)),
        cluster: intern(limit('cluster', first(cells, 'cluster'), 300)),
        site: details ? intern(shown(first(cells, 'site'))) : '',
        notes: details ? intern(shown(joined(cells, 'notes', '; '))) : '',
        tags: details ? intern(shown(joined(cells, 'tags', '; '))) : '',
        skipped: null,
        outcome: null,
      };
      const nameColumn = headers[columnsOf('name')[0] ?? -1] ?? null;
      const nameError = name === '' ? errorCells.find((e) => columnsOf('name').some((i) => headers[i] === e.column)) : undefined;
      for (const cell of errorCells) {
        if (cell !== nameError) problem(cell.column, `the cell shows the Excel error ${cell.value}; left empty`);
      }
      if (nameError) {
        problem(nameError.column, `the VM name cell shows the Excel error ${nameError.value}; row skipped`, 'error');
        vm.skipped = 'no-name';
      } else if (name === '') {
        problem(nameColumn, 'no VM name; row skipped', 'error');
        vm.skipped = 'no-name';
      } else if (name.length > MAX_VM_NAME) {
        problem(nameColumn, `the VM name is longer than ${MAX_VM_NAME} characters; row skipped`, 'error');
        vm.skipped = 'no-name';
        vm.name += '…';
      } else {
        const earlier = firstRows.firstRow(name, rowNumber);
        if (earlier !== undefined) {
          problem(nameColumn, `"${name}" appears again (first in row ${earlier}); this row is skipped`, 'error');
          vm.skipped = 'duplicate';
        } else {
          if (template && options.skipTemplates) vm.skipped = 'template';
          else if (powerState === 'poweredOff' && options.skipPoweredOff) vm.skipped = 'powered-off';
        }
      }
      return { vm, problems };
    },
  };
}

function emptyVm(rowNumber: number, name: string, skipped: ImportedVm['skipped']): ImportedVm {
  return {
    rowNumber,
    name,
    application: null,
    owner: '',
    criticality: '',
    os: '',
    vcpu: null,
    memoryGb: null,
    provisionedGb: null,
    largestDiskGb: null,
    powerState: 'unknown',
    template: false,
    host: '',
    cluster: '',
    site: '',
    notes: '',
    tags: '',
    skipped,
    outcome: null,
  };
}
