import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ImportOptions,
  type ImportInspection,
  type ImportOptionsInput,
  type ImportPreview,
  type ImportRecord,
  type ImportResult,
  type ImportUndoResult,
} from '../../../shared/api/importContract';
import type { Vm } from '../../../shared/domain/engagement';
import { CwbError } from '../errors';
import { EngagementStore } from '../store/engagementStore';
import { VMS } from '../store/tables';
import { useTempDir } from '../testSupport';
import { applyImport, previewImport } from './importer';
import { writeRvtoolsWorkbook } from './sample';
import { call, inflateDeclaredSize, workbenchIn, writeOle, writeText, writeXlsx } from './testFiles';
import type { ReadControl } from './source';

const tempDir = useTempDir();

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** An engagement with an answered application, three VMs, and the file path for hashing. */
function engagement(dir = tempDir()) {
  const path = join(dir, 'acme.cwb');
  const store = EngagementStore.create(path, { customer: 'Acme', title: 'DR' }, 'tester');
  const shop = store.addApplication('Shop');
  store.setAnswer(shop.id, null, 'app.owner', { status: 'answered', value: 'Jane' });
  store.setAnswer(shop.id, null, 'app.criticality', { status: 'answered', value: 'mission-critical' });
  const vm = (name: string, values: Partial<Vm> = {}) =>
    store.save(VMS, { name, applicationId: null, os: 'Linux', vcpu: 2, memoryGb: 8, provisionedGb: 100, powerState: 'poweredOn', host: 'esx1', ...values });
  vm('WEB01', { applicationId: shop.id });
  vm('db01', { vcpu: 4, memoryGb: 16 });
  vm('legacy01');
  return { dir, path, store, shop };
}

const CSV_HEADER = 'VM Name,Application,vCPU,Memory (GB),OS';

function inventory(dir: string, lines: string[], name = 'inventory.csv'): string {
  return writeText(join(dir, name), [CSV_HEADER, ...lines].join('\r\n'), 'utf-8');
}

const options = (input: ImportOptionsInput) => ImportOptions.parse(input);
const apply = (store: EngagementStore, input: ImportOptionsInput, control: ReadControl = {}) => applyImport(options(input), store, control, null);

async function rejection(promise: Promise<unknown>): Promise<CwbError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CwbError) return error;
    throw error;
  }
  throw new Error('expected the import to be refused');
}

