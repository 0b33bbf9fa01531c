/**
 * The inventory import in `npm run bench`: a 20,000-row RVTools vInfo sheet imported into a
 * fresh engagement, as a ratio to exceljs streaming through the same file and doing nothing
 * else, and to the floor of any import (unpacking the sheet and scanning its XML with the
 * import's own scanner, doing nothing else); and the peak memory of importing 100,000 rows,
 * measured in a child process of its own (importMemory.ts) so that the figure is the import's
 * and not the rest of the benchmark's.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { identifyFile, openZipPart, type XlsxPackage } from '../core/import/fileKind';
import { writeRvtoolsWorkbook } from '../core/import/sample';
import { XmlScanner } from '../core/import/xmlScanner';
import { importInto, rawRead } from './importMemory';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The vInfo sheet unpacked from its place in the file and scanned by the import's XML scanner with nothing listening. */
async function floorRead(path: string): Promise<void> {
  const pkg = identifyFile(path) as XlsxPackage;
  const part = pkg.sheets.find((s) => s.name === 'vInfo')!.part;
  const entry = pkg.entries.find((e) => e.name === part)!;
  const scanner = new XmlScanner({ open() {}, close() {} }, []);
  for await (const chunk of openZipPart(path, entry, 'bench') as AsyncIterable<Buffer>) scanner.write(chunk);
  scanner.end();
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export interface ImportTimes {
  /** ÷ exceljs's streaming reader. */
  ratio: number;
  /** ÷ unpacking and scanning the sheet alone. */
  floorRatio: number;
  importMs: number;
  rawMs: number;
  floorMs: number;
}

export async function benchImport(dir: string): Promise<ImportTimes> {
  const rows = 20_000;
  const file = join(dir, 'import-20k.xlsx');
  await writeRvtoolsWorkbook(file, { rows });
  const runs = 3;
  const raw: number[] = [];
  const floor: number[] = [];
  const imported: number[] = [];
  // One unmeasured pass of each warms the file cache and the JIT for all alike.
  await rawRead(file);
  await floorRead(file);
  await importInto(file, join(dir, 'import-warm.cwb'));
  for (let i = 0; i < runs; i += 1) {
    raw.push(await timed(() => rawRead(file)));
    floor.push(await timed(() => floorRead(file)));
    let created = 0;
    imported.push(await timed(async () => (created = await importInto(file, join(dir, `import-${i}.cwb`)))));
    if (created !== rows) throw new Error(`imported ${created} VMs, expected ${rows}`);
  }
  const importMs = median(imported);
  const rawMs = median(raw);
  const floorMs = median(floor);
  return { ratio: importMs / rawMs, floorRatio: importMs / floorMs, importMs, rawMs, floorMs };
}

function measureInChild(mode: '--import' | '--exceljs', file: string, engagement: string): { peakRssMb: number; count: number } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./importMemory.ts', import.meta.url)), mode, file, engagement], {
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
  const imported = measureInChild('--import', file, join(dir, 'import-100k.cwb'));
  if (imported.count !== rows) throw new Error(`imported ${imported.count} VMs, expected ${rows}`);
  const raw = measureInChild('--exceljs', file, '');
  return { peakRssMb: imported.peakRssMb, rawPeakRssMb: raw.peakRssMb, rows };
}
