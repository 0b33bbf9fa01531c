import { createHash } from 'node:crypto';
import type { ImportField, ImportMapping, ImportPreset, SizeUnit } from '../../../shared/api/importContract';
import type { Cell, SheetRow } from './source';

/**
 * Which row holds the headers, what each header means, and which preset the file looks like.
 * Headers are compared without case, spacing, a leading "*" (Azure Migrate's "required" mark)
 * or a unit: "Memory (GB)", "Provisioned MiB" and "*Memory (In MB)" are memory and storage
 * with their unit.
 */

const UNIT_PATTERN = /\(?\s*(?:in\s+)?\b(KiB|KB|MiB|MB|GiB|GB|TiB|TB)\b\s*\)?/i;

export function headerUnit(header: string): SizeUnit | null {
  const match = UNIT_PATTERN.exec(header);
  if (!match) return null;
  return unitOf(match[1]!);
}

export function unitOf(token: string): SizeUnit | null {
  const upper = token.toUpperCase();
  if (upper === 'KB' || upper === 'KIB') return 'KiB';
  if (upper === 'MB' || upper === 'MIB') return 'MiB';
  if (upper === 'GB' || upper === 'GIB') return 'GiB';
  if (upper === 'TB' || upper === 'TIB') return 'TiB';
  return null;
}

