import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngagementStore } from '../core/store/engagementStore';
import { useTempDir } from '../core/testSupport';
import { RVTOOLS_FIXTURE, writeText, writeXlsx } from '../core/import/testFiles';
import { cwb } from './testCli';

const tempDir = useTempDir();
const FIXTURE = RVTOOLS_FIXTURE;
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function engagement(dir = tempDir()) {
  const file = join(dir, 'acme.cwb');
  expect((await cwb('create', file, '--customer', 'Acme', '--title', 'DR')).code).toBe(0);
  return { dir, file };
}

describe('cwb import', () => {
  it('imports the real RVTools export and prints the summary; a second run finds everything unchanged', async () => {
    const { file } = await engagement();
    const first = await cwb('import', file, FIXTURE, '--skip-templates');
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toMatch(/^Imported SizingWorkshop-RVTools\.xlsx \(sheet "vInfo", preset rvtools\) into acme\.cwb\./);
    expect(first.out).toMatch(/rows read:\s+805\n/);
    expect(first.out).toMatch(/VMs created:\s+795\n/);
    expect(first.out).toMatch(/VMs skipped:\s+10 \(10 templates\)\n/);
    expect(first.out).toMatch(/Import id [0-9a-f-]{36}/);
    expect(EngagementStore.inspect(file).vms).toHaveLength(795);
    const again = await cwb('import', file, FIXTURE, '--skip-templates', '--json');
    expect(JSON.parse(again.out)).toMatchObject({ vmsCreated: 0, vmsUpdated: 0, vmsUnchanged: 795, plan: { unchangedVms: 795, notInFile: 0 } });
  });

  it('a dry run reports what would change and leaves the file byte-identical', async () => {
    const { file } = await engagement();
    const hash = sha256(file);
    const dry = await cwb('import', file, FIXTURE, '--skip-powered-off', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^Dry run: .*nothing was written\./);
    expect(dry.out).toMatch(/VMs to create:\s+763\n/);
    expect(dry.out).not.toMatch(/Import id/);
    expect(sha256(file)).toBe(hash);
    const json = JSON.parse((await cwb('import', file, FIXTURE, '--dry-run', '--json')).out);
    expect(json).toMatchObject({ dryRun: true, importId: null, vmsCreated: 805 });
    expect(sha256(file)).toBe(hash);
  });

  it('prints one JSON object in the documented shape', async () => {
    const { dir, file } = await engagement();
    const inventory = writeText(join(dir, 'servers.csv'), 'Server,App,Cores,RAM (MB),Disk (GB)\r\nweb01,Shop,2,8192,100\r\nweb01,Shop,2,8192,100\r\ndb01,Shop,x,16384,500\r\n', 'utf-8');
    const result = await cwb('import', file, inventory, '--group-by', 'App', '--json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.out);
    expect(Object.keys(json)).toEqual([
      'file', 'inventory', 'sheet', 'preset', 'mapping', 'grouping', 'importId', 'dryRun', 'rowsRead', 'vmsCreated', 'vmsUpdated',
      'applicationsCreated', 'vmsUnchanged', 'vmsSkipped', 'rowErrors', 'problems', 'problemCount', 'plan', 'warnings',
    ]);
    expect(json).toMatchObject({
      file,
      inventory: 'servers.csv',
      sheet: 'servers',
      preset: 'generic',
      grouping: { kind: 'column', column: 'App' },
      dryRun: false,
      rowsRead: 3,
      vmsCreated: 2,
      applicationsCreated: 1,
      vmsSkipped: { 'no-name': 0, duplicate: 1, template: 0, 'powered-off': 0, totals: 0 },
      rowErrors: 1,
      problemCount: 2,
      plan: { newVms: 2, newApplications: ['Shop'] },
    });
    expect(json.problems).toEqual([
      { rowNumber: 3, column: 'Server', message: '"web01" appears again (first in row 2); this row is skipped', severity: 'error' },
      { rowNumber: 4, column: 'Cores', message: '"x" is not a number; left empty', severity: 'warning' },
    ]);
    expect(EngagementStore.inspect(file).vms.map((vm) => [vm.name, vm.memoryGb, vm.provisionedGb])).toEqual([
      ['web01', 8, 100],
      ['db01', 16, 500],
    ]);
  });

  it('maps columns with --map, units included, and groups by a pattern', async () => {
    const { dir, file } = await engagement();
    const inventory = await writeXlsx(join(dir, 'list.xlsx'), [
      { name: 'Servers', rows: [['Hostname', 'Mem', 'Size', 'Remark', 'Comment'], ['ERP-DB01', 16384, 2, 'keep', 'x'], ['CRM-WEB01', 4096, 1, '', 'y']] },
    ]);
    const result = await cwb(
      'import', file, inventory, '--map', 'memory=Mem:MiB', '--map', 'storage=Size:TiB', '--map', 'notes=Remark', '--map', 'notes=Comment',
      '--group-pattern', '^([A-Z]+)-', '--json',
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(result.out);
    expect(json.mapping).toMatchObject({ columns: { name: ['Hostname'], memory: ['Mem'], storage: ['Size'], notes: ['Remark', 'Comment'] }, memoryUnit: 'MiB', storageUnit: 'TiB' });
    expect(json.plan.newApplications).toEqual(['ERP', 'CRM']);
    expect(EngagementStore.inspect(file).vms.map((vm) => [vm.name, vm.memoryGb, vm.provisionedGb])).toEqual([
      ['ERP-DB01', 16, 2048],
      ['CRM-WEB01', 4, 1024],
    ]);
  });

  it('lists at most 20 problems, then says how many more', async () => {
    const { dir, file } = await engagement();
    const lines = Array.from({ length: 30 }, (_, i) => `vm${i},lots`);
    const inventory = writeText(join(dir, 'many.csv'), ['Name,CPU', ...lines].join('\n'), 'utf-8');
    const result = await cwb('import', file, inventory);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Problems \(row, column, why\):\n {4}row 2, column "CPU": "lots" is not a number; left empty \(warning\)\n/);
    expect(result.out.match(/^ {4}row \d+/gm)).toHaveLength(20);
    expect(result.out).toMatch(/ {4}and 10 more/);
  });

  it('fails with exit code 1 and a message naming the file and the problem, leaving the engagement unchanged', async () => {
    const { dir, file } = await engagement();
    const hash = sha256(file);
    const xls = writeText(join(dir, 'old.xls'), 'not really', 'utf-8');
    expect(await cwb('import', file, xls)).toMatchObject({ code: 1, err: expect.stringMatching(/^cwb: old\.xls is not an Excel workbook/) });
    const headerOnly = writeText(join(dir, 'header.csv'), 'Name,CPU\r\n', 'utf-8');
    expect(await cwb('import', file, headerOnly)).toMatchObject({ code: 1, err: expect.stringMatching(/header\.csv has a header row \(row 1\) but no rows under it/) });
    expect(await cwb('import', file, FIXTURE, '--sheet', 'VMs')).toMatchObject({ code: 1, err: expect.stringMatching(/no sheet named "VMs"; its sheets are/) });
    expect(await cwb('import', file, FIXTURE, '--map', 'name=Server')).toMatchObject({ code: 1, err: expect.stringMatching(/The column "Server" mapped to name is not in the header row/) });
    const json = await cwb('import', file, FIXTURE, '--group-by', 'Team', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.err)).toEqual({ error: { code: 'VALIDATION', message: expect.stringMatching(/no column "Team" to group by/), details: { reason: 'bad-option' } } });
    expect(await cwb('import', join(dir, 'missing.cwb'), FIXTURE)).toMatchObject({ code: 1 });
    expect(sha256(file)).toBe(hash);
  });

  it('answers wrong usage with exit code 2', async () => {
    const { file } = await engagement();
    const usage = (...args: string[]) => cwb('import', ...args).then((r) => [r.code, r.err.split('\n')[0]]);
    expect(await usage(file)).toEqual([2, 'cwb: cwb import needs the engagement FILE and the INVENTORY spreadsheet to read.']);
    expect(await usage(file, FIXTURE, 'extra')).toEqual([2, 'cwb: cwb import takes one FILE and one INVENTORY, got also "extra".']);
    expect(await usage(file, FIXTURE, '--preset', 'vmware')).toEqual([2, 'cwb: --preset must be one of rvtools, azure-migrate, generic, got "vmware".']);
    expect((await usage(file, FIXTURE, '--map', 'ram=Memory'))[1]).toMatch(/"ram" is not a field; the fields are name, application/);
    expect((await usage(file, FIXTURE, '--map', 'os=OS:MiB'))[1]).toMatch(/only memory and storage take a unit/);
    expect((await usage(file, FIXTURE, '--group-by', 'Folder', '--group-pattern', 'x'))[1]).toMatch(/not --group-by and --group-pattern/);
    expect((await usage(file, FIXTURE, '--header-row', '0'))[1]).toMatch(/--header-row must be a row number/);
    expect((await usage(file, FIXTURE, '--delimiter', '|'))[1]).toMatch(/--delimiter must be comma, semicolon or tab/);
    expect((await cwb('help')).out).toMatch(/cwb import FILE INVENTORY/);
  });
});
