/**
 * The inventory import in `npm run bench`: a 20,000-row RVTools vInfo sheet imported into a
 * fresh engagement, as a ratio to exceljs streaming through the same file and doing nothing
 * else; and the peak memory of importing 100,000 rows, measured in a child process of its own
 * so that the figure is the import's and not the rest of the benchmark's.
 */
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ImportOptions } from '../../shared/api/importContract';
import { applyImport } from '../core/import/importer';
import { writeRvtoolsWorkbook } from '../core/import/sample';
import { EngagementStore } from '../core/store/engagementStore';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Every cell of every row of the vInfo sheet through exceljs's streaming reader, and nothing more. */
async function rawRead(path: string): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(path), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  let cells = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet) cells += (row.values as unknown[]).length;
    break;
  }
  return cells;
}

async function importInto(file: string, engagement: string): Promise<number> {
  const store = EngagementStore.create(engagement, { customer: 'Bench', title: 'Import' }, 'bench');
  try {
    const result = await applyImport(ImportOptions.parse({ path: file }), store, {}, null);
    return result.vmsCreated;
  } finally {
    store.close();
  }
}

export async function benchImport(dir: string): Promise<{ ratio: number; importMs: number; rawMs: number }> {
  const rows = 20_000;
  const file = join(dir, 'import-20k.xlsx');
  await writeRvtoolsWorkbook(file, { rows });
  const runs = 3;
  const raw: number[] = [];
  const imported: number[] = [];
  // One unmeasured pass of each warms the file cache and the JIT for both alike.
  await rawRead(file);
  await importInto(file, join(dir, 'import-warm.cwb'));
  for (let i = 0; i < runs; i += 1) {
    let start = performance.now();
    await rawRead(file);
    raw.push(performance.now() - start);
    start = performance.now();
    const created = await importInto(file, join(dir, `import-${i}.cwb`));
    imported.push(performance.now() - start);
    if (created !== rows) throw new Error(`imported ${created} VMs, expected ${rows}`);
  }
  const importMs = median(imported);
  const rawMs = median(raw);
  return { ratio: importMs / rawMs, importMs, rawMs };
}

function measureInChild(mode: '--measure' | '--measure-raw', file: string, engagement: string): { peakRssMb: number; count: number } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), mode, file, engagement], {
    // From the repository root, where the tsx loader resolves.
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
    maxBuffer: 1024 ** 2,
  });
  if (child.status !== 0) throw new Error(`the 100,000-row measurement failed: ${child.stderr || child.stdout}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { peakRssMb: number; count: number };
}

/**
 * Peak resident memory, in MB, of a fresh Node process importing 100,000 rows; and, for
 * scale, of one that only streams the same file through exceljs (the runtime, tsx and the
 * modules alone account for about 100 MB of either).
 */
export async function benchImportMemory(dir: string): Promise<{ peakRssMb: number; rawPeakRssMb: number; rows: number }> {
  const rows = 100_000;
  const file = join(dir, 'import-100k.xlsx');
  await writeRvtoolsWorkbook(file, { rows });
  const imported = measureInChild('--measure', file, join(dir, 'import-100k.cwb'));
  if (imported.count !== rows) throw new Error(`imported ${imported.count} VMs, expected ${rows}`);
  const raw = measureInChild('--measure-raw', file, '');
  return { peakRssMb: imported.peakRssMb, rawPeakRssMb: raw.peakRssMb, rows };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2]?.startsWith('--measure')) {
  const [file, engagement] = process.argv.slice(3) as [string, string];
  const count = process.argv[2] === '--measure-raw' ? await rawRead(file) : await importInto(file, engagement);
  // maxRSS is in kilobytes: the high-water mark of the whole process, the runtime included.
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ peakRssMb, count }));
}
