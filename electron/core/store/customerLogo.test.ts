import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../shared/api/contract';
import { tinyPng } from '../testImages';
import { useTempDir } from '../testSupport';
import { Workbench } from '../workbench';
import { EngagementStore } from './engagementStore';
import { SCHEMA_VERSION } from './migrations';

const tempDir = useTempDir();

async function ok<T>(workbench: Workbench, method: string, input: unknown = {}): Promise<T> {
  const outcome = (await workbench.dispatch(method, input)) as Envelope<T>;
  if ('error' in outcome) throw new Error(`${method}: ${outcome.error.message}`);
  return outcome.result;
}

const SIGNER = { name: 'Dana Whitfield', role: 'COO', organisation: 'Acme' };

describe("the customer's logo in the engagement file", () => {
  it('is set, read back, audited and removed; refused while signed off', async () => {
    const dir = tempDir();
    const wb = new Workbench({ host: 'cli', dataDir: join(dir, 'data'), engagementFolder: dir, actor: 'tester' });
    await ok(wb, 'engagement.create', { path: join(dir, 'acme'), customer: 'Acme', title: 'DR' });
    expect(await ok(wb, 'engagement.logo')).toBeNull();
    const logo = { fileName: 'acme.png', base64: tinyPng(200, 80).toString('base64') };
    expect(await ok(wb, 'engagement.setLogo', { logo })).toMatchObject({ mediaType: 'image/png', width: 200, height: 80 });
    expect(wb.current!.auditTrail().at(-1)).toMatchObject({ actor: 'tester', action: 'update', entity: 'customer-logo' });
    const fake = await wb.dispatch('engagement.setLogo', { logo: { fileName: 'acme.jpg', base64: Buffer.from('GIF89a....').toString('base64') } });
    expect(fake).toEqual({ error: expect.objectContaining({ code: 'VALIDATION', message: expect.stringMatching(/acme\.jpg is not a complete PNG or JPEG/) }) });
    expect(await ok(wb, 'engagement.logo')).toMatchObject({ width: 200 });

    await ok(wb, 'signoff.sign', SIGNER);
    expect(await wb.dispatch('engagement.setLogo', { logo: null })).toEqual({ error: expect.objectContaining({ code: 'SIGNED_OFF' }) });
    await ok(wb, 'signoff.reopen', { reason: 'new logo' });
    expect(await ok(wb, 'engagement.setLogo', { logo: null })).toBeNull();
    wb.close();
  });

  it('is not signed content: an engagement signed in format 4 still verifies after the upgrade and after a logo is added', async () => {
    const dir = tempDir();
    const path = join(dir, 'acme.cwb');
    const wb = new Workbench({ host: 'cli', dataDir: join(dir, 'data'), engagementFolder: dir, actor: 'tester' });
    await ok(wb, 'engagement.create', { path, customer: 'Acme', title: 'DR' });
    await ok(wb, 'application.add', { name: 'Billing' });
    await ok(wb, 'signoff.sign', SIGNER);
    wb.close();
    // Turn the file back into format 4, as the previous version wrote it (without what formats 5 to 8 added).
    const db = new Database(path);
    db.exec('DROP TABLE customer_logo; DROP TRIGGER component_attachments_removed; DROP TABLE attachment; ALTER TABLE audit DROP COLUMN source; ALTER TABLE vm DROP COLUMN cluster');
    db.exec(`${['insert', 'update', 'delete'].map((action) => `DROP TRIGGER signed_off_hardware_profile_${action};`).join(' ')}
      ALTER TABLE azure_stack_system DROP COLUMN hardware_profile_id; ALTER TABLE azure_stack_system DROP COLUMN site_recovery_target;
      ALTER TABLE vm DROP COLUMN largest_disk_gb; DROP TABLE hardware_profile;`);
    db.pragma('user_version = 4');
    db.close();

    const reopened = new Workbench({ host: 'cli', dataDir: join(dir, 'data'), engagementFolder: dir, actor: 'tester' });
    expect(await ok(reopened, 'engagement.open', { path })).toMatchObject({ schemaVersion: SCHEMA_VERSION });
    expect(await ok(reopened, 'signoff.verify')).toMatchObject({ outcome: 'verified' });
    await ok(reopened, 'signoff.reopen', { reason: 'brand it' });
    await ok(reopened, 'engagement.setLogo', { logo: { fileName: 'acme.png', base64: tinyPng(10, 10).toString('base64') } });
    await ok(reopened, 'signoff.sign', SIGNER);
    expect(await ok(reopened, 'signoff.verify')).toMatchObject({ outcome: 'verified' });
    reopened.close();
  });

  it('reads a logo whose bytes were altered in the file as no logo, rather than printing them', () => {
    const dir = tempDir();
    const path = join(dir, 'acme.cwb');
    const store = EngagementStore.create(path, { customer: 'Acme', title: 'DR' }, 'tester');
    store.close();
    const db = new Database(path);
    db.prepare("INSERT INTO customer_logo VALUES (1, 'x.png', 'image/png', 1, 1, ?, '2026-01-01')").run(Buffer.from('<script>alert(1)</script>'));
    db.close();
    const reopened = EngagementStore.open(path, 'tester');
    expect(reopened.customerLogo()).toBeNull();
    reopened.close();
  });
});
