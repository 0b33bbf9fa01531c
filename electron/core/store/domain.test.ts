import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { findArchetype } from '../../../shared/questions/archetypes';
import { findQuestion, isApplicable, QUESTIONS } from '../../../shared/questions/catalogue';
import { useTempDir } from '../testSupport';
import { EngagementStore } from './engagementStore';
import { ENGAGEMENT_APPLICATION_ID } from './fileCheck';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { historyFolder, listSnapshots } from './snapshots';
import { POLICIES, SITES, SYSTEMS } from './tables';

const tempDir = useTempDir();

function newStore() {
  return EngagementStore.create(join(tempDir(), 'e.cwb'), { customer: 'Acme', title: 'DR' }, 'alex');
}

function siteAndSystem(store: EngagementStore) {
  const site = store.save(SITES, { name: 'DC1', location: '', datacenterTier: 'tier-3', utilityFeeds: 2 });
  const system = store.save(SYSTEMS, {
    name: 'ash-01', siteId: site.id, region: 'west', nodeCount: 8, identityModel: 'connected', state: 'operational', role: 'primary', publicAzureAllowed: true,
  });
  return { site, system };
}

describe('migrations', () => {
  it('upgrades a version-1 file in place, keeps its answers, copies the original aside and seeds the default policies', () => {
    const path = join(tempDir(), 'old.cwb');
    const db = new Database(path);
    db.exec(MIGRATIONS[0]!.sql);
    db.pragma('user_version = 1');
    db.pragma(`application_id = ${ENGAGEMENT_APPLICATION_ID}`);
    db.prepare("INSERT INTO engagement (id, customer, title, created_at, updated_at) VALUES ('e', 'Old', 'File', 'x', 'x')").run();
    db.prepare("INSERT INTO application (id, name, created_at, position) VALUES ('a', 'Billing', 'x', 0)").run();
    db.prepare(
      `INSERT INTO answer (application_id, question_id, state_json, answered_by, answered_at, catalogue_version)
       VALUES ('a', 'app.statefulness', '{"status":"answered","value":"stateful"}', 'alex', 'x', 1)`,
    ).run();
    db.close();
    const original = readFileSync(path);

    const store = EngagementStore.open(path, 'alex');
    const view = store.view();
    store.close();
    expect(view.schemaVersion).toBe(SCHEMA_VERSION);
    expect(view.applications[0]!.answers['app.statefulness']!.state).toEqual({ status: 'answered', value: 'stateful' });
    expect(view.policies.map((p) => p.name)).toEqual(['Mission-critical', 'Business-critical', 'Standard', 'Deferrable']);
    const [snapshot] = listSnapshots(path);
    expect(snapshot?.reason).toBe('Before the file format was upgraded');
    expect(readFileSync(join(historyFolder(path), `${snapshot!.id}.cwb`)).equals(original)).toBe(true);
  });
});

describe('sites, systems and policies', () => {
  it('refuses a system with 20 nodes or without a site, naming the problem, and keeps what was saved', () => {
    const store = newStore();
    const { site, system } = siteAndSystem(store);
    expect(() => store.save(SYSTEMS, { ...system, nodeCount: 20 })).toThrow(/nodeCount: A scale unit has at most 16 nodes/);
    expect(() => store.save(SYSTEMS, { ...system, id: undefined, name: 'ash-02', siteId: '' })).toThrow(/A system must sit on a site/);
    expect(() => store.save(SYSTEMS, { ...system, id: undefined, name: 'ash-02', siteId: 'nowhere' })).toThrow(/No site with id nowhere in this engagement/);
    expect(store.systems()).toEqual([system]);
    expect(() => store.save(SITES, { ...site, id: undefined })).toThrow(/A site named "DC1" already exists/);
    store.close();
  });

  it('updates a record field by field in the audit trail', () => {
    const store = newStore();
    const { system } = siteAndSystem(store);
    store.save(SYSTEMS, { ...system, nodeCount: 12, role: 'secondary' });
    const updates = store.auditTrail().filter((e) => e.action === 'update');
    expect(updates.map((e) => e.field)).toEqual(['nodeCount', 'role']);
    expect(store.systems()[0]).toMatchObject({ nodeCount: 12, role: 'secondary' });
    store.close();
  });

  it('will not delete a site that carries a system, or a system or policy an application uses', () => {
    const store = newStore();
    const { site, system } = siteAndSystem(store);
    const app = store.addApplication('Billing');
    store.setAnswer(app.id, null, 'app.hostingSystem', { status: 'answered', value: system.id });
    const policy = store.policies()[0]!;
    store.setAnswer(app.id, null, 'app.policy', { status: 'answered', value: policy.id });
    expect(() => store.removeSite(site.id)).toThrow(/still used by system ash-01/);
    expect(() => store.removeSystem(system.id)).toThrow(/still used by Billing/);
    expect(() => store.removePolicy(policy.id)).toThrow(/still used by Billing/);
    store.removePolicy(store.policies()[3]!.id);
    expect(store.policies()).toHaveLength(3);
    store.close();
  });

  it('refuses a negative target in a policy', () => {
    const store = newStore();
    const policy = store.policies()[0]!;
    expect(() => store.save(POLICIES, { ...policy, targets: { ...policy.targets, vm: { rtoMinutes: -5, rpoMinutes: 0 } } })).toThrow(/cannot be negative/);
    store.close();
  });

  it('keeps one distance per pair of sites, whichever order they are given in', () => {
    const store = newStore();
    const a = store.save(SITES, { name: 'A', location: '', datacenterTier: 'unknown', utilityFeeds: null });
    const b = store.save(SITES, { name: 'B', location: '', datacenterTier: 'unknown', utilityFeeds: null });
    store.setSiteDistance(a.id, b.id, 50);
    expect(store.setSiteDistance(b.id, a.id, 80)).toHaveLength(1);
    expect(store.siteDistances()[0]!.km).toBe(80);
    expect(() => store.setSiteDistance(a.id, a.id, 1)).toThrow(/two different sites/);
    expect(store.setSiteDistance(a.id, b.id, null)).toEqual([]);
    store.close();
  });
});