describe('merging an inventory into an engagement', () => {
  it('matches VMs by name trimmed and in any case, and counts new, changed, unchanged and not in file', async () => {
    const { dir, store, shop } = engagement();
    const file = inventory(dir, [
      '  web01 ,Shop,4,,Linux', // changed vCPU; the empty memory cell keeps 8 GB
      'DB01,,4,16,Linux', // same values: unchanged
      'new01,shop,1,2,Windows', // joins the existing application, whatever its case
      'new02,Billing,2,4,Windows', // and a new application
    ]);
    const preview = await previewImport(options({ path: file }), store, {}, null);
    expect(preview.plan).toMatchObject({
      newVms: 2,
      changedVms: 1,
      unchangedVms: 1,
      notInFile: 1,
      notInFileNames: ['legacy01'],
      newApplications: ['Billing'],
      existingApplications: ['Shop'],
    });
    expect(preview.plan.changes).toEqual([{ name: 'WEB01', rowNumber: 2, fields: [{ field: 'vcpu', from: 2, to: 4 }] }]);
    expect(preview.rows.map((vm) => vm.outcome)).toEqual(['changed', 'unchanged', 'new', 'new']);
    expect(preview.groups).toEqual([
      { name: 'Billing', vmCount: 1, exists: false },
      { name: 'Shop', vmCount: 2, exists: true },
    ]);
    expect(store.vms()).toHaveLength(3);

    const result = await apply(store, { path: file });
    expect(result).toMatchObject({ dryRun: false, rowsRead: 4, vmsCreated: 2, vmsUpdated: 1, vmsUnchanged: 1, applicationsCreated: 1, rowErrors: 0 });
    const vms = new Map(store.vms().map((vm) => [vm.name, vm]));
    expect([...vms.keys()]).toEqual(['WEB01', 'db01', 'legacy01', 'new01', 'new02']);
    expect(vms.get('WEB01')).toMatchObject({ vcpu: 4, memoryGb: 8, applicationId: shop.id });
    expect(vms.get('new01')).toMatchObject({ applicationId: shop.id, vcpu: 1, memoryGb: 2, os: 'Windows' });
    expect(vms.get('legacy01')).toMatchObject({ vcpu: 2, memoryGb: 8 });
    expect(store.applications().map((a) => a.name)).toEqual(['Shop', 'Billing']);

    const again = await apply(store, { path: file });
    expect(again).toMatchObject({ vmsCreated: 0, vmsUpdated: 0, vmsUnchanged: 4, applicationsCreated: 0 });
    store.close();
  });

  it('reads names with characters no deliverable can carry as the store keeps them, so importing the file again matches them', async () => {
    const { dir, store } = engagement();
    // A workbook: a CSV with control characters is not taken for text at all.
    const file = await writeXlsx(join(dir, 'inventory.xlsx'), [
      { name: 'Sheet1', rows: [CSV_HEADER.split(','), ['app\u000101', 'Pay\u0007roll', 2, 4, 'Linux\u000b']] },
    ]);
    const first = await apply(store, { path: file });
    expect(first).toMatchObject({ vmsCreated: 1, applicationsCreated: 1 });
    expect(store.vms().find((vm) => vm.name === 'app01')).toMatchObject({ os: 'Linux' });
    expect(store.applications().map((a) => a.name)).toContain('Payroll');
    const again = await apply(store, { path: file });
    expect(again).toMatchObject({ vmsCreated: 0, vmsUpdated: 0, vmsUnchanged: 1, applicationsCreated: 0 });
    store.close();
  });

  it('never deletes or overwrites answers, even when VMs move to another application', async () => {
    const { dir, store, shop } = engagement();
    const answersBefore = store.applications().find((a) => a.id === shop.id)!.answers;
    const file = inventory(dir, ['web01,Payments,2,8,Linux', 'other,Payments,1,1,Linux']);
    const result = await apply(store, { path: file });
    expect(result).toMatchObject({ vmsCreated: 1, vmsUpdated: 1, applicationsCreated: 1 });
    const apps = store.applications();
    expect(apps.find((a) => a.id === shop.id)!.answers).toEqual(answersBefore);
    const payments = apps.find((a) => a.name === 'Payments')!;
    expect(payments.answers).toEqual({});
    expect(store.vms().find((vm) => vm.name === 'WEB01')!.applicationId).toBe(payments.id);
    store.close();
  });

  it('audits each VM it creates with the VM as stored, in file order, as JSON.stringify writes it', async () => {
    const { dir, path, store } = engagement();
    const file = inventory(dir, ['new01,Payments,8,32,Windows', 'new02,,1,0.5,"Linux ""RHEL"" \\ 9"', 'new03,Payments,,1.25,']);
    const result = await apply(store, { path: file });
    store.close();
    const db = new Database(path, { readonly: true });
    const entries = db
      .prepare("SELECT a.at, a.actor, a.field, a.old_value, a.new_value, v.* FROM audit a JOIN vm v ON v.id = a.entity_id WHERE a.entity = 'vm' AND a.action = 'create' ORDER BY a.id")
      .all() as Record<string, unknown>[];
    db.close();
    const created = entries.filter((e) => String(e.name).startsWith('new'));
    expect(created.map((e) => e.name)).toEqual(['new01', 'new02', 'new03']);
    for (const entry of created) {
      const vm = { id: entry.id, name: entry.name, applicationId: entry.application_id, os: entry.os, vcpu: entry.vcpu, memoryGb: entry.memory_gb, provisionedGb: entry.provisioned_gb, largestDiskGb: entry.largest_disk_gb, powerState: entry.power_state, host: entry.host, cluster: entry.cluster };
      expect(entry).toMatchObject({ actor: 'tester', field: null, old_value: null, new_value: JSON.stringify({ ...vm, importId: result.importId }) });
    }
    expect(created.map((e) => JSON.parse(String(e.new_value)) as Record<string, unknown>).map(({ memoryGb, os }) => ({ memoryGb, os }))).toEqual([
      { memoryGb: 32, os: 'Windows' },
      { memoryGb: 0.5, os: 'Linux "RHEL" \\ 9' },
      { memoryGb: 1.25, os: '' },
    ]);
    // Ids rise with the rows, so that SQLite appends them to its indexes.
    const ids = created.map((e) => String(e.id));
    expect([...ids].sort()).toEqual(ids);
  });

  it('records the import in the audit trail, lists it, and undoes it as a whole back to the exact previous state', async () => {
    const { dir, path, store } = engagement();
    const before = store.view();
    const file = inventory(dir, ['web01,Payments,8,32,Windows', 'new01,Payments,1,2,Linux', 'new02,,1,2,Linux']);
    const result = await apply(store, { path: file });
    const trail = store.auditTrail();
    expect(trail.at(-1)).toMatchObject({ action: 'import', entity: 'inventory-import', entityId: result.importId, actor: 'tester' });
    expect(trail.filter((e) => e.entity === 'vm' && e.action === 'create')).toHaveLength(3 + 2);
    expect(store.inventoryImports()).toEqual([
      { importId: result.importId, at: expect.any(String), actor: 'tester', fileName: 'inventory.csv', vmsCreated: 2, vmsUpdated: 1, applicationsCreated: 1, undone: false },
    ]);

    expect(store.undoInventoryImport(result.importId)).toEqual({ importId: result.importId, vmsRemoved: 2, vmsRestored: 1, applicationsRemoved: 1 });
    expect(store.view()).toEqual(before);
    expect(store.inventoryImports()[0]!.undone).toBe(true);
    expect(() => store.undoInventoryImport(result.importId)).toThrow(/already been undone/);
    store.close();
    // The undo was saved, not only applied in memory.
    expect({ ...EngagementStore.inspect(path), access: before.access }).toEqual(before);
  });

  it('records the largest disk only from columns that each hold one disk, and undo puts back "not known"', async () => {
    const { dir, store } = engagement();
    const before = store.view();
    const file = writeText(join(dir, 'disks.csv'), ['VM Name,vCPU,Disk 1 size (GB),Disk 2 size (GB)', 'db01,4,200,1500', 'new01,2,80,'].join('\r\n'), 'utf-8');
    const mapping = { columns: { name: ['VM Name'], vcpu: ['vCPU'], storage: ['Disk 1 size (GB)', 'Disk 2 size (GB)'] }, memoryUnit: 'GiB' as const, storageUnit: 'GiB' as const };
    const result = await apply(store, { path: file, mapping });
    expect(store.vms().filter((vm) => ['db01', 'new01'].includes(vm.name)).map((vm) => [vm.name, vm.provisionedGb, vm.largestDiskGb])).toEqual([
      ['db01', 1700, 1500],
      ['new01', 80, 80],
    ]);
    store.undoInventoryImport(result.importId);
    expect(store.view()).toEqual(before);
    expect(store.vms().find((vm) => vm.name === 'db01')).not.toHaveProperty('largestDiskGb');

    const totals = writeText(join(dir, 'totals.csv'), ['VM Name,vCPU,Disk (GB)', 'db01,4,1700'].join('\r\n'), 'utf-8');
    await apply(store, { path: totals, mapping: { ...mapping, columns: { ...mapping.columns, storage: ['Disk (GB)'] } } });
    expect(store.vms().find((vm) => vm.name === 'db01')?.provisionedGb).toBe(1700);
    expect(store.vms().find((vm) => vm.name === 'db01')).not.toHaveProperty('largestDiskGb');
    store.close();
  });

  it('refuses to undo once something the import touched was edited, and changes nothing', async () => {
    const { dir, path, store } = engagement();
    const file = inventory(dir, ['web01,Payments,8,32,Windows', 'new01,Payments,1,2,Linux']);
    const first = await apply(store, { path: file });
    const created = store.vms().find((vm) => vm.name === 'new01')!;
    store.save(VMS, { ...created, vcpu: 3 });
    const edited = store.view();
    const hash = sha256(path);
    const error = (() => {
      try {
        store.undoInventoryImport(first.importId);
      } catch (e) {
        return e as CwbError;
      }
      throw new Error('undo was not refused');
    })();
    expect(error.message).toMatch(/cannot be undone: the VM new01 was changed after it/);
    expect(error.details).toEqual({ reason: 'edited-since' });
    expect(store.view()).toEqual(edited);
    expect(sha256(path)).toBe(hash);
    store.close();
  });

  it('refuses to undo when an application it created has since been answered, or a later import touched its VMs', async () => {
    const { dir, store } = engagement();
    const first = await apply(store, { path: inventory(dir, ['new01,Payments,1,2,Linux']) });
    const payments = store.applications().find((a) => a.name === 'Payments')!;
    store.setAnswer(payments.id, null, 'app.owner', { status: 'answered', value: 'Bob' });
    expect(() => store.undoInventoryImport(first.importId)).toThrow(/the application Payments was changed after it/);

    const second = await apply(store, { path: inventory(dir, ['new01,,4,2,Linux'], 'second.csv') });
    expect(second.vmsUpdated).toBe(1);
    store.clearAnswer(payments.id, null, 'app.owner');
    expect(() => store.undoInventoryImport(first.importId)).toThrow(/the VM new01 was changed after it/);
    // Newest first, as the consultant would take them back.
    store.undoInventoryImport(second.importId);
    expect(store.vms().find((vm) => vm.name === 'new01')!.vcpu).toBe(1);
    store.close();
  });

  it('applies a plan in one transaction: a failure midway leaves the file byte-identical', async () => {
    const { dir, path, store } = engagement();
    const file = inventory(dir, ['web01,Payments,8,32,Windows', 'new01,Payments,1,2,Linux', 'db01,,8,16,Linux']);
    const before = store.view();
    const hash = sha256(path);
    // The plan is worked out, then a VM it updates disappears before it is written.
    const preview = await previewImport(options({ path: file }), store, {}, null);
    expect(preview.plan.changedVms).toBe(2);
    const db01 = store.vms().find((vm) => vm.name === 'db01')!;
    const plan = {
      applications: ['Payments'],
      creates: [{ name: 'new01', values: { os: 'Linux', vcpu: 1, memoryGb: 2, provisionedGb: null, largestDiskGb: null, powerState: 'unknown' as const, host: '', cluster: '' }, applicationName: 'Payments' }],
      updates: [
        { id: store.vms().find((vm) => vm.name === 'WEB01')!.id, name: 'WEB01', rowNumber: 2, set: { vcpu: 8 }, applicationName: 'Payments' },
        { id: 'gone', name: 'db01', rowNumber: 4, set: { vcpu: 8 }, applicationName: null },
      ],
    };
    expect(() => store.applyInventoryImport('import-1', { fileName: 'inventory.csv', sheet: 'inventory' }, plan)).toThrow(/db01 was removed while the import was being prepared/);
    expect(store.view()).toEqual(before);
    expect(store.inventoryImports()).toEqual([]);
    expect(sha256(path)).toBe(hash);
    expect(db01.vcpu).toBe(4);
    store.close();
  });

  it('leaves a value empty rather than store an impossible number', async () => {
    const { dir, store } = engagement();
    const result = await apply(store, { path: inventory(dir, ['huge01,,1e999,-4,Linux']) });
    expect(result.problems.map((p) => [p.column, p.message])).toEqual([
      ['vCPU', '"1e999" is not a number; left empty'],
      ['Memory (GB)', '"-4" is not a positive number; left empty'],
    ]);
    expect(store.vms().find((vm) => vm.name === 'huge01')).toMatchObject({ vcpu: null, memoryGb: null });
    store.close();
  });

  it('a dry run reports the counts and writes nothing', async () => {
    const { dir, path, store } = engagement();
    const hash = sha256(path);
    const result = await applyImport({ ...options({ path: inventory(dir, ['new01,Payments,1,2,Linux', 'web01,,8,8,Linux']) }), dryRun: true }, store, {}, null);
    expect(result).toMatchObject({ dryRun: true, vmsCreated: 1, vmsUpdated: 1, applicationsCreated: 1 });
    expect(store.inventoryImports()).toEqual([]);
    store.close();
    expect(sha256(path)).toBe(hash);
  });
});

