import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../core/testSupport';
import { SCHEMA_VERSION } from '../core/store/migrations';
import { Assessment } from '../../shared/rules/assessment';
import { RVTOOLS_FIXTURE } from '../core/import/testFiles';
import { EngagementStore } from '../core/store/engagementStore';
import { cwb } from './testCli';

const tempDir = useTempDir();
const bin = fileURLToPath(new URL('./bin.mjs', import.meta.url));

describe('cwb', () => {
  it('create then info --json report the same engagement in the documented shape', async () => {
    const file = join(tempDir(), 'acme.cwb');
    const created = await cwb('create', file, '--customer', 'Acme Corp', '--title', 'DR review', '--json');
    expect(created.code).toBe(0);
    const info = await cwb('info', file, '--json');
    expect(info.code).toBe(0);
    const parsed = JSON.parse(info.out);
    expect(parsed).toEqual({
      file,
      schemaVersion: SCHEMA_VERSION,
      appVersion: expect.any(String),
      engagement: {
        id: expect.any(String),
        customer: 'Acme Corp',
        title: 'DR review',
        status: 'draft',
        consultants: '',
        workshopDates: '',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
      counts: { sites: 0, systems: 0, policies: 4, applications: 0, components: 0, vms: 0, answers: 0, unknowns: 0 },
    });
    expect(JSON.parse(created.out)).toEqual(parsed);
  });

  it('adds the .cwb extension when the name has none', async () => {
    const dir = tempDir();
    expect((await cwb('create', join(dir, 'plain'), '--customer', 'A', '--title', 'B')).code).toBe(0);
    expect((await cwb('info', join(dir, 'plain.cwb'))).code).toBe(0);
  });

  it('info does not change the file it reads', async () => {
    const file = join(tempDir(), 'demo.cwb');
    expect((await cwb('demo', file)).code).toBe(0);
    const before = readFileSync(file);
    const info = await cwb('info', file, '--json');
    expect(JSON.parse(info.out).counts).toMatchObject({ sites: 2, systems: 3, applications: 13 });
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a text file renamed .cwb with exit code 1, a clear message on stderr, and the file unchanged', async () => {
    const file = join(tempDir(), 'notes.cwb');
    writeFileSync(file, 'meeting notes\n');
    const result = await cwb('info', file);
    expect(result).toMatchObject({ code: 1, out: '' });
    expect(result.err).toMatch(/notes\.cwb is not an engagement file: it is not a SQLite database/);
    expect(readFileSync(file, 'utf8')).toBe('meeting notes\n');
    const json = await cwb('info', file, '--json');
    expect(JSON.parse(json.err)).toEqual({ error: { code: 'NOT_SQLITE', message: expect.any(String) } });
  });

  it('answers wrong usage with exit code 2 and the usage text', async () => {
    expect(await cwb('frobnicate')).toMatchObject({ code: 2, err: expect.stringMatching(/Unknown command "frobnicate"[\s\S]*Usage:/) });
    expect(await cwb('create')).toMatchObject({ code: 2, err: expect.stringMatching(/needs a FILE/) });
    expect(await cwb('info', 'x.cwb', '--bogus')).toMatchObject({ code: 2 });
    expect(await cwb('create', join(tempDir(), 'x'), '--title', 'T')).toMatchObject({ code: 1, err: expect.stringMatching(/Customer is required/) });
  });

  // Three child processes that each compile the CLI as they start: slow on a busy machine.
  it('works as the installed command, through its bin script', () => {
    const file = join(tempDir(), 'bin.cwb');
    execFileSync(process.execPath, [bin, 'create', file, '--customer', 'Bin', '--title', 'Check']);
    const info = JSON.parse(execFileSync(process.execPath, [bin, 'info', file, '--json'], { encoding: 'utf8' }));
    expect(info.engagement.customer).toBe('Bin');
    const failed = spawnSync(process.execPath, [bin, 'info', join(tempDir(), 'missing.cwb')], { encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/No engagement file at/);
  }, 120_000);

  it('export --format json then create --from give an engagement that exports the same, but the export time', async () => {
    const dir = tempDir();
    const demo = join(dir, 'demo.cwb');
    expect((await cwb('demo', demo)).code).toBe(0);
    const before = readFileSync(demo);
    expect(await cwb('export', demo, '--format', 'json', '-o', join(dir, 'demo.json'))).toMatchObject({ code: 0, out: '', err: '' });
    expect(readFileSync(demo).equals(before)).toBe(true);
    const created = await cwb('create', join(dir, 'copy'), '--from', join(dir, 'demo.json'), '--json');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.out)).toMatchObject({ file: join(dir, 'copy.cwb'), counts: { sites: 2, systems: 3, applications: 13 } });
    expect((await cwb('export', join(dir, 'copy.cwb'), '--format', 'json', '--output', join(dir, 'copy.json'))).code).toBe(0);
    const strip = (file: string) => ({ ...JSON.parse(readFileSync(join(dir, file), 'utf8')), exportedAt: '' });
    expect(strip('copy.json')).toEqual(strip('demo.json'));
    expect(readdirSync(dir).sort()).toEqual(['copy.cwb', 'copy.json', 'demo.cwb', 'demo.json']);
  });

  it('create --from a broken document fails with exit code 1, names the place, and creates nothing', async () => {
    const dir = tempDir();
    const source = join(dir, 'broken.json');
    writeFileSync(source, JSON.stringify({ format: 'continuity-workbook-engagement', formatVersion: 1 }));
    const result = await cwb('create', join(dir, 'out.cwb'), '--from', source);
    expect(result).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/^cwb: broken\.json: exportedAt: /) });
    const json = await cwb('create', join(dir, 'out.cwb'), '--from', source, '--json');
    expect(JSON.parse(json.err)).toEqual({ error: { code: 'VALIDATION', message: expect.any(String), details: { issues: expect.any(Array) } } });
    expect(existsSync(join(dir, 'out.cwb'))).toBe(false);
    expect(await cwb('create', join(dir, 'out.cwb'), '--from', join(dir, 'missing.json'))).toMatchObject({ code: 1, err: expect.stringMatching(/Cannot read/) });
  });

  it('answers wrong export and create --from usage with exit code 2', async () => {
    const dir = tempDir();
    const file = join(dir, 'e.cwb');
    await cwb('create', file, '--customer', 'A', '--title', 'B');
    expect(await cwb('export', file, '-o', join(dir, 'x.json'))).toMatchObject({ code: 2, err: expect.stringMatching(/needs --format json or --format xlsx/) });
    expect(await cwb('export', file, '--format', 'csv', '-o', join(dir, 'x.csv'))).toMatchObject({ code: 2, err: expect.stringMatching(/knows --format json and --format xlsx, not "csv"/) });
    expect(await cwb('export', file, '--format', 'json')).toMatchObject({ code: 2, err: expect.stringMatching(/needs -o OUT\.json/) });
    expect(await cwb('export', file, '--format', 'json', '-o', file)).toMatchObject({ code: 2 });
    expect(await cwb('create', join(dir, 'f.cwb'), '--from', 'x.json', '--customer', 'A')).toMatchObject({ code: 2, err: expect.stringMatching(/not both/) });
    expect(readdirSync(dir)).toEqual(['e.cwb']);
  });

  it('assess --json prints one Assessment document for the whole engagement, without changing the file', async () => {
    const file = join(tempDir(), 'demo.cwb');
    await cwb('demo', file);
    const before = readFileSync(file);
    const result = await cwb('assess', file, '--json', '--as-of', '2026-11-25');
    expect(result).toMatchObject({ code: 0, err: '' });
    const assessment = Assessment.parse(JSON.parse(result.out));
    expect(assessment.asOf).toBe('2026-11-25');
    expect(assessment.applications).toHaveLength(13);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('assess --json says "not-assessed" for imported applications nobody has interviewed, and never met or not-required for them', () => {
    const dir = tempDir();
    const file = join(dir, 'acme.cwb');
    const run = (...args: string[]) => execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    run('create', file, '--customer', 'Acme', '--title', 'DR review');
    const imported = JSON.parse(run('import', file, RVTOOLS_FIXTURE, '--skip-templates', '--group-by', 'Cluster', '--json'));
    expect(imported.applicationsCreated).toBe(4);
    // One application is interviewed in part, as in a workshop that has just begun.
    const store = EngagementStore.open(file, 'tester');
    const interviewed = store.applications().find((a) => a.name === 'DMZ')!;
    store.setAnswer(interviewed.id, null, 'app.statefulness', { status: 'answered', value: 'stateless' });
    store.setAnswer(interviewed.id, null, 'app.impactRadius', { status: 'answered', value: 'node' });
    store.close();

    const assessment = Assessment.parse(JSON.parse(run('assess', file, '--json')));
    const untouched = assessment.applications.filter((a) => a.name !== 'DMZ');
    expect(untouched.map((a) => a.assessment)).toEqual(['not-assessed', 'not-assessed', 'not-assessed']);
    for (const app of untouched) {
      expect(app.scopes.map((s) => s.compliance)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
      expect(app.findings).toEqual([]);
    }
    expect(assessment.applications.find((a) => a.name === 'DMZ')).toMatchObject({ assessment: 'in-progress', scopes: expect.arrayContaining([expect.objectContaining({ scope: 'site', compliance: 'not-required' })]) });
    expect(assessment.summary.assessment).toEqual({ 'not-assessed': 3, 'in-progress': 1, assessed: 0, 'out-of-scope': 0 });
    expect(assessment.summary.complianceByScope.region).toMatchObject({ notRequired: 1, notAssessed: 3, met: 0 });
    expect(assessment.summary.atRiskByScope.region).toHaveLength(3);

    const text = run('assess', file);
    expect(text).toMatch(/^Cluster1 — not assessed: nothing the assessment needs has been answered for it$/m);
  });

  it('assess --app limits the result to one application, matched regardless of case', async () => {
    const file = join(tempDir(), 'demo.cwb');
    await cwb('demo', file);
    const json = await cwb('assess', file, '--json', '--app', 'patient records (epr)');
    expect(json.code).toBe(0);
    const assessment = Assessment.parse(JSON.parse(json.out));
    expect(assessment.applications.map((a) => a.name)).toEqual(['Patient Records (EPR)']);
    expect(assessment.summary.applications).toBe(1);
    expect(assessment.asOf).toBe(new Date().toISOString().slice(0, 10));
    const text = await cwb('assess', file, '--app', 'Patient Records (EPR)');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Patient Records \(EPR\) — assessed, policy Mission-critical/m);
    expect(text.out).toMatch(/^ {2}scope +scheme +target RTO \/ RPO +achievable RTO \/ RPO +compliance$/m);
    expect(text.out).not.toMatch(/Lab Results Portal/);
  });

  it('assess answers an unknown application with exit code 1 and bad usage with 2', async () => {
    const file = join(tempDir(), 'demo.cwb');
    await cwb('demo', file);
    const missing = await cwb('assess', file, '--app', 'Payroll');
    expect(missing).toMatchObject({ code: 1, out: '' });
    expect(missing.err).toBe('cwb: No application named "Payroll" in this engagement.');
    expect(await cwb('assess', file, '--as-of', '25/11/2026')).toMatchObject({ code: 2, err: expect.stringMatching(/--as-of must be a date/) });
    expect(await cwb('assess', file, '--as-of', '2026-13-01')).toMatchObject({ code: 2, err: expect.stringMatching(/--as-of must be a date/) });
    expect(await cwb('assess', file, '--as-of', '2026-02-30')).toMatchObject({ code: 2 });
    expect(await cwb('assess')).toMatchObject({ code: 2, err: expect.stringMatching(/needs a FILE/) });
    expect(await cwb('assess', join(tempDir(), 'missing.cwb'), '--json')).toMatchObject({ code: 1, err: expect.stringMatching(/"NOT_FOUND"/) });
  });
});
