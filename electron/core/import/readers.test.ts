import ExcelJS from 'exceljs';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportOptions, type ImportInspection, type ImportPreview, type ImportResult } from '../../../shared/api/importContract';
import { useTempDir } from '../testSupport';
import { readImport } from './importer';
import { writeRvtoolsWorkbook } from './sample';
import { cellValue, openSource, type SheetRow } from './source';
import {
  AZURE_MIGRATE_HEADERS,
  call,
  inflateDeclaredSize,
  RVTOOLS_3_HEADERS,
  RVTOOLS_FIXTURE,
  workbenchIn,
  writeOle,
  writeText,
  writeXlsx,
} from './testFiles';

const tempDir = useTempDir();
const FIXTURE = RVTOOLS_FIXTURE;

const read = (input: Record<string, unknown>) => readImport(ImportOptions.parse(input), {}, null);

describe('inventory files', () => {
  it('reads the real RVTools export: 805 VMs, 10 templates, 42 powered off, stopping at the last filled row', async () => {
    const all = await read({ path: FIXTURE });
    expect(all.preset).toBe('rvtools');
    expect(all.rowsRead).toBe(805);
    expect(all.vms.filter((vm) => vm.template)).toHaveLength(10);
    expect(all.vms.filter((vm) => vm.powerState === 'poweredOff')).toHaveLength(42);
    expect(all.problemCount).toBe(0);
    const first = all.vms[0]!;
    expect(first).toMatchObject({ rowNumber: 2, name: 'wadfs1', vcpu: 1, memoryGb: 4, provisionedGb: 84.181, powerState: 'poweredOn', host: 'bovmsp-04.customer.com' });
    const skipping = await read({ path: FIXTURE, skipTemplates: true, skipPoweredOff: true });
    expect(skipping.skipped.template).toBe(10);
    expect(skipping.skipped['template'] + skipping.skipped['powered-off']).toBe(42);
  });

  it('maps RVTools 4.x by name when custom attributes shift the columns, MiB sizes to GB, and groups by the Application attribute', async () => {
    const path = join(tempDir(), 'rvtools4.xlsx');
    await writeRvtoolsWorkbook(path, { rows: 120 });
    const wb = workbenchIn(tempDir());
    const inspection = await call<ImportInspection>(wb, 'import.inspect', { path });
    expect(inspection).toMatchObject({ preset: 'rvtools', sheet: 'vInfo', sheets: ['vInfo', 'vHost'], headerRow: 1 });
    expect(inspection.mapping.columns).toMatchObject({ storage: ['Provisioned MiB'], memory: ['Memory'], application: ['Application'], owner: ['Owner'], site: ['Datacenter'] });
    expect(inspection.grouping).toEqual({ kind: 'column', column: 'Application' });
    const preview = await call<ImportPreview>(wb, 'import.preview', { path, skipTemplates: true, rows: 5 });
    expect(preview.rowsRead).toBe(120);
    expect(preview.skipped.template).toBe(1);
    expect(preview.groups.map((g) => g.name)).toContain('ERP');
    expect(preview.rows[0]!.memoryGb).toBeGreaterThanOrEqual(2);
  });

  it('reads the older RVTools variant whose headers say MB, values still MiB', async () => {
    const path = await writeXlsx(join(tempDir(), 'old.xlsx'), [
      { name: 'vInfo', rows: [RVTOOLS_3_HEADERS, ['db01', 'poweredOn', 'False', 4, 16384, 1, 2, 102400, 50000, 'DC1', 'C1', 'esx1', 'Windows', 'Windows']] },
    ]);
    const result = await read({ path });
    expect(result.preset).toBe('rvtools');
    expect(result.vms[0]).toMatchObject({ memoryGb: 16, provisionedGb: 100, vcpu: 4 });
  });

  it('reads an Azure Migrate import CSV: required-mark headers, memory in MB, disks summed, OS name and version', async () => {
    const path = join(tempDir(), 'azure.csv');
    const row = (name: string, cores: number, memory: number, disks: [number, number]) =>
      [name, '10.0.0.1', cores, memory, 'Windows Server', '2019', 'x64', '', '', '1', '', '', 'UEFI', '2', disks[0], '', '', '', '', disks[1], '', '', '', ''].join(',');
    writeText(path, [AZURE_MIGRATE_HEADERS.join(','), row('app01', 4, 8192, [128, 256]), row('app02', 2, 4096, [64, 0])].join('\r\n'), 'utf-8');
    const result = await read({ path });
    expect(result.preset).toBe('azure-migrate');
    expect(result.mapping.columns.storage).toEqual(['Disk 1 size (In GB)', 'Disk 2 size (In GB)']);
    expect(result.vms[0]).toMatchObject({ name: 'app01', vcpu: 4, memoryGb: 8, provisionedGb: 384, os: 'Windows Server 2019' });
    // Each Disk N column is one disk, so the largest disk is known too (Site Recovery limits disks, not VMs).
    expect(result.vms.map((vm) => vm.largestDiskGb)).toEqual([256, 64]);
  });

  it('copes with a messy sheet: title rows, merged header cells, units in headers, numbers as text, duplicates, templates, a totals row', async () => {
    const path = await writeXlsx(join(tempDir(), 'messy.xlsx'), [
      {
        name: 'Servers',
        rows: [
          ['Contoso server inventory — exported 2026-03-01'],
          [],
          ['Identity', null, 'Sizing', null, null, 'Placement'],
          ['Server Name', 'Application', 'vCPU', 'Memory (GB)', 'Disk (GB)', 'Site', 'Template', 'State'],
          ['web01', 'Shop', '2', '8', '1,024', 'Paris', 'no', 'Running'],
          ['web02', 'Shop', 4, '16 GB', '512 MB', 'Paris', 'no', 'Stopped'],
          [],
          ['WEB01 ', 'Shop', 2, 8, 100, 'Paris', 'no', 'Running'],
          ['tpl-w2022', '', 2, 4, 60, 'Paris', 'yes', 'Stopped'],
          ['db01', 'Shop', 'many', 32, 500, 'Lyon', 'no', 'on'],
          ['Total', null, 10, 68, 2196],
        ],
        merges: ['A1:H1', 'A3:B3', 'C3:E3'],
      },
    ]);
    const result = await read({ path, skipTemplates: true });
    expect(result.headers.slice(0, 4)).toEqual(['Server Name', 'Application', 'vCPU', 'Memory (GB)']);
    expect(result.preset).toBe('generic');
    expect(result.vms.map((vm) => [vm.rowNumber, vm.name, vm.skipped])).toEqual([
      [5, 'web01', null],
      [6, 'web02', null],
      [8, 'WEB01', 'duplicate'],
      [9, 'tpl-w2022', 'template'],
      [10, 'db01', null],
      [11, 'Total', 'totals'],
    ]);
    expect(result.vms[0]).toMatchObject({ vcpu: 2, memoryGb: 8, provisionedGb: 1024, site: 'Paris', application: 'Shop', powerState: 'poweredOn' });
    expect(result.vms[1]).toMatchObject({ memoryGb: 16, provisionedGb: 0.5, powerState: 'poweredOff' });
    expect(result.problems).toEqual([
      { rowNumber: 8, column: 'Server Name', message: '"WEB01" appears again (first in row 5); this row is skipped', severity: 'error' },
      { rowNumber: 10, column: 'vCPU', message: '"many" is not a number; left empty', severity: 'warning' },
    ]);
    const moved = await read({ path, headerRow: 4, skipTemplates: true });
    expect(moved.rowsRead).toBe(result.rowsRead);
  });

  it('reads a semicolon CSV in Windows-1252 with accents and decimal commas', async () => {
    const path = writeText(join(tempDir(), 'inventaire.csv'), 'Nom;Application;Mémoire (Go);vCPU;Système\r\nsrv-paie;Paie éditée;8,5;2;Windows\r\nsrv-büro;Büro;16;4;Linux\r\n', 'windows-1252');
    const wb = workbenchIn(tempDir());
    const inspection = await call<ImportInspection>(wb, 'import.inspect', { path });
    expect(inspection).toMatchObject({ kind: 'csv', encoding: 'windows-1252', delimiter: ';' });
    expect(inspection.headers[2]).toBe('Mémoire (Go)');
    const result = await read({ path, mapping: { ...inspection.mapping, columns: { ...inspection.mapping.columns, name: ['Nom'], memory: ['Mémoire (Go)'], os: ['Système'] } } });
    expect(result.vms.map((vm) => [vm.name, vm.application, vm.memoryGb])).toEqual([
      ['srv-paie', 'Paie éditée', 8.5],
      ['srv-büro', 'Büro', 16],
    ]);
  });

  it('reads UTF-16 tab-separated text as Excel saves "Unicode text", and UTF-8 with a BOM', async () => {
    const text = 'VM Name\tCPUs\tRAM (MB)\r\nAnwendungs-Server ü\t2\t4096\r\n';
    const utf16 = writeText(join(tempDir(), 'unicode.txt'), text, 'utf-16le-bom');
    const result = await read({ path: utf16 });
    expect(result.vms[0]).toMatchObject({ name: 'Anwendungs-Server ü', vcpu: 2, memoryGb: 4 });
    const bom = writeText(join(tempDir(), 'bom.csv'), text.replace(/\t/g, ','), 'utf-8-bom');
    expect((await read({ path: bom })).headers[0]).toBe('VM Name');
  });

  it('groups by name prefix or by a pattern, and refuses a pattern that could run for ever', async () => {
    const path = writeText(join(tempDir(), 'names.csv'), 'Name,CPU\nERP-DB01,2\nERP-APP01,2\nCRM-WEB01,1\nstandalone,1\n', 'utf-8');
    const prefix = await read({ path, grouping: { kind: 'prefix', delimiter: '-' } });
    expect(prefix.vms.map((vm) => vm.application)).toEqual(['ERP', 'ERP', 'CRM', null]);
    const pattern = await read({ path, grouping: { kind: 'pattern', pattern: '^[a-z]+-([a-z]+)' } });
    expect(pattern.vms.map((vm) => vm.application)).toEqual(['DB', 'APP', 'WEB', null]);
    await expect(read({ path, grouping: { kind: 'pattern', pattern: '^(a+)+$' } })).rejects.toThrow(/nested repetition/);
    await expect(read({ path, grouping: { kind: 'column', column: 'Team' } })).rejects.toThrow(/no column "Team"/);
  });
});