describe('an import that fails or is cancelled leaves the engagement file byte-identical', () => {
  async function unchangedAfter(makeFile: (dir: string) => Promise<string> | string, input: Partial<ImportOptionsInput> = {}, control: ReadControl = {}) {
    const { dir, path, store } = engagement();
    const file = await makeFile(dir);
    const before = store.view();
    const hash = sha256(path);
    const error = await rejection(apply(store, { path: file, ...input }, control));
    expect(store.view()).toEqual(before);
    store.close();
    expect(sha256(path)).toBe(hash);
    return error;
  }

  it('refuses legacy, encrypted, OpenDocument and random files', async () => {
    expect((await unchangedAfter((dir) => writeOle(join(dir, 'old.xls'), ['Root Entry', 'Workbook']))).message).toMatch(/save it as \.xlsx/);
    expect((await unchangedAfter((dir) => writeOle(join(dir, 'locked.xlsx'), ['Root Entry', 'EncryptionInfo', 'EncryptedPackage']))).message).toMatch(/encrypted/);
    const random = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 256));
    expect(
      (
        await unchangedAfter((dir) => {
          writeFileSync(join(dir, 'junk.xlsx'), random);
          return join(dir, 'junk.xlsx');
        })
      ).message,
    ).toMatch(/not an Excel workbook/);
    expect(
      (
        await unchangedAfter((dir) => {
          writeFileSync(join(dir, 'junk.bin'), random);
          return join(dir, 'junk.bin');
        })
      ).message,
    ).toMatch(/not a spreadsheet/);
  });

  it('refuses a zip bomb, a truncated workbook and a workbook whose sheet is damaged', async () => {
    const bomb = await unchangedAfter(async (dir) => {
      const path = await writeXlsx(join(dir, 'bomb.xlsx'), [{ name: 'vInfo', rows: [['VM'], ['a']] }]);
      inflateDeclaredSize(path, 'xl/worksheets/sheet1.xml');
      return path;
    });
    expect(bomb.message).toMatch(/more than the limit of 2048 MB/);
    const truncated = await unchangedAfter(async (dir) => {
      const path = await writeXlsx(join(dir, 'cut.xlsx'), [{ name: 'vInfo', rows: [['VM', 'CPUs'], ['a', 1]] }]);
      const bytes = readFileSync(path);
      writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
      return path;
    });
    expect(truncated.message).toMatch(/zip structure is damaged/);
    const damaged = await unchangedAfter(async (dir) => {
      const path = join(dir, 'damaged.xlsx');
      await writeRvtoolsWorkbook(path, { rows: 2000 });
      // Flip bytes in the middle of the compressed sheet data: the directory stays valid.
      const bytes = readFileSync(path);
      for (let i = Math.floor(bytes.length / 3); i < Math.floor(bytes.length / 3) + 64; i += 1) bytes[i] = bytes[i]! ^ 0x5a;
      writeFileSync(path, bytes);
      return path;
    });
    // The sheet's data is unpacked and checked before exceljs reads it, so the message names the part.
    expect(damaged.message).toMatch(/^damaged\.xlsx cannot be read as an Excel workbook: its part xl\/worksheets\/sheet1\.xml .+\. Open it in Excel and save it again/);
  });

  it('refuses an empty file, a sheet with no header, a missing sheet and a bad grouping', async () => {
    expect((await unchangedAfter((dir) => writeText(join(dir, 'empty.csv'), '', 'utf-8'))).message).toMatch(/empty/);
    expect((await unchangedAfter((dir) => writeXlsx(join(dir, 'n.xlsx'), [{ name: 'Data', rows: [[1, 2], [3, 4]] }]))).message).toMatch(/no usable header/);
    expect((await unchangedAfter((dir) => inventory(dir, ['a,b,1,1,x']), { sheet: 'vInfo' })).message).toMatch(/no sheet "vInfo"/);
    const workbook = (dir: string) => writeXlsx(join(dir, 'two.xlsx'), [{ name: 'vInfo', rows: [['VM'], ['a']] }]);
    expect((await unchangedAfter(workbook, { sheet: 'VMs' })).message).toMatch(/no sheet named "VMs"; its sheets are "vInfo"/);
    expect((await unchangedAfter(workbook, { headerRow: 5 })).message).toMatch(/nothing in row 5 to use as the header/);
    expect((await unchangedAfter((dir) => inventory(dir, ['a,b,1,1,x']), { grouping: { kind: 'pattern', pattern: '(\\w+)+$' } })).message).toMatch(
      /nested repetition/,
    );
    expect((await unchangedAfter((dir) => inventory(dir, ['a,b,1,1,x']), { grouping: { kind: 'pattern', pattern: '([a-' } })).message).toMatch(
      /not a valid regular expression/,
    );
  });

  it('refuses a sheet with more rows than one import reads, stating the limit', async () => {
    const error = await unchangedAfter((dir) => {
      const lines = Array.from({ length: 200_100 }, (_, i) => `vm${i},,1,1,x`);
      return inventory(dir, lines, 'huge.csv');
    });
    expect(error.message).toMatch(/more than 200,000 rows, the most one import reads/);
    expect(error.details).toEqual({ reason: 'too-many-rows' });
  });

  it('stops on cancel, before or during the read', async () => {
    const early = new AbortController();
    early.abort();
    const before = await unchangedAfter((dir) => inventory(dir, ['new01,,1,1,x']), {}, { signal: early.signal });
    expect(before.code).toBe('CANCELLED');
    const during = new AbortController();
    let seen = 0;
    const midway = await unchangedAfter(
      async (dir) => {
        const path = join(dir, 'big.xlsx');
        await writeRvtoolsWorkbook(path, { rows: 3000 });
        return path;
      },
      {},
      {
        signal: during.signal,
        onProgress: (rows) => {
          seen = rows;
          if (rows >= 1000) during.abort();
        },
      },
    );
    expect(midway).toMatchObject({ code: 'CANCELLED', message: 'The import was cancelled; nothing was changed.' });
    expect(seen).toBeGreaterThanOrEqual(1000);
    expect(seen).toBeLessThan(3000);
  });
});

