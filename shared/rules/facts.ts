import {
  DISRUPTION_SCOPES,
  type Answer,
  type Application,
  type AzureStackSystem,
  type DisruptionScope,
  type EngagementView,
  type ProtectionPolicy,
  type Site,
  type Vm,
} from '../domain/engagement';
import { DATA_SOURCES, currentValue, findQuestion, isApplicable, NEVER, RECOVERY_SCOPES, type RecoveryScope } from '../questions/catalogue';
import type { AnswerRef } from './assessment';
import { ASSUMPTION_KEYS, inMinutes, type AssumptionKey, type AssumptionRange } from './assumptions';

export type AssessmentInput = Pick<EngagementView, 'sites' | 'systems' | 'siteDistances' | 'policies' | 'applications' | 'vms' | 'assumptions'>;

export type DataSource = (typeof DATA_SOURCES)[number]['value'];
export type Statefulness = 'stateful' | 'stateless' | 'unknown';

/**
 * Reads answers the way the rules need them and remembers every read, so that each result
 * can say which answers it rests on and which of them were missing or unknown.
 */
export class AnswerReader {
  readonly reads = new Map<string, AnswerRef>();

  constructor(
    private readonly answers: Readonly<Record<string, Answer>>,
    private readonly componentId: string | null,
  ) {}

  /**
   * The answered value, or undefined. `notApplicableMeans` gives the value a "not applicable"
   * answer stands for (no backup, no dependencies...); without it, not applicable is a gap.
   */
  value<T>(questionId: string, notApplicableMeans?: T): T | undefined {
    const state = this.answers[questionId]?.state;
    const ref: AnswerRef = { questionId, componentId: this.componentId, status: state?.status ?? 'missing' };
    const question = findQuestion(questionId);
    const value = state?.status === 'answered' && question ? currentValue(question, state.value) : state?.status === 'answered' ? state.value : undefined;
    if (state?.status === 'answered') ref.value = value;
    this.reads.set(questionId, ref);
    if (state?.status === 'answered') return value as T;
    if (state?.status === 'not-applicable' && notApplicableMeans !== undefined) return notApplicableMeans;
    return undefined;
  }

  /** For optional questions (target overrides): read, but a missing answer is not a gap. */
  optional<T>(questionId: string): T | undefined {
    const state = this.answers[questionId]?.state;
    if (!state) return undefined;
    return this.value<T>(questionId);
  }

  /** As optional(), with "not applicable" a legitimate answer standing for `notApplicableMeans`. */
  optionalOr<T>(questionId: string, notApplicableMeans: T): T | undefined {
    if (!this.answers[questionId]?.state) return undefined;
    return this.valueOr(questionId, notApplicableMeans);
  }

  ref(questionId: string): AnswerRef {
    return this.reads.get(questionId) ?? { questionId, componentId: this.componentId, status: 'missing' };
  }

  isGap(questionId: string): boolean {
    const ref = this.reads.get(questionId);
    if (!ref) return false;
    if (ref.status === 'missing' || ref.status === 'unknown') return true;
    return ref.status === 'not-applicable' && !this.notApplicableAccepted.has(questionId);
  }

  readonly notApplicableAccepted = new Set<string>();

  /** Same as value(), and a "not applicable" answer is a legitimate answer rather than a gap. */
  valueOr<T>(questionId: string, notApplicableMeans: T): T | undefined {
    this.notApplicableAccepted.add(questionId);
    return this.value(questionId, notApplicableMeans);
  }
}

export interface ComponentFacts {
  id: string;
  name: string;
  reader: AnswerReader;
  role: string | undefined;
  statefulness: Statefulness;
  instances: number | undefined;
  availabilitySet: boolean | undefined;
  loadBalancer: string | undefined;
  dataSources: DataSource[] | undefined;
  /** Every method protecting each data source; an empty list means nothing protects it. */
  protection: Partial<Record<DataSource, string[] | undefined>>;
}

/** Where the owner says the application comes back after losing its system, site or region. */
export type RecoveryChoice =
  | { kind: 'system'; systemId: string; system: AzureStackSystem | null }
  | { kind: 'public-azure' }
  | { kind: 'new-hardware' };

/** What the last end-to-end recovery test showed; `lastTest` is undefined when not known, `never` when it never happened. */
export interface DrTestFacts {
  lastTest: string | typeof NEVER | undefined;
  scheme: 'replication-failover' | 'backup-restore' | 'redeploy' | undefined;
  succeeded: boolean | undefined;
  durationMinutes: number | undefined;
  dataLossMinutes: number | undefined;
}