/** Every filled row of every sheet as exceljs's public streaming reader gives it, by sheet name. */
async function rowsByExcelJs(path: string): Promise<Map<string, SheetRow[]>> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(path), { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
  const sheets = new Map<string, SheetRow[]>();
  for await (const worksheet of reader) {
    const rows: SheetRow[] = [];
    for await (const row of worksheet) {
      const cells = Array.from((row.values as unknown[]).slice(1), (value) => cellValue(value));
      if (cells.some((c) => c !== null && !(typeof c === 'string' && c.trim() === ''))) rows.push({ rowNumber: row.number, cells });
    }
    sheets.set((worksheet as unknown as { name: string }).name, rows);
  }
  return sheets;
}

describe('the xlsx reader', () => {
  it("reads each cell of each sheet as exceljs's own streaming reader does, unpacking only the sheet asked for", async () => {
    const dir = tempDir();
    const generated = join(dir, 'rvtools.xlsx');
    await writeRvtoolsWorkbook(generated, { rows: 300 });
    const kinds = await writeXlsx(join(dir, 'kinds.xlsx'), [
      {
        name: 'Mixed',
        rows: [
          ['Name', 'When', 'Flag', 'Formula', 'Rich', 'Link', 'Error', 'Escaped'],
          ['a', new Date('2026-03-01T00:00:00Z'), true, { formula: 'B2+1', result: 3 }, { richText: [{ text: 'x' }, { text: 'y', font: { bold: true } }] }, { text: 'site', hyperlink: 'https://example.com' }, { error: '#N/A' }, '&lt; <b> & "q"'],
          [],
          ['b', 45000.5, false, { formula: 'A3&"!"', result: 'b!' }, '', null, 0, ' spaced  text '],
        ],
        merges: ['A5:C5'],
      },
      { name: 'Second', rows: [['Host'], ['esx1']] },
    ]);
    for (const path of [FIXTURE, generated, kinds]) {
      const expected = await rowsByExcelJs(path);
      expect(expected.size).toBeGreaterThan(0);
      for (const [sheet, rows] of expected) {
        const read: SheetRow[] = [];
        for await (const row of openSource(path, { sheet }).rows({})) read.push(row);
        expect(read, `${path}, sheet ${sheet}`).toEqual(rows);
      }
    }
  });
});

