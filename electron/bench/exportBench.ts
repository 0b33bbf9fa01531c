/**
 * The workbook export in `npm run bench`: the assessment workbook of 2,000 applications and 20,000
 * VMs, as ratios to exceljs writing the same cell values in memory and through its streaming
 * writer; and the peak memory of exporting it, measured in a child process of its own so that
 * the figure is the export's and not the rest of the benchmark's.
 */
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { exportSource } from '../core/signoff/history';
import { EngagementStore } from '../core/store/engagementStore';
import { VMS } from '../core/store/tables';
import { exportSourceWorkbook, planWorkbook } from '../core/workbook/exportWorkbook';
import type { CellContent } from '../core/workbook/table';
import type { WorkbookPlan } from '../core/workbook/workbookPlan';
import { buildRealisticEngagement } from './largeEngagement';

const APPLICATIONS = 2_000;
const VM_COUNT = 20_000;

/** The realistic engagement of 2,000 applications, topped up with VMs spread over them to 20,000. */
export function buildExportEngagement(path: string, scratch: string): void {
  buildRealisticEngagement(path, scratch, APPLICATIONS);
  const store = EngagementStore.open(path, 'bench');
  const applications = store.applications();
  const missing = VM_COUNT - store.vms().length;
  store.batch('adding benchmark VMs to', () => {
    for (let i = 0; i < missing; i += 1) {
      store.save(VMS, {
        applicationId: applications[i % applications.length]!.id,
        name: `bench-vm-${String(i).padStart(5, '0')}`,
        os: i % 3 === 0 ? 'Ubuntu Linux (64-bit)' : 'Microsoft Windows Server 2022 (64-bit)',
        vcpu: 2 + (i % 8),
        memoryGb: 4 * (1 + (i % 8)),
        provisionedGb: 80 + (i % 20) * 40,
        powerState: i % 17 === 0 ? 'poweredOff' : 'poweredOn',
        host: `host-${i % 16}`,
        cluster: `cluster-${i % 4}`,
      });
    }
  });
  const vms = store.vms().length;
  store.close();
  if (vms !== VM_COUNT) throw new Error(`built ${vms} VMs, expected ${VM_COUNT}`);
}

interface PlainSheet {
  name: string;
  rows: CellContent[][];
}

/** Every sheet's cell values, exactly as the workbook holds them, without any styling, note or validation. */
function plainCells(plan: WorkbookPlan): PlainSheet[] {
  return plan.book.worksheets.map((sheet) => {
    const table = plan.tableOf(sheet);
    if (table) return { name: sheet.name, rows: [table.columns.map((column) => column.header), ...table.rows.map((row) => table.columns.map((column) => column.value(row)))] };
    const rows: CellContent[][] = [];
    sheet.eachRow((row) => rows.push((row.values as CellContent[]).slice(1)));
    return { name: sheet.name, rows };
  });
}

/** exceljs's in-memory workbook, the way most programs write a spreadsheet. */
async function inMemoryWrite(path: string, sheets: PlainSheet[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const { name, rows } of sheets) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  await workbook.xlsx.writeFile(path);
}

/** exceljs's streaming writer, row by row. */
async function streamingWrite(path: string, sheets: PlainSheet[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path });
  for (const { name, rows } of sheets) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row).commit();
    sheet.commit();
  }
  await workbook.commit();
}

async function exportFile(engagement: string, path: string): Promise<void> {
  await exportSourceWorkbook(path, EngagementStore.read(engagement, (store) => exportSource(store)));
}

/** Peak resident memory, in MB, of a fresh Node process exporting the workbook of `engagement`. */
function exportMemory(engagement: string, path: string): number {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure-export', engagement, path], {
    // From the repository root, where the tsx loader resolves.
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
    maxBuffer: 1024 ** 2,
  });
  if (child.status !== 0) throw new Error(`the export memory measurement failed: ${child.stderr || child.stdout}`);
  return (JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { peakRssMb: number }).peakRssMb;
}

export interface ExportFigures {
  /** The export ÷ exceljs's in-memory write of the same values. */
  ratio: number;
  /** The export ÷ exceljs's streaming writer writing the same values. */
  streamRatio: number;
  exportMs: number;
  inMemoryMs: number;
  streamingMs: number;
  peakRssMb: number;
}

/**
 * The export from the engagement's view and its assessment (plan and write every sheet with its
 * styles, notes and drop-downs) against exceljs writing the same cell values, which are made
 * beforehand and not timed. Each run takes seconds to tens of seconds; the fastest of two is the
 * figure least disturbed by the machine. The memory figure is of the whole export as the CLI runs
 * it: open the file, assess, write.
 */
export async function benchExport(dir: string): Promise<ExportFigures> {
  const engagement = join(dir, 'export-2k.cwb');
  buildExportEngagement(engagement, join(dir, 'export-template.cwb'));
  const peakRssMb = exportMemory(engagement, join(dir, 'export-memory.xlsx'));
  const source = EngagementStore.read(engagement, (store) => exportSource(store));
  const cells = plainCells(await planWorkbook(source.view, source.assessment));
  const runs = 2;
  const times = { export: [] as number[], inMemory: [] as number[], streaming: [] as number[] };
  const timed = async (into: number[], work: () => Promise<void>) => {
    const start = performance.now();
    await work();
    into.push(performance.now() - start);
  };
  for (let i = 0; i < runs; i += 1) {
    await timed(times.inMemory, () => inMemoryWrite(join(dir, 'in-memory.xlsx'), cells));
    await timed(times.streaming, () => streamingWrite(join(dir, 'streaming.xlsx'), cells));
    await timed(times.export, async () => void (await exportSourceWorkbook(join(dir, 'export.xlsx'), source)));
  }
  const exportMs = Math.min(...times.export);
  const inMemoryMs = Math.min(...times.inMemory);
  const streamingMs = Math.min(...times.streaming);
  return { ratio: exportMs / inMemoryMs, streamRatio: exportMs / streamingMs, exportMs, inMemoryMs, streamingMs, peakRssMb };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--measure-export') {
  const [engagement, path] = process.argv.slice(3) as [string, string];
  await exportFile(engagement, path);
  // maxRSS is in kilobytes: the high-water mark of the whole process, the runtime included.
  console.log(JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}