export interface ApplicationFacts {
  id: string;
  name: string;
  reader: AnswerReader;
  statefulness: Statefulness;
  hostingSystem: AzureStackSystem | null;
  mayRunInAzure: boolean | undefined;
  criticality: string | undefined;
  policy: ProtectionPolicy | null;
  impactRadius: DisruptionScope | undefined;
  /** Targets the owner set instead of the policy's: minutes, "unknown", or undefined when not answered. */
  overrides: Record<DisruptionScope, { rto: number | 'unknown' | undefined; rpo: number | 'unknown' | undefined }>;
  dependencies: string[];
  /** Its VMs in the inventory. */
  vms: readonly Vm[];
  dataSizeGb: { value: number; fromInventory: boolean } | undefined;
  backup: {
    exists: boolean | undefined;
    inGuest: boolean | undefined;
    applicationAware: boolean | undefined;
    frequencyMinutes: number | undefined;
    retentionMinutes: number | undefined;
    copyLocations: string[] | undefined;
  };
  replication: { technology: string | undefined; mode: string | undefined; target: AzureStackSystem | null };
  activeActive: boolean | undefined;
  loadBalancerPlacement: string | undefined;
  ownerAssumptions: string[] | undefined;
  /** Per system, site and region loss: where the owner says it recovers; undefined when not answered (or not asked). */
  recoversOn: Record<RecoveryScope, RecoveryChoice | undefined>;
  /** The consultant's reason for leaving the application out of the assessment, or null. */
  outOfScopeReason: string | null;
  components: ComponentFacts[];
}

/** Everything about the engagement that is the same for every application. */
export interface Environment {
  systems: readonly AzureStackSystem[];
  systemsById: ReadonlyMap<string, AzureStackSystem>;
  sitesById: ReadonlyMap<string, Site>;
  policiesById: ReadonlyMap<string, ProtectionPolicy>;
  /** Duration assumptions in minutes, throughput in GB/h. */
  assumptions: Record<AssumptionKey, AssumptionRange>;
  asOf: string;
}