describe('components and typed answers', () => {
  it('answers component questions per component and removes them with the component', () => {
    const store = newStore();
    const app = store.addApplication('Billing');
    const db = store.addComponent(app.id, 'Database');
    store.setAnswer(app.id, db.id, 'component.instances', { status: 'answered', value: 2 });
    expect(() => store.setAnswer(app.id, null, 'component.instances', { status: 'answered', value: 2 })).toThrow(/per component/);
    expect(() => store.setAnswer(app.id, db.id, 'app.owner', { status: 'answered', value: 'X' })).toThrow(/whole application/);
    expect(() => store.setAnswer(app.id, db.id, 'component.instances', { status: 'answered', value: 1.5 })).toThrow(/whole number/);
    expect(store.applications()[0]!.components[0]!.answers['component.instances']!.state).toEqual({ status: 'answered', value: 2 });
    store.removeComponent(app.id, db.id);
    expect(store.applications()[0]!.components).toEqual([]);
    store.close();
  });

  it('refuses negative durations, unknown choices in a list, and dates that do not exist', () => {
    const store = newStore();
    const app = store.addApplication('Billing');
    expect(() => store.setAnswer(app.id, null, 'app.rto.site', { status: 'answered', value: -10 })).toThrow(/cannot be negative/);
    expect(() => store.setAnswer(app.id, null, 'app.assumptions', { status: 'answered', value: ['magic'] })).toThrow(/Not one of the offered choices/);
    expect(() => store.setAnswer(app.id, null, 'app.failover.lastTest', { status: 'answered', value: '2026-02-31x' })).toThrow(/year-month-day/);
    expect(() => store.setAnswer(app.id, null, 'app.failover.lastTest', { status: 'answered', value: '2026-02-31' })).toThrow(/2026-02-31 does not exist/);
    expect(() => store.setAnswer(app.id, null, 'app.dependencies', { status: 'answered', value: ['no-such-app'] })).toThrow(/no such application/);
    expect(store.applications()[0]!.answers).toEqual({});
    store.close();
  });

  it('adds an application from an archetype with its components and answers', () => {
    const store = newStore();
    const app = store.addApplicationFrom('Orders', findArchetype('sql-server-availability-group')!);
    expect(app.answers['app.backup.applicationAware']!.state).toEqual({ status: 'answered', value: true });
    expect(app.components.map((c) => c.name)).toEqual(['Application servers', 'SQL Server']);
    expect(app.components[1]!.answers['component.dataSources']!.state).toEqual({ status: 'answered', value: ['application', 'os-state'] });
    store.close();
  });
});

describe('bulk work', () => {
  it('assigns a policy to many applications at once, or to none when one of them is missing', () => {
    const store = newStore();
    const a = store.addApplication('A');
    const b = store.addApplication('B');
    const policy = store.policies()[1]!;
    expect(() => store.assignPolicy(policy.id, [a.id, 'missing'])).toThrow(/No application/);
    expect(store.applications().every((app) => app.answers['app.policy'] === undefined)).toBe(true);
    store.assignPolicy(policy.id, [a.id, b.id]);
    expect(store.applications().map((app) => app.answers['app.policy']?.state)).toEqual([
      { status: 'answered', value: policy.id },
      { status: 'answered', value: policy.id },
    ]);
    store.close();
  });

  it('copies answers and components with their answers, leaving out a dependency on the target itself', () => {
    const store = newStore();
    const source = store.addApplicationFrom('Orders', findArchetype('sql-server-availability-group')!);
    const target = store.addApplication('Invoices');
    const other = store.addApplication('Identity');
    store.setAnswer(source.id, null, 'app.dependencies', { status: 'answered', value: [target.id, other.id] });
    store.setAnswer(source.id, null, 'app.owner', { status: 'unknown', followUpWith: 'CIO', followUpBy: '' }, 'ask in January');
    store.copyAnswers(source.id, [target.id]);
    const copied = store.applications().find((app) => app.id === target.id)!;
    expect(copied.answers['app.dependencies']!.state).toEqual({ status: 'answered', value: [other.id] });
    expect(copied.answers['app.owner']).toMatchObject({ state: { status: 'unknown', followUpWith: 'CIO' }, note: 'ask in January' });
    expect(copied.components.map((c) => c.name)).toEqual(['Application servers', 'SQL Server']);
    expect(copied.components[1]!.answers['component.instances']!.state).toEqual({ status: 'answered', value: 2 });
    store.close();
  });
});

describe('catalogue', () => {
  it('declares each question id once, and every condition points at a question of the same level', () => {
    const ids = QUESTIONS.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const question of QUESTIONS) {
      if (!question.appliesWhen) continue;
      expect(findQuestion(question.appliesWhen.questionId)?.level).toBe(question.level);
    }
  });

  it('asks a follow-on question only when its condition is answered with a matching value', () => {
    const protection = findQuestion('component.protection.disk')!;
    const answered = (value: unknown) => ({
      'component.dataSources': { questionId: 'component.dataSources', state: { status: 'answered' as const, value }, note: '', answeredBy: '', answeredAt: '', catalogueVersion: 2 },
    });
    expect(isApplicable(protection, {})).toBe(false);
    expect(isApplicable(protection, answered(['disk', 'os-state']))).toBe(true);
    expect(isApplicable(protection, answered(['os-state']))).toBe(false);
  });
});
