import type { Answer, Application, AzureStackSystem, Component, DisruptionScope, ProtectionPolicy, Site } from '../domain/engagement';
import { CATALOGUE_VERSION } from '../questions/catalogue';
import { defaultAssumptions } from './assumptions';
import type { AssessmentInput } from './facts';

/**
 * Builds small engagements for rules scenarios. The starting point is an application that is
 * protected well enough to meet every target, so that each scenario changes one thing and
 * shows exactly which finding that one thing causes.
 */

export const AS_OF = '2026-11-25';

export function answered(value: unknown): Answer {
  return { questionId: '', state: { status: 'answered', value }, note: '', answeredBy: 'test', answeredAt: '2026-11-01T10:00:00Z', catalogueVersion: CATALOGUE_VERSION };
}

export function unknownAnswer(): Answer {
  return { ...answered(null), state: { status: 'unknown', followUpWith: 'DBA team', followUpBy: '' } };
}

export function notApplicable(reason = 'Does not apply'): Answer {
  return { ...answered(null), state: { status: 'not-applicable', reason } };
}

const H = 60;
const D = 24 * H;

function site(id: string, name: string): Site {
  return { id, name, location: '', datacenterTier: 'tier-3', utilityFeeds: 2 };
}

function system(id: string, siteId: string, region: string, role: AzureStackSystem['role']): AzureStackSystem {
  return { id, name: id, siteId, region, nodeCount: 8, identityModel: 'connected', state: 'operational', role, publicAzureAllowed: false };
}

export const TARGETS: Record<DisruptionScope, [number, number]> = {
  vm: [8 * H, H],
  node: [15, 0],
  system: [5 * H, 15],
  site: [5 * H, 15],
  region: [D, 15],
};

function policy(): ProtectionPolicy {
  return {
    id: 'policy-tight',
    name: 'Tight',
    description: '',
    targets: Object.fromEntries(Object.entries(TARGETS).map(([scope, [rto, rpo]]) => [scope, { rtoMinutes: rto, rpoMinutes: rpo }])) as ProtectionPolicy['targets'],
  };
}

function answers(values: Record<string, unknown>): Record<string, Answer> {
  return Object.fromEntries(Object.entries(values).map(([id, value]) => [id, { ...answered(value), questionId: id }]));
}

function component(id: string, name: string, values: Record<string, unknown>): Component {
  return { id, name, answers: answers(values) };
}

export function wellProtectedApplication(id = 'app-orders', name = 'Orders'): Application {
  return {
    id,
    name,
    createdAt: '2026-11-01T09:00:00Z',
    answers: answers({
      'app.statefulness': 'stateful',
      'app.hostingSystem': 'sys-a',
      'app.dataSizeGb': 100,
      'app.mayRunInAzure': false,
      'app.owner': 'Jo Owner, Head of Sales',
      'app.criticality': 'business-critical',
      'app.policy': 'policy-tight',
      'app.dependencies': [],
      'app.impactRadius': 'region',
      'app.recoversOn.system': 'sys-b',
      'app.recoversOn.site': 'sys-b',
      'app.recoversOn.region': 'sys-b',
      'app.backup.exists': true,
      'app.backup.product': 'Veeam Agent',
      'app.backup.inGuest': true,
      'app.backup.applicationAware': true,
      'app.backup.frequency': 60,
      'app.backup.retention': 30 * D,
      'app.backup.copyLocation': ['same-system', 'other-site'],
      'app.replication.technology': 'application',
      'app.replication.mode': 'asynchronous',
      'app.replication.target': 'sys-b',
      'app.activeActive': false,
      'app.failover.lastTest': '2026-06-01',
      'app.failover.testSucceeded': true,
      'app.assumptions': [],
    }),
    components: [
      component('cmp-web', 'Web', {
        'component.role': 'web',
        'component.statefulness': 'stateless',
        'component.instances': 2,
        'component.availabilitySet': true,
        'component.loadBalancer': 'azure-stack-lb',
      }),
      component('cmp-db', 'Database', {
        'component.role': 'database',
        'component.statefulness': 'stateful',
        'component.instances': 2,
        'component.availabilitySet': true,
        'component.loadBalancer': 'application',
        'component.dataSources': ['application', 'disk'],
        'component.protection.application': 'application-backup',
        'component.protection.disk': 'in-guest-backup',
      }),
    ],
  };
}

/** Two sites in two regions, one operational system on each, and the well-protected application. */
export function baseEngagement(): AssessmentInput {
  return {
    sites: [site('site-a', 'North'), site('site-b', 'South')],
    systems: [system('sys-a', 'site-a', 'region-1', 'primary'), system('sys-b', 'site-b', 'region-2', 'secondary')],
    siteDistances: [{ siteAId: 'site-a', siteBId: 'site-b', km: 300 }],
    policies: [policy()],
    applications: [wellProtectedApplication()],
    vms: [],
    assumptions: defaultAssumptions(),
  };
}

/** Mutators that scenarios compose; each returns the input it changed. */
export function setAnswer(input: AssessmentInput, questionId: string, answer: Answer | unknown, applicationId = 'app-orders'): AssessmentInput {
  const app = input.applications.find((a) => a.id === applicationId);
  if (!app) throw new Error(`No application ${applicationId}`);
  app.answers[questionId] = isAnswer(answer) ? { ...answer, questionId } : { ...answered(answer), questionId };
  return input;
}

export function setComponentAnswer(input: AssessmentInput, componentId: string, questionId: string, answer: Answer | unknown): AssessmentInput {
  const found = input.applications.flatMap((a) => a.components).find((c) => c.id === componentId);
  if (!found) throw new Error(`No component ${componentId}`);
  found.answers[questionId] = isAnswer(answer) ? { ...answer, questionId } : { ...answered(answer), questionId };
  return input;
}

export function changeSystem(input: AssessmentInput, id: string, change: Partial<AzureStackSystem>): AssessmentInput {
  input.systems = input.systems.map((s) => (s.id === id ? { ...s, ...change } : s));
  return input;
}

function isAnswer(value: unknown): value is Answer {
  return typeof value === 'object' && value !== null && 'state' in value && 'answeredBy' in value;
}

/** A scenario step: one change to an engagement, composed with others by `all`. */
export type Change = (input: AssessmentInput) => AssessmentInput;
export const all =
  (...changes: Change[]): Change =>
  (input) =>
    changes.reduce((acc, change) => change(acc), input);
export const answer = (questionId: string, value: unknown): Change => (input) => setAnswer(input, questionId, value);
export const componentAnswer = (componentId: string, questionId: string, value: unknown): Change => (input) => setComponentAnswer(input, componentId, questionId, value);