describe('files that cannot be imported', () => {
  async function refused(path: string): Promise<{ code: string; message: string; details?: { reason: string } }> {
    const dir = tempDir();
    const wb = workbenchIn(dir);
    const engagement = join(dir, 'acme.cwb');
    await call(wb, 'engagement.create', { path: engagement, customer: 'Acme', title: 'DR' });
    const before = readFileSync(engagement);
    const envelope = await wb.dispatch('import.apply', { path });
    expect(readFileSync(engagement).equals(before)).toBe(true);
    wb.close();
    if (!('error' in envelope)) throw new Error('the import was not refused');
    return envelope.error as { code: string; message: string; details?: { reason: string } };
  }

  it('refuses a legacy .xls and says to save it as .xlsx', async () => {
    const error = await refused(writeOle(join(tempDir(), 'old.xls'), ['Root Entry', 'Workbook', 'SummaryInformation']));
    expect(error.message).toMatch(/legacy Excel 97–2003.*save it as \.xlsx/);
    expect(error.details?.reason).toBe('legacy-xls');
  });

  it('refuses an encrypted workbook and says how to remove the password', async () => {
    const error = await refused(writeOle(join(tempDir(), 'secret.xlsx'), ['Root Entry', 'EncryptionInfo', 'EncryptedPackage']));
    expect(error.message).toMatch(/encrypted \(password-protected\)/);
  });

  it('refuses random bytes named .xlsx, and a binary file named .csv', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const dir = tempDir();
    writeFileSync(join(dir, 'random.xlsx'), bytes);
    writeFileSync(join(dir, 'random.csv'), bytes);
    expect((await refused(join(dir, 'random.xlsx'))).message).toMatch(/not an Excel workbook/);
    expect((await refused(join(dir, 'random.csv'))).message).toMatch(/not a spreadsheet/);
  });

  it('refuses a zip whose parts claim to unpack to gigabytes, stating the limit', async () => {
    const path = await writeXlsx(join(tempDir(), 'bomb.xlsx'), [{ name: 'vInfo', rows: [['VM'], ['a']] }]);
    inflateDeclaredSize(path, 'xl/worksheets/sheet1.xml');
    const error = await refused(path);
    expect(error.message).toMatch(/unpacks to \d+ MB, more than the limit of 2048 MB/);
    expect(error.details?.reason).toBe('too-large');
  });

  it('refuses an empty sheet, an empty CSV and a sheet without a usable header', async () => {
    const empty = await writeXlsx(join(tempDir(), 'empty.xlsx'), [{ name: 'Sheet1', rows: [] }]);
    expect((await refused(empty)).message).toMatch(/sheet "Sheet1" is empty/);
    const blank = writeText(join(tempDir(), 'blank.csv'), '\r\n\r\n', 'utf-8');
    expect((await refused(blank)).message).toMatch(/is empty/);
    const numbers = await writeXlsx(join(tempDir(), 'numbers.xlsx'), [{ name: 'Data', rows: [[1, 2, 3], [4, 5, 6]] }]);
    const error = await refused(numbers);
    expect(error.message).toMatch(/no usable header row/);
    expect(error.details?.reason).toBe('no-header');
  });

  it('names the sheets when the one asked for does not exist', async () => {
    const dir = tempDir();
    const path = await writeXlsx(join(dir, 'two.xlsx'), [{ name: 'vInfo', rows: [['VM'], ['a']] }, { name: 'vHost', rows: [['Host']] }]);
    const wb = workbenchIn(dir);
    const envelope = await wb.dispatch('import.inspect', { path, sheet: 'VMs' });
    expect(envelope).toEqual({ error: expect.objectContaining({ message: expect.stringMatching(/no sheet named "VMs"; its sheets are "vInfo", "vHost"/) }) });
  });

  it('applies nothing for a preview, and reports created counts for a real apply', async () => {
    const dir = tempDir();
    const wb = workbenchIn(dir);
    await call(wb, 'engagement.create', { path: join(dir, 'acme.cwb'), customer: 'Acme', title: 'DR' });
    const result = await call<ImportResult>(wb, 'import.apply', { path: FIXTURE, skipTemplates: true });
    expect(result).toMatchObject({ rowsRead: 805, vmsCreated: 795, vmsUpdated: 0, applicationsCreated: 0, rowErrors: 0 });
    wb.close();
  });
});