export function byNameThenId(a: { name: string; id: string }, b: { name: string; id: string }): number {
  const left = a.name.toLowerCase();
  const right = b.name.toLowerCase();
  if (left !== right) return left < right ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function buildEnvironment(input: AssessmentInput, asOf: string): Environment {
  const systems = [...input.systems].sort(byNameThenId);
  return {
    systems,
    systemsById: new Map(systems.map((s) => [s.id, s])),
    sitesById: new Map(input.sites.map((s) => [s.id, s])),
    policiesById: new Map(input.policies.map((p) => [p.id, p])),
    assumptions: Object.fromEntries(ASSUMPTION_KEYS.map((key) => [key, inMinutes(key, input.assumptions[key])])) as Record<
      AssumptionKey,
      AssumptionRange
    >,
    asOf,
  };
}

function componentFacts(component: Application['components'][number]): ComponentFacts {
  const reader = new AnswerReader(component.answers, component.id);
  const statefulness = reader.value<'stateful' | 'stateless'>('component.statefulness') ?? 'unknown';
  const dataSources = statefulness === 'stateful' ? reader.valueOr<DataSource[]>('component.dataSources', []) : [];
  const protection: ComponentFacts['protection'] = {};
  for (const source of dataSources ?? []) protection[source] = reader.value<string[]>(`component.protection.${source}`);
  return {
    id: component.id,
    name: component.name,
    reader,
    role: reader.value<string>('component.role'),
    statefulness,
    instances: reader.value<number>('component.instances'),
    availabilitySet: reader.value<boolean>('component.availabilitySet'),
    loadBalancer: reader.value<string>('component.loadBalancer'),
    dataSources,
    protection,
  };
}

/** Sizes from the VM inventory stand in for a missing data size, and lower the confidence. */
function inventoryDataSize(applicationId: string, vms: AssessmentInput['vms']): number | undefined {
  let total = 0;
  let known = false;
  for (const vm of vms) {
    if (vm.applicationId !== applicationId || vm.provisionedGb === null) continue;
    total += vm.provisionedGb;
    known = true;
  }
  return known ? total : undefined;
}

function readTarget(reader: AnswerReader, questionId: string): number | 'unknown' | undefined {
  const minutes = reader.optional<number>(questionId);
  return minutes === undefined && reader.ref(questionId).status === 'unknown' ? 'unknown' : minutes;
}

/** What an application depends on: each other application once, never itself, in a stable order. */
function withoutItself(applicationId: string, dependencies: readonly string[]): string[] {
  return [...new Set(dependencies)].filter((id) => id !== applicationId).sort();
}

/** The dependencies as answered, read without counting the read (the recovery plans and the cycle check). */
export function answeredDependencies(application: Application): string[] {
  const state = application.answers['app.dependencies']?.state;
  return state?.status === 'answered' && Array.isArray(state.value) ? withoutItself(application.id, state.value as string[]) : [];
}

export function buildFacts(
  application: Application,
  env: Environment,
  vmsByApplication: ReadonlyMap<string, AssessmentInput['vms']>,
): ApplicationFacts {
  const reader = new AnswerReader(application.answers, null);
  const components = [...application.components].sort(byNameThenId).map(componentFacts);

  let statefulness: Statefulness = reader.value<'stateful' | 'stateless'>('app.statefulness') ?? 'unknown';
  if (statefulness === 'unknown' && components.length > 0) {
    if (components.some((c) => c.statefulness === 'stateful')) statefulness = 'stateful';
    else if (components.every((c) => c.statefulness === 'stateless')) statefulness = 'stateless';
  }

  const hostingId = reader.value<string>('app.hostingSystem');
  const policyId = reader.value<string>('app.policy');
  const overrides = Object.fromEntries(
    DISRUPTION_SCOPES.map((scope) => [
      scope,
      { rto: readTarget(reader, `app.rto.${scope}`), rpo: readTarget(reader, `app.rpo.${scope}`) },
    ]),
  ) as ApplicationFacts['overrides'];

  let dataSizeGb: ApplicationFacts['dataSizeGb'];
  if (statefulness === 'stateful') {
    const answered = reader.value<number>('app.dataSizeGb');
    const fromInventory = answered === undefined ? inventoryDataSize(application.id, vmsByApplication.get(application.id) ?? []) : undefined;
    if (answered !== undefined) dataSizeGb = { value: answered, fromInventory: false };
    else if (fromInventory !== undefined) dataSizeGb = { value: fromInventory, fromInventory: true };
  }

  const backupExists = reader.valueOr<boolean>('app.backup.exists', false);
  const backup: ApplicationFacts['backup'] = {
    exists: backupExists,
    inGuest: backupExists ? reader.value<boolean>('app.backup.inGuest') : undefined,
    applicationAware: backupExists && statefulness === 'stateful' ? reader.value<boolean>('app.backup.applicationAware') : undefined,
    frequencyMinutes: backupExists ? reader.value<number>('app.backup.frequency') : undefined,
    retentionMinutes: backupExists ? reader.value<number>('app.backup.retention') : undefined,
    copyLocations: backupExists ? reader.value<string[]>('app.backup.copyLocation') : undefined,
  };

  const recoversOn = Object.fromEntries(
    RECOVERY_SCOPES.map((scope) => {
      const id = `app.recoversOn.${scope}`;
      const question = findQuestion(id);
      if (!question || !isApplicable(question, application.answers)) return [scope, undefined];
      const value = reader.value<string>(id);
      const choice: RecoveryChoice | undefined =
        value === undefined
          ? undefined
          : value === 'public-azure' || value === 'new-hardware'
            ? { kind: value }
            : { kind: 'system', systemId: value, system: env.systemsById.get(value) ?? null };
      return [scope, choice];
    }),
  ) as ApplicationFacts['recoversOn'];

  const outOfScope = application.answers['app.outOfScope']?.state;

  const technology = reader.valueOr<string>('app.replication.technology', 'none');
  const replicated = technology !== undefined && technology !== 'none';
  const targetId = technology === 'application' || technology === 'guest' ? reader.value<string>('app.replication.target') : undefined;
  const activeActive = reader.valueOr<boolean>('app.activeActive', false);

  return {
    id: application.id,
    name: application.name,
    reader,
    statefulness,
    hostingSystem: hostingId ? (env.systemsById.get(hostingId) ?? null) : null,
    mayRunInAzure: reader.value<boolean>('app.mayRunInAzure'),
    criticality: reader.value<string>('app.criticality'),
    policy: policyId ? (env.policiesById.get(policyId) ?? null) : null,
    impactRadius: reader.value<DisruptionScope>('app.impactRadius'),
    overrides,
    dependencies: withoutItself(application.id, reader.valueOr<string[]>('app.dependencies', []) ?? []),
    vms: vmsByApplication.get(application.id) ?? [],
    dataSizeGb,
    backup,
    replication: {
      technology,
      mode: replicated ? reader.value<string>('app.replication.mode') : undefined,
      target: targetId ? (env.systemsById.get(targetId) ?? null) : null,
    },
    activeActive,
    loadBalancerPlacement: activeActive ? reader.value<string>('app.loadBalancerPlacement') : undefined,
    ownerAssumptions: reader.valueOr<string[]>('app.assumptions', []),
    recoversOn,
    outOfScopeReason: outOfScope?.status === 'answered' ? String(outOfScope.value) : null,
    components,
  };
}

/**
 * The last recovery test, read only where it can matter (a rule that asks "was it tested", an
 * estimate that may start from the measured time), so that a missing test date is a gap only
 * for applications whose recovery depends on one. "Not applicable" reads as never tested.
 */
export function drTestOf(facts: ApplicationFacts, gapIfMissing: boolean): DrTestFacts {
  const { reader } = facts;
  const lastTest = gapIfMissing ? reader.valueOr<string>('app.failover.lastTest', NEVER) : reader.optionalOr<string>('app.failover.lastTest', NEVER);
  const tested = lastTest !== undefined && lastTest !== NEVER;
  return {
    lastTest,
    scheme: tested ? reader.optional<DrTestFacts['scheme']>('app.failover.testScheme') : undefined,
    succeeded: tested ? reader.optional<boolean>('app.failover.testSucceeded') : undefined,
    durationMinutes: tested ? reader.optional<number>('app.failover.testDuration') : undefined,
    dataLossMinutes: tested ? reader.optional<number>('app.failover.testDataLoss') : undefined,
  };
}

/** Days from an ISO date to the as-of date. */
export function daysBetween(isoDate: string, asOf: string): number {
  return (Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${isoDate}T00:00:00Z`)) / 86_400_000;
}