describe('the import through the workbench API', () => {
  it('inspects, previews, applies, lists and undoes, and remembers the mapping for the file shape', async () => {
    const dir = tempDir();
    const wb = workbenchIn(dir);
    const path = join(dir, 'acme.cwb');
    await call(wb, 'engagement.create', { path, customer: 'Acme', title: 'DR' });
    const before = await call<unknown>(wb, 'engagement.current', {});
    const file = join(dir, 'fabrikam.xlsx');
    await writeRvtoolsWorkbook(file, { rows: 300 });

    const inspection = await call<ImportInspection>(wb, 'import.inspect', { path: file });
    expect(inspection).toMatchObject({ kind: 'xlsx', preset: 'rvtools', remembered: false, grouping: { kind: 'column', column: 'Application' } });
    const grouping = { kind: 'prefix', delimiter: '-' } as const;
    const preview = await call<ImportPreview>(wb, 'import.preview', { path: file, grouping, skipTemplates: true, rows: 3 });
    expect(preview.rows).toHaveLength(3);
    expect(preview.plan.newVms).toBe(300 - preview.skipped.template);
    expect(preview.groups.map((g) => g.name)).toEqual(['FAB']);
    expect(await call(wb, 'engagement.current', {})).toEqual(before);

    const result = await call<ImportResult>(wb, 'import.apply', { path: file, grouping, skipTemplates: true });
    expect(result).toMatchObject({ rowsRead: 300, vmsCreated: preview.plan.newVms, applicationsCreated: 1 });
    expect(await call<ImportRecord[]>(wb, 'import.list', {})).toMatchObject([{ importId: result.importId, fileName: 'fabrikam.xlsx', undone: false }]);
    expect(await call(wb, 'import.progress', {})).toEqual({ running: false, rowsRead: 0 });

    const remembered = await call<ImportInspection>(wb, 'import.inspect', { path: file });
    expect(remembered).toMatchObject({ remembered: true, grouping });

    expect(await call<ImportUndoResult>(wb, 'import.undo', { importId: result.importId })).toMatchObject({ vmsRemoved: result.vmsCreated, applicationsRemoved: 1 });
    expect(await call(wb, 'engagement.current', {})).toEqual(before);
    expect(await call<ImportRecord[]>(wb, 'import.list', {})).toMatchObject([{ undone: true }]);
    const again = await wb.dispatch('import.undo', { importId: result.importId });
    expect(again).toEqual({ error: expect.objectContaining({ code: 'VALIDATION', message: expect.stringMatching(/already been undone/) }) });
    wb.close();
  });

  it('reports progress while an apply runs and cancels it, leaving the file unchanged', async () => {
    const dir = tempDir();
    const wb = workbenchIn(dir);
    const path = join(dir, 'acme.cwb');
    await call(wb, 'engagement.create', { path, customer: 'Acme', title: 'DR' });
    const file = join(dir, 'big.xlsx');
    await writeRvtoolsWorkbook(file, { rows: 6000 });
    const hash = sha256(path);
    const running = wb.dispatch('import.apply', { path: file });
    let progress = { running: false, rowsRead: 0 };
    for (let i = 0; i < 2000 && progress.rowsRead === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      progress = await call(wb, 'import.progress', {});
    }
    expect(progress.running).toBe(true);
    expect(progress.rowsRead).toBeGreaterThan(0);
    expect(await call(wb, 'import.cancel', {})).toBeNull();
    const outcome = await running;
    expect(outcome).toEqual({ error: expect.objectContaining({ code: 'CANCELLED' }) });
    expect(await call(wb, 'import.progress', {})).toEqual({ running: false, rowsRead: 0 });
    expect(await call(wb, 'import.list', {})).toEqual([]);
    wb.close();
    expect(sha256(path)).toBe(hash);
  });

  it('needs an open engagement to apply, and refuses an unknown import id to undo', async () => {
    const dir = tempDir();
    const wb = workbenchIn(dir);
    const file = inventory(dir, ['a,,1,1,x']);
    expect(await wb.dispatch('import.apply', { path: file })).toEqual({ error: expect.objectContaining({ code: 'NO_ENGAGEMENT_OPEN' }) });
    // A preview without an engagement shows everything as new.
    expect(await call<ImportPreview>(wb, 'import.preview', { path: file })).toMatchObject({ plan: { newVms: 1 } });
    await call(wb, 'engagement.create', { path: join(dir, 'acme.cwb'), customer: 'Acme', title: 'DR' });
    const unknown = await wb.dispatch('import.undo', { importId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown).toEqual({ error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    wb.close();
  });
});
