import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EngagementView } from '../../shared/domain/engagement';
import { assessEngagement } from '../../shared/rules/engine';
import { EngagementStore } from '../core/store/engagementStore';
import { VMS } from '../core/store/tables';
import { buildWorkbook, exportWorkbook } from '../core/workbook/exportWorkbook';
import { buildRealisticEngagement } from './largeEngagement';

const APPLICATIONS = 2_000;
const VM_COUNT = 20_000;

/** The realistic engagement of 2,000 applications, topped up with VMs spread over them to 20,000. */
function buildExportEngagement(dir: string): EngagementView {
  const path = join(dir, 'export-2k.cwb');
  buildRealisticEngagement(path, join(dir, 'export-template.cwb'), APPLICATIONS);
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
  const view = store.view();
  store.close();
  if (view.vms.length !== VM_COUNT) throw new Error(`built ${view.vms.length} VMs, expected ${VM_COUNT}`);
  return view;
}

/** Every sheet's cell values, exactly as our workbook holds them, without any styling or validation. */
function plainCells(workbook: ExcelJS.Workbook): { name: string; rows: ExcelJS.CellValue[][] }[] {
  return workbook.worksheets.map((sheet) => {
    const rows: ExcelJS.CellValue[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values: ExcelJS.CellValue[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => (values[column - 1] = cell.value));
      rows.push(values);
    });
    return { name: sheet.name, rows };
  });
}

async function rawWrite(path: string, sheets: ReturnType<typeof plainCells>): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const { name, rows } of sheets) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  await workbook.xlsx.writeFile(path);
}

/**
 * The assessment workbook of 2,000 applications and 20,000 VMs (built and written, from the view
 * and its assessment) ÷ a raw exceljs write of the same cell values into the same sheets.
 */
export async function benchExport(dir: string): Promise<{ ratio: number; exportMs: number; rawMs: number }> {
  const view = buildExportEngagement(dir);
  const assessment = assessEngagement(view, { asOf: new Date().toISOString().slice(0, 10) });
  const cells = plainCells(await buildWorkbook(view, assessment));
  // Each run takes a minute or more; the fastest of two is the figure least disturbed by the machine.
  const runs = 2;
  const exports: number[] = [];
  const raws: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    let start = performance.now();
    await rawWrite(join(dir, 'raw.xlsx'), cells);
    raws.push(performance.now() - start);
    start = performance.now();
    await exportWorkbook(join(dir, 'export.xlsx'), view, assessment);
    exports.push(performance.now() - start);
  }
  const exportMs = Math.min(...exports);
  const rawMs = Math.min(...raws);
  return { ratio: exportMs / rawMs, exportMs, rawMs };
}
