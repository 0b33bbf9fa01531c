import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngagementDocument } from '../../shared/interchange/engagementJson';
import { CATALOGUE_VERSION } from '../../shared/questions/catalogue';
import { defaultAssumptions } from '../../shared/rules/assumptions';
import { assessEngagement } from '../../shared/rules/engine';
import { buildDemoEngagement } from './demo';
import { CwbError } from './errors';
import { engagementJson, parseEngagementJson, readEngagementJsonFile } from './interchange';
import { EngagementStore } from './store/engagementStore';
import { SYSTEMS, VMS } from './store/tables';
import { useTempDir } from './testSupport';

const tempDir = useTempDir();

function demoDocument(dir: string): Record<string, unknown> {
  const store = buildDemoEngagement(join(dir, 'demo.cwb'), 'tester');
  store.setAssumptions({ ...defaultAssumptions(), failover: { best: 30, worst: 180 } });
  const text = engagementJson(store.view());
  store.close();
  return JSON.parse(text) as Record<string, unknown>;
}

/** Creates from a broken document and returns the error; the folder must hold nothing new afterwards. */
function refusal(dir: string, text: string): CwbError {
  const source = join(dir, 'in.json');
  writeFileSync(source, text);
  const before = readdirSync(dir).sort();
  let caught: unknown;
  try {
    EngagementStore.createFromDocument(join(dir, 'out.cwb'), readEngagementJsonFile(source), 'tester').close();
  } catch (error) {
    caught = error;
  }
  expect(readdirSync(dir).sort()).toEqual(before);
  expect(caught).toBeInstanceOf(CwbError);
  return caught as CwbError;
}