/** "*Memory (In MB)" -> "memory"; "Provisioned MiB" -> "provisioned". */
export function baseName(header: string): string {
  return header
    .replace(/^\s*\*/, '')
    .replace(UNIT_PATTERN, ' ')
    .replace(/[()[\]_]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const normalise = (header: string) => header.replace(/^\s*\*/, '').replace(/\s+/g, ' ').trim().toLowerCase();

/** A column holding the size of one disk (Azure Migrate's "Disk 2 size (In GB)"), not a VM's total. */
export function namesOneDisk(header: string): boolean {
  return /^disk \d+ (size|capacity)\b/.test(normalise(header));
}

/** Headers any inventory might use, by field (compared by base name). */
const GENERIC_ALIASES: Record<ImportField, string[]> = {
  name: ['vm', 'vm name', 'vmname', 'name', 'server', 'server name', 'servername', 'hostname', 'host name', 'computer name', 'computername', 'machine', 'machine name', 'virtual machine', 'virtual machine name', 'guest name'],
  application: ['application', 'application name', 'app', 'app name', 'service', 'business service', 'workload'],
  owner: ['owner', 'application owner', 'app owner', 'business owner', 'technical owner', 'contact'],
  criticality: ['criticality', 'business criticality', 'tier', 'service tier', 'priority', 'importance'],
  os: ['os', 'operating system', 'guest os', 'os name', 'os according to the configuration file', 'os type'],
  vcpu: ['vcpu', 'vcpus', 'cpu', 'cpus', 'num cpu', 'cpu count', 'cores', 'number of cores', 'virtual cpus', 'processors'],
  memory: ['memory', 'ram', 'memory size', 'configured memory', 'memory size gb', 'vram'],
  storage: ['provisioned', 'provisioned storage', 'provisioned space', 'storage', 'disk', 'disks size', 'disk size', 'total disk', 'total disk size', 'total storage', 'allocated storage', 'capacity'],
  powerState: ['power state', 'powerstate', 'power', 'state', 'status', 'vm state'],
  template: ['template', 'is template'],
  host: ['host', 'esx host', 'esxi host', 'hypervisor', 'host name esx', 'vm host'],
  cluster: ['cluster', 'cluster name'],
  site: ['site', 'datacenter', 'data center', 'datacentre', 'location', 'region'],
  notes: ['notes', 'note', 'annotation', 'comment', 'comments', 'description', 'remarks'],
  tags: ['tags', 'tag', 'labels', 'label'],
};

interface PresetDefinition {
  /** Headers (normalised) that must all be present for the preset to be recognised. */
  signature: string[][];
  fields: Partial<Record<ImportField, (headers: string[]) => string[]>>;
  units: Partial<Record<'memory' | 'storage', SizeUnit>>;
}

const exact = (...names: string[]) => (headers: string[]) => {
  for (const name of names) {
    const found = headers.find((h) => normalise(h) === name.toLowerCase());
    if (found) return [found];
  }
  return [];
};

const PRESETS: Record<Exclude<ImportPreset, 'generic'>, PresetDefinition> = {
  // RVTools vInfo: sizes are MiB whether the header says MiB (4.x) or MB (3.x).
  rvtools: {
    signature: [['vm'], ['powerstate'], ['cpus', 'memory']],
    fields: {
      name: exact('VM'),
      powerState: exact('Powerstate'),
      template: exact('Template'),
      vcpu: exact('CPUs'),
      memory: exact('Memory'),
      storage: exact('Provisioned MiB', 'Provisioned MB'),
      os: exact('OS according to the configuration file', 'OS according to the VMware Tools', 'OS'),
      host: exact('Host'),
      cluster: exact('Cluster'),
      site: exact('Datacenter'),
      notes: exact('Annotation'),
    },
    units: { memory: 'MiB', storage: 'MiB' },
  },
  // Azure Migrate's import template: "*Server Name", "*Cores", "*Memory (In MB)", "Disk N size (In GB)".
  'azure-migrate': {
    signature: [['server name'], ['cores'], ['memory (in mb)']],
    fields: {
      name: exact('Server Name'),
      vcpu: exact('Cores'),
      memory: exact('Memory (In MB)'),
      os: (headers) => [...exact('OS name')(headers), ...exact('OS version')(headers)],
      storage: (headers) => headers.filter((h) => /^disk \d+ size \(in gb\)$/.test(normalise(h))),
    },
    units: { memory: 'MiB', storage: 'GiB' },
  },
};

export function detectPreset(headers: string[], sheet: string): ImportPreset {
  const present = new Set(headers.map(normalise));
  for (const [preset, definition] of Object.entries(PRESETS) as [Exclude<ImportPreset, 'generic'>, PresetDefinition][]) {
    if (definition.signature.every((anyOf) => anyOf.some((name) => present.has(name)))) return preset;
  }
  if (sheet.toLowerCase() === 'vinfo' && present.has('vm')) return 'rvtools';
  return 'generic';
}

function genericColumn(field: ImportField, headers: string[], taken: Set<string>): string | undefined {
  for (const alias of GENERIC_ALIASES[field]) {
    const found = headers.find((h) => !taken.has(h) && baseName(h) === alias);
    if (found) return found;
  }
  return undefined;
}

/** The mapping a preset suggests for these headers; fields the preset does not know fall back to the generic names. */
export function suggestMapping(preset: ImportPreset, headers: string[]): ImportMapping {
  const columns: Partial<Record<ImportField, string[]>> = {};
  const taken = new Set<string>();
  if (preset !== 'generic') {
    for (const [field, pick] of Object.entries(PRESETS[preset].fields) as [ImportField, (h: string[]) => string[]][]) {
      const picked = pick(headers);
      if (picked.length > 0) {
        columns[field] = picked;
        picked.forEach((h) => taken.add(h));
      }
    }
  }
  for (const field of Object.keys(GENERIC_ALIASES) as ImportField[]) {
    if (columns[field]) continue;
    // A preset's own columns (RVTools "Memory") are never re-used for another field.
    const found = genericColumn(field, headers, taken);
    if (found) {
      columns[field] = [found];
      taken.add(found);
    }
  }
  const presetUnits = preset === 'generic' ? {} : PRESETS[preset].units;
  const unitFor = (field: 'memory' | 'storage'): SizeUnit => {
    const header = columns[field]?.[0];
    return (header ? headerUnit(header) : null) ?? presetUnits[field] ?? (field === 'memory' ? 'GiB' : 'GiB');
  };
  return { columns, memoryUnit: unitFor('memory'), storageUnit: unitFor('storage') };
}

/** Does a header mention a unit, or did the preset say? Otherwise the unit is a guess worth showing. */
export function unitIsGuessed(preset: ImportPreset, header: string | undefined, field: 'memory' | 'storage'): boolean {
  if (!header) return false;
  return headerUnit(header) === null && (preset === 'generic' || PRESETS[preset].units[field] === undefined);
}

const isText = (cell: Cell): cell is string => typeof cell === 'string' && cell.trim() !== '' && !/^[\d\s.,%-]+$/.test(cell.trim());

function knownHeaderCount(cells: Cell[]): number {
  const aliases = new Set(Object.values(GENERIC_ALIASES).flat());
  const presetNames = new Set(
    Object.values(PRESETS)
      .flatMap((p) => p.signature.flat())
      .concat(['provisioned mib', 'provisioned mb', 'server name', 'os name']),
  );
  return cells.filter((cell) => isText(cell) && (aliases.has(baseName(cell)) || presetNames.has(normalise(cell)))).length;
}

/**
 * The header row among the first rows: the one naming the most known columns; failing that,
 * the first row of at least two text cells, mostly text, followed by a row of data. Title rows
 * above (one merged cell, or a date line) name nothing and are passed over.
 */
export function detectHeaderRow(rows: SheetRow[]): number | null {
  let best: SheetRow | null = null;
  let bestScore = 0;
  for (const row of rows) {
    const score = knownHeaderCount(row.cells);
    if (score > bestScore) {
      best = row;
      bestScore = score;
    }
  }
  if (best && bestScore >= 2) return best.rowNumber;
  for (let i = 0; i < rows.length - 1; i += 1) {
    const filled = rows[i]!.cells.filter((c) => c !== null && String(c).trim() !== '');
    const text = filled.filter(isText);
    if (text.length >= 2 && text.length >= filled.length * 0.8 && new Set(text.map((t) => t.trim().toLowerCase())).size === text.length) {
      return rows[i]!.rowNumber;
    }
  }
  return best && bestScore >= 1 ? best.rowNumber : null;
}

/** Column letters as Excel shows them: 0 -> A, 26 -> AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Header names, one per column: blanks (the tail of a merged cell) become "Column X", repeats get " (2)". */
const MAX_HEADER_LENGTH = 200;

export function headerNames(cells: Cell[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, index) => {
    // The API takes a header of at most 500 characters back in a mapping; a longer cell above the data is cut so that it still can be chosen.
    const text = cell === null ? '' : String(cell).replace(/\s+/g, ' ').trim().slice(0, MAX_HEADER_LENGTH).trim();
    const name = text === '' ? `Column ${columnLetter(index)}` : text;
    const key = name.toLowerCase();
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

/** Identifies a file shape: the same headers in the same order give the same key. */
export function headerKey(headers: string[]): string {
  return createHash('sha256').update(headers.map(normalise).join('\u0000')).digest('hex').slice(0, 32);
}