describe('JSON interchange', () => {
  it('export, create from it and export again give the same document but the export time', () => {
    const dir = tempDir();
    const document = demoDocument(dir);
    expect(EngagementDocument.safeParse(document).success).toBe(true);
    const store = EngagementStore.createFromDocument(join(dir, 'copy.cwb'), EngagementDocument.parse(document), 'tester');
    const again = JSON.parse(engagementJson(store.view())) as Record<string, unknown>;
    expect(store.auditTrail()).toEqual([expect.objectContaining({ action: 'import', entity: 'engagement' })]);
    store.close();
    expect(again.exportedAt).not.toBeUndefined();
    expect({ ...again, exportedAt: 'x' }).toEqual({ ...document, exportedAt: 'x' });
    expect(JSON.stringify({ ...again, exportedAt: 'x' })).toBe(JSON.stringify({ ...document, exportedAt: 'x' }));
  });

  it('carries the new answers: where it recovers, the recovery test, out of scope and several protection methods', () => {
    const dir = tempDir();
    const document = demoDocument(dir) as { applications: { name: string; answers: Record<string, { state: { value?: unknown } }>; components: { answers: Record<string, { state: { value?: unknown } }> }[] }[] };
    const value = (app: string, id: string) => document.applications.find((a) => a.name === app)!.answers[id]?.state.value;
    expect(value('Patient Records (EPR)', 'app.recoversOn.site')).toEqual(expect.any(String));
    expect(value('Patient Records (EPR)', 'app.failover.testDuration')).toBe(75);
    expect(value('Staff Rostering', 'app.failover.lastTest')).toBe('never');
    expect(value('Staff Rostering', 'app.recoversOn.system')).toBe('public-azure');
    expect(value('Legacy Fax Gateway', 'app.outOfScope')).toMatch(/Switched off/);
    const epr = document.applications.find((a) => a.name === 'Patient Records (EPR)')!;
    expect(epr.components.map((c) => c.answers['component.protection.application']?.state.value)).toContainEqual(['application-backup', 'replication']);
    const store = EngagementStore.createFromDocument(join(dir, 'copy.cwb'), EngagementDocument.parse(document), 'tester');
    const assessed = assessEngagement(store.view(), { asOf: '2026-12-01' }).applications;
    store.close();
    expect(assessed.find((a) => a.name === 'Legacy Fax Gateway')?.assessment).toBe('out-of-scope');
    expect(assessed.find((a) => a.name === 'Patient Records (EPR)')?.scopes.find((s) => s.scope === 'site')?.achievable.terms.some((t) => t.basis === 'dr-test')).toBe(true);
  });

  it('still loads a document from the previous catalogue, whose protection methods are single values, and reads them as lists of one', () => {
    const dir = tempDir();
    const document = demoDocument(dir) as { catalogueVersion: number; applications: { name: string; answers: Record<string, unknown>; components: { answers: Record<string, { state: { status: string; value?: unknown } }> }[] }[] };
    document.catalogueVersion = 2;
    const rostering = document.applications.find((a) => a.name === 'Staff Rostering')!;
    const tier = rostering.components[0]!;
    tier.answers['component.protection.application']!.state = { status: 'answered', value: 'application-backup' };
    tier.answers['component.protection.disk']!.state = { status: 'answered', value: 'none' };
    const source = join(dir, 'old.json');
    writeFileSync(source, JSON.stringify(document));
    const store = EngagementStore.createFromDocument(join(dir, 'old.cwb'), readEngagementJsonFile(source), 'tester');
    const view = store.view();
    store.close();
    const stored = view.applications.find((a) => a.name === 'Staff Rostering')!.components[0]!.answers;
    expect(stored['component.protection.disk']?.state).toEqual({ status: 'answered', value: 'none' });
    const findings = assessEngagement(view, { asOf: '2026-12-01' }).applications.find((a) => a.name === 'Staff Rostering')!.findings;
    expect(findings.find((f) => f.code === 'DATA_SOURCE_UNPROTECTED')?.rationale).toBe('Rostering server has data to protect (whole disks), and nothing protects it yet.');
  });

  it('gives the same bytes for the same engagement', () => {
    const dir = tempDir();
    const store = buildDemoEngagement(join(dir, 'demo.cwb'), 'tester');
    const view = store.view();
    store.close();
    expect(engagementJson(view, '2026-01-01T00:00:00.000Z')).toBe(engagementJson(view, '2026-01-01T00:00:00.000Z'));
  });

  it('names the place of a wrong type deep inside, and creates no file', () => {
    const dir = tempDir();
    const document = demoDocument(dir) as { systems: { nodeCount: unknown }[]; applications: { components: { answers: Record<string, { note: unknown }> }[] }[] };
    document.systems[1]!.nodeCount = 'eight';
    const error = refusal(dir, JSON.stringify(document));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('in.json: systems[1] ("ash-ehv-01").nodeCount: Node count must be a number');

    const second = demoDocument(tempDir()) as typeof document;
    const component = second.applications[0]!.components[1]!;
    const questionId = Object.keys(component.answers)[0]!;
    component.answers[questionId]!.note = 42;
    expect(refusal(tempDir(), JSON.stringify(second)).message).toMatch(
      new RegExp(`^in\\.json: applications\\[0\\] \\("Patient Records \\(EPR\\)"\\)\\.components\\[1\\] \\(".+"\\)\\.answers\\["${questionId.replace(/\./g, '\\.')}"\\]\\.note: `),
    );
  });

  it('refuses an answer outside what its question allows, naming the application and the question', () => {
    const dir = tempDir();
    const document = demoDocument(dir) as { applications: { answers: Record<string, unknown> }[] };
    document.applications[3]!.answers['app.rto.site'] = {
      state: { status: 'answered', value: 400 * 24 * 60 },
      note: '',
      answeredBy: 'x',
      answeredAt: '2026-01-01T00:00:00.000Z',
    };
    const name = (document.applications[3] as unknown as { name: string }).name;
    expect(refusal(dir, JSON.stringify(document)).message).toBe(`in.json: applications[3] ("${name}").answers["app.rto.site"]: At most 365 days`);
  });

  it('refuses an unknown question id and a dangling system reference, listing every problem', () => {
    const dir = tempDir();
    const document = demoDocument(dir) as { applications: { answers: Record<string, { state: { value?: unknown } }> }[] };
    const first = document.applications[0]!;
    first.answers['app.teleportation'] = { ...first.answers['app.owner']! };
    first.answers['app.hostingSystem']!.state.value = 'no-such-system';
    const error = refusal(dir, JSON.stringify(document));
    expect(error.message).toMatch(/^in\.json: applications\[0\] \("Patient Records \(EPR\)"\)\.answers\["app\.hostingSystem"\]: no Azure Stack Hub system with id "no-such-system" in this document \(and 1 more problem\)$/);
    expect((error.details as { issues: { field: string; message: string }[] }).issues).toContainEqual({
      field: 'applications[0] ("Patient Records (EPR)").answers["app.teleportation"]',
      message: `no such question in the question catalogue (version ${CATALOGUE_VERSION})`,
    });
  });

  it('refuses a system on a site the document does not have, a VM of a missing application and a duplicate name', () => {
    const dir = tempDir();
    const document = demoDocument(dir) as {
      systems: { siteId: string }[];
      vms: { applicationId: string | null }[];
      applications: { name: string }[];
    };
    document.systems[2]!.siteId = 'gone';
    document.vms[0]!.applicationId = 'gone';
    document.applications[5]!.name = document.applications[4]!.name.toUpperCase();
    const issues = (refusal(dir, JSON.stringify(document)).details as { issues: { field: string }[] }).issues.map((i) => i.field);
    expect(issues).toEqual([
      expect.stringMatching(/^applications\[5\] \(".+"\)\.name$/),
      'systems[2] ("ash-rtm-02").siteId',
      expect.stringMatching(/^vms\[0\] \(".+"\)\.applicationId$/),
    ]);
  });

  it('refuses text that is not JSON, saying where it broke', () => {
    const error = refusal(tempDir(), '{\n  "format": "continuity-workbook-engagement",\n  "formatVersion": 1,\n  oops\n}');
    expect(error.message).toMatch(/^in\.json is not valid JSON \(line 4, column 3\)/);
  });

  it('refuses a future format version and anything that is not an engagement document', () => {
    const dir = tempDir();
    const document = demoDocument(dir);
    expect(refusal(dir, JSON.stringify({ ...document, formatVersion: 3, somethingNew: [] })).message).toBe(
      'in.json: formatVersion: the document is in format version 3; this version of Continuity Workbook reads up to 2. Update the app to read it.',
    );
    expect(() => parseEngagementJson('[1, 2]', 'list.json')).toThrow(/list\.json: format: not a Continuity Workbook engagement document/);
    expect(() => parseEngagementJson(JSON.stringify({ ...document, extra: 1 }), 'x.json')).toThrow(/x\.json: \(document\): Unrecognized key: "extra"/);
  });

  it('gives assumptions the document leaves out their default, and drops ones it does not know', () => {
    const dir = tempDir();
    const document = demoDocument(dir) as { assumptions: Record<string, unknown> };
    delete document.assumptions.detectAndDecide;
    document.assumptions.teleport = { best: 1, worst: 2 };
    const parsed = parseEngagementJson(JSON.stringify(document), 'in.json');
    expect(parsed.assumptions.detectAndDecide).toEqual(defaultAssumptions().detectAndDecide);
    expect(parsed.assumptions.failover).toEqual({ best: 30, worst: 180 });
    expect(parsed.assumptions).not.toHaveProperty('teleport');
  });

  it('reads a document written before hardware profiles existed, and carries profiles, Site Recovery targets and disk sizes both ways', () => {
    const dir = tempDir();
    const older = demoDocument(dir) as { hardwareProfiles?: unknown; systems: Record<string, unknown>[]; vms: Record<string, unknown>[] };
    delete older.hardwareProfiles;
    for (const system of older.systems) {
      delete system.hardwareProfileId;
      delete system.siteRecoveryTarget;
    }
    for (const vm of older.vms) delete vm.largestDiskGb;
    const store = EngagementStore.createFromDocument(join(dir, 'older.cwb'), parseEngagementJson(JSON.stringify(older), 'older.json'), 'tester');
    try {
      expect(store.view().hardwareProfiles).toEqual([]);
      const profile = store.saveHardwareProfile({ name: 'Gen 2 node', memoryGbPerNode: 1024, physicalCoresPerNode: 64, usableStorageGbPerNode: 12_000 });
      const [system] = store.systems();
      store.save(SYSTEMS, { ...system!, hardwareProfileId: profile.id, siteRecoveryTarget: false });
      const [vm] = store.vms();
      store.save(VMS, { ...vm!, largestDiskGb: 1200 });
      const text = engagementJson(store.view());
      const copy = EngagementStore.createFromDocument(join(dir, 'copy.cwb'), parseEngagementJson(text, 'copy.json'), 'tester');
      try {
        expect(copy.hardwareProfiles()).toEqual([profile]);
        expect(copy.systems()[0]).toMatchObject({ hardwareProfileId: profile.id, siteRecoveryTarget: false });
        expect(copy.vms()[0]?.largestDiskGb).toBe(1200);
        expect(engagementJson(copy.view(), 'same')).toBe(engagementJson(store.view(), 'same'));
      } finally {
        copy.close();
      }
    } finally {
      store.close();
    }
  });

  it('refuses a system built from a hardware profile the document does not have', () => {
    const dir = tempDir();
    const document = demoDocument(dir) as { systems: Record<string, unknown>[] };
    document.systems[0]!.hardwareProfileId = 'gone';
    expect(refusal(dir, JSON.stringify(document)).message).toBe('in.json: systems[0] ("ash-rtm-01").hardwareProfileId: no hardware profile with id "gone" in this document');
  });

  it('refuses to create over an existing file', () => {
    const dir = tempDir();
    const document = EngagementDocument.parse(demoDocument(dir));
    const target = join(dir, 'taken.cwb');
    writeFileSync(target, 'keep me');
    expect(() => EngagementStore.createFromDocument(target, document, 'tester')).toThrow(expect.objectContaining({ code: 'ALREADY_EXISTS' }));
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });
});
