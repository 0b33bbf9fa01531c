import { DISRUPTION_SCOPES, type AzureStackSystem, type DisruptionScope } from '../domain/engagement';
import { SCOPE_LABELS } from '../questions/catalogue';
import type {
  AnswerRef,
  Compliance,
  EstimateTerm,
  MinutesRange,
  ProtectionScheme,
  RecoveryPlace,
  ScopeEstimate,
  ScopeResult,
  ScopeTarget,
} from './assessment';
import type { AssumptionKey, AssumptionRange } from './assumptions';
import type { ApplicationFacts, ComponentFacts, Environment } from './facts';

/**
 * Estimates what an application can achieve for each disruption scope: which scheme would
 * bring it back, where, and how long that takes and how much data it loses, as a sum of
 * named terms so the arithmetic can be printed next to the result.
 */

export const scopeIndex = (scope: DisruptionScope): number => DISRUPTION_SCOPES.indexOf(scope);

/** Scopes that take the whole system down; recovery must happen on another system or in Azure. */
export const ELSEWHERE_SCOPES: readonly DisruptionScope[] = ['system', 'site', 'region'];

interface Plan {
  scheme: ProtectionScheme;
  place: RecoveryPlace;
  system: AzureStackSystem | null;
  outcome: ScopeEstimate['outcome'];
  terms: EstimateTerm[];
  explanation: string;
}

function term(
  measure: EstimateTerm['measure'],
  label: string,
  range: AssumptionRange,
  options: { assumption?: AssumptionKey; answers?: AnswerRef[]; defaulted?: boolean } = {},
): EstimateTerm {
  return {
    measure,
    label,
    bestMinutes: range.best,
    worstMinutes: range.worst,
    assumption: options.assumption ?? null,
    answers: options.answers ?? [],
    defaulted: options.defaulted ?? false,
  };
}

function assumed(env: Environment, measure: EstimateTerm['measure'], key: AssumptionKey, label: string): EstimateTerm {
  return term(measure, label, env.assumptions[key], { assumption: key });
}

const NOTHING = { best: 0, worst: 0 };

/** Whether a system lies outside what a disruption of this scope takes down. */
export function escapes(scope: DisruptionScope, host: AzureStackSystem, candidate: AzureStackSystem): boolean {
  if (candidate.id === host.id) return false;
  if (scope === 'system' || scope === 'vm' || scope === 'node') return true;
  if (scope === 'site') return candidate.siteId !== host.siteId;
  return candidate.siteId !== host.siteId && candidate.region.trim() !== '' && host.region.trim() !== '' && candidate.region.trim().toLowerCase() !== host.region.trim().toLowerCase();
}

/** An operational system the application could recover on; the replication target first, then a secondary, then by name. */
export function recoverySystemFor(scope: DisruptionScope, facts: ApplicationFacts, env: Environment): AzureStackSystem | null {
  const host = facts.hostingSystem;
  if (!host) return null;
  const usable = (s: AzureStackSystem | null): s is AzureStackSystem => !!s && s.state === 'operational' && escapes(scope, host, s);
  if (usable(facts.replication.target)) return facts.replication.target;
  const candidates = env.systems.filter(usable);
  return candidates.find((s) => s.role === 'secondary') ?? candidates[0] ?? null;
}

/** Public Azure is a recovery target only when the owner allows it and the system can reach it. */
export function azureAllowed(facts: ApplicationFacts): boolean {
  const host = facts.hostingSystem;
  return facts.mayRunInAzure === true && !!host && host.publicAzureAllowed && host.identityModel === 'connected';
}

/** Whether a backup copy kept at this location is still there after the disruption. */
export function copySurvives(location: string, scope: DisruptionScope, facts: ApplicationFacts, env: Environment): boolean {
  switch (scope) {
    case 'vm':
    case 'node':
      return true;
    case 'system':
      return location !== 'same-system';
    case 'site':
      return location === 'other-site' || location === 'public-azure';
    case 'region':
      // "Another site" escapes a region only when the engagement has a system in another region to restore on.
      return location === 'public-azure' || (location === 'other-site' && recoverySystemFor('region', facts, env) !== null);
  }
}

/** true when every tier runs several instances in an availability set behind a balancer; undefined when that is not known. */
export function highlyAvailable(components: readonly ComponentFacts[]): boolean | undefined {
  if (components.length === 0) return undefined;
  let unknown = false;
  for (const c of components) {
    if (c.instances === 1 || c.availabilitySet === false || c.loadBalancer === 'none') return false;
    if (c.instances === undefined || c.availabilitySet === undefined || c.loadBalancer === undefined) unknown = true;
  }
  return unknown ? undefined : true;
}

function restoreTerm(facts: ApplicationFacts, env: Environment): EstimateTerm | null {
  const size = facts.dataSizeGb;
  if (!size) return null;
  const throughput = env.assumptions.restoreThroughput;
  return term(
    'rto',
    `Restore ${Math.round(size.value)} GB${size.fromInventory ? ' (from the VM inventory)' : ''}`,
    { best: (size.value / throughput.best) * 60, worst: (size.value / throughput.worst) * 60 },
    { assumption: 'restoreThroughput', answers: [facts.reader.ref('app.dataSizeGb')], defaulted: size.fromInventory },
  );
}

function backupIntervalTerm(facts: ApplicationFacts, env: Environment): EstimateTerm {
  const frequency = facts.backup.frequencyMinutes;
  const answers = [facts.reader.ref('app.backup.frequency')];
  if (frequency !== undefined) return term('rpo', 'Work since the last backup', { best: frequency, worst: frequency }, { answers });
  return term('rpo', 'Work since the last backup (interval not known)', env.assumptions.defaultBackupInterval, {
    assumption: 'defaultBackupInterval',
    answers,
    defaulted: true,
  });
}

function replicationLossTerm(facts: ApplicationFacts, env: Environment): EstimateTerm {
  const answers = [facts.reader.ref('app.replication.mode')];
  if (facts.replication.mode === 'synchronous') return term('rpo', 'Synchronous replication: every write is already on the replica', NOTHING, { answers });
  return term('rpo', 'Writes not yet replicated (replication lag)', env.assumptions.replicationLag, {
    assumption: 'replicationLag',
    answers,
    defaulted: facts.replication.mode === undefined,
  });
}

const noDataLoss = (label: string) => term('rpo', label, NOTHING);

function unknownPlan(explanation: string): Plan {
  return { scheme: 'unknown', place: 'unknown', system: null, outcome: 'unknown', terms: [], explanation };
}

function vmPlan(facts: ApplicationFacts, env: Environment): Plan {
  if (facts.statefulness === 'unknown') return unknownPlan('Whether the application keeps state is not known yet.');
  if (facts.statefulness === 'stateless') {
    if (highlyAvailable(facts.components) === true) {
      return {
        scheme: 'active-active',
        place: 'in-place',
        system: null,
        outcome: 'estimated',
        terms: [assumed(env, 'rto', 'balancerProbe', 'The balancer stops sending users to the failed VM'), noDataLoss('Stateless: no data to lose')],
        explanation: 'Other instances keep serving while the failed VM is replaced.',
      };
    }
    return {
      scheme: 'redeploy',
      place: 'same-system',
      system: null,
      outcome: 'estimated',
      terms: [assumed(env, 'rto', 'detectAndDecide', 'Detect and decide'), assumed(env, 'rto', 'redeploy', 'Redeploy the VM from source'), noDataLoss('Stateless: no data to lose')],
      explanation: 'The VM is rebuilt from its templates or images on the same system.',
    };
  }
  if (facts.backup.exists === false) {
    return {
      scheme: 'none',
      place: 'nowhere',
      system: null,
      outcome: 'unrecoverable',
      terms: [],
      explanation: 'Without a backup, corrupted or deleted data cannot be brought back: replicas and other instances receive the same damage.',
    };
  }
  if (facts.backup.exists === undefined) return unknownPlan('Whether the application is backed up is not known yet.');
  const restore = restoreTerm(facts, env);
  const terms = [
    assumed(env, 'rto', 'detectAndDecide', 'Detect and decide'),
    assumed(env, 'rto', 'vmRebuild', 'Prepare a VM to restore into'),
    ...(restore ? [restore] : []),
    backupIntervalTerm(facts, env),
  ];
  return {
    scheme: 'backup-restore',
    place: 'same-system',
    system: null,
    outcome: restore ? 'estimated' : 'unknown',
    terms,
    explanation: restore
      ? 'The data is restored from the last good backup into a VM on the same system.'
      : 'The data is restored from backup, but how much data there is is not known, so the restore time cannot be estimated.',
  };
}

function nodePlan(facts: ApplicationFacts, env: Environment): Plan {
  const ha = highlyAvailable(facts.components);
  const answers = facts.components.flatMap((c) => ['component.instances', 'component.availabilitySet', 'component.loadBalancer'].map((q) => c.reader.ref(q)));
  if (ha === true) {
    return {
      scheme: 'active-active',
      place: 'in-place',
      system: null,
      outcome: 'estimated',
      terms: [term('rto', 'The balancer stops sending users to VMs on the failed node', env.assumptions.balancerProbe, { assumption: 'balancerProbe', answers }), noDataLoss('Storage is mirrored across nodes')],
      explanation: 'Every tier has instances on other nodes, so users are served while the platform restarts the lost VMs.',
    };
  }
  return {
    scheme: 'none',
    place: 'in-place',
    system: null,
    outcome: 'estimated',
    terms: [
      term('rto', 'The scale unit restarts the VMs on a surviving node', env.assumptions.vmRestartAfterNodeFailure, {
        assumption: 'vmRestartAfterNodeFailure',
        answers,
        defaulted: ha === undefined,
      }),
      noDataLoss('Storage is mirrored across nodes'),
    ],
    explanation:
      ha === undefined
        ? 'The tiers are not described yet; assumed to run single instances, which the platform restarts on another node.'
        : 'At least one tier runs without a second instance in an availability set, so users wait while the platform restarts it on another node.',
  };
}

/** Where a recovery elsewhere would run, and what it costs when nothing is running there yet. */
function placeElsewhere(scope: DisruptionScope, facts: ApplicationFacts, env: Environment): { place: RecoveryPlace; system: AzureStackSystem | null; terms: EstimateTerm[] } {
  const system = recoverySystemFor(scope, facts, env);
  if (system) return { place: 'other-system', system, terms: [] };
  if (azureAllowed(facts)) return { place: 'public-azure', system: null, terms: [] };
  return { place: 'new-system', system: null, terms: [assumed(env, 'rto', 'hardwareLeadTime', 'Order and install a new Azure Stack Hub system')] };
}

function elsewherePlan(scope: DisruptionScope, facts: ApplicationFacts, env: Environment): Plan {
  const host = facts.hostingSystem;
  const event = SCOPE_LABELS[scope].event;
  if (!host) return unknownPlan('Which Azure Stack Hub system runs the application is not known, so where it could recover is not known either.');
  if (facts.statefulness === 'unknown') return unknownPlan('Whether the application keeps state is not known yet.');
  const stateful = facts.statefulness === 'stateful';
  const detect = assumed(env, 'rto', 'detectAndDecide', 'Detect and decide');
  const dataLoss = stateful ? replicationLossTerm(facts, env) : noDataLoss('Stateless: no data to lose');

  if (facts.activeActive === true && (!stateful || facts.replication.technology === 'application')) {
    const partner = stateful ? facts.replication.target : recoverySystemFor(scope, facts, env);
    if (partner && partner.state === 'operational' && escapes(scope, host, partner)) {
      const balancerLost = facts.loadBalancerPlacement === 'inside-system';
      return {
        scheme: 'active-active',
        place: 'other-system',
        system: partner,
        outcome: 'estimated',
        terms: [
          ...(balancerLost ? [detect, assumed(env, 'rto', 'failover', 'Rebuild the entry point that was lost with the system')] : []),
          assumed(env, 'rto', 'trafficSwitch', 'Users move to the surviving system'),
          dataLoss,
        ],
        explanation: `${partner.name} keeps serving users when ${event}.`,
      };
    }
  }

  const technology = facts.replication.technology;
  const target = facts.replication.target;
  const replicaSystem = (technology === 'application' || technology === 'guest') && target && target.state === 'operational' && escapes(scope, host, target) ? target : null;
  const replicaInAzure = technology === 'azure-site-recovery' && azureAllowed(facts);
  if (replicaSystem || replicaInAzure) {
    return {
      scheme: 'replication-failover',
      place: replicaSystem ? 'other-system' : 'public-azure',
      system: replicaSystem,
      outcome: 'estimated',
      terms: [detect, assumed(env, 'rto', 'failover', 'Fail over to the replica'), assumed(env, 'rto', 'trafficSwitch', 'Point users at the replica'), dataLoss],
      explanation: `The replica ${replicaSystem ? `on ${replicaSystem.name}` : 'in public Azure'} is promoted when ${event}.`,
    };
  }

  const locations = facts.backup.copyLocations;
  if (facts.backup.exists === true && stateful) {
    if (locations === undefined) {
      return { ...unknownPlan('The application is backed up, but where the copies live is not known.'), scheme: 'backup-restore' };
    }
    if (locations.some((location) => copySurvives(location, scope, facts, env))) {
      const where = placeElsewhere(scope, facts, env);
      const restore = restoreTerm(facts, env);
      return {
        scheme: 'backup-restore',
        place: where.place,
        system: where.system,
        outcome: restore ? 'estimated' : 'unknown',
        terms: [detect, ...where.terms, assumed(env, 'rto', 'vmRebuild', 'Prepare VMs to restore into'), ...(restore ? [restore] : []), backupIntervalTerm(facts, env)],
        explanation: restoreExplanation(where.place, where.system, restore !== null),
      };
    }
  }

  if (!stateful) {
    const where = placeElsewhere(scope, facts, env);
    return {
      scheme: 'redeploy',
      place: where.place,
      system: where.system,
      outcome: 'estimated',
      terms: [detect, ...where.terms, assumed(env, 'rto', 'redeploy', 'Redeploy from source'), assumed(env, 'rto', 'trafficSwitch', 'Point users at the new deployment'), dataLoss],
      explanation: restoreExplanation(where.place, where.system, true).replace('The data is restored', 'The application is redeployed'),
    };
  }

  if (facts.backup.exists === undefined || technology === undefined) {
    return unknownPlan('Whether the application is backed up or replicated is not known yet.');
  }
  return {
    scheme: 'none',
    place: 'nowhere',
    system: null,
    outcome: 'unrecoverable',
    terms: [],
    explanation: `No copy of the data survives when ${event}.`,
  };
}

function restoreExplanation(place: RecoveryPlace, system: AzureStackSystem | null, sized: boolean): string {
  const where =
    place === 'other-system' && system
      ? `on ${system.name}`
      : place === 'public-azure'
        ? 'in public Azure'
        : 'on a new Azure Stack Hub system, which has to be bought and installed first';
  return `The data is restored from backup ${where}.${sized ? '' : ' How much data there is is not known, so the restore time cannot be estimated.'}`;
}

function planFor(scope: DisruptionScope, facts: ApplicationFacts, env: Environment): Plan {
  if (scope === 'vm') return vmPlan(facts, env);
  if (scope === 'node') return nodePlan(facts, env);
  return elsewherePlan(scope, facts, env);
}

export function targetFor(scope: DisruptionScope, facts: ApplicationFacts): ScopeTarget {
  const override = facts.overrides[scope];
  const policy = facts.policy?.targets[scope];
  const pick = (own: number | undefined, fromPolicy: number | null | undefined) =>
    own !== undefined
      ? { minutes: own, source: 'override' as const }
      : fromPolicy !== undefined && fromPolicy !== null
        ? { minutes: fromPolicy, source: 'policy' as const }
        : { minutes: null, source: 'none' as const };
  const rto = pick(override.rto, policy?.rtoMinutes);
  const rpo = pick(override.rpo, policy?.rpoMinutes);
  return { rtoMinutes: rto.minutes, rpoMinutes: rpo.minutes, rtoSource: rto.source, rpoSource: rpo.source };
}

function sum(terms: readonly EstimateTerm[], measure: EstimateTerm['measure']): MinutesRange {
  let best = 0;
  let worst = 0;
  for (const t of terms) {
    if (t.measure !== measure) continue;
    best += t.bestMinutes;
    worst += t.worstMinutes;
  }
  return { bestMinutes: best, worstMinutes: worst };
}

function judge(required: boolean, target: number | null, range: MinutesRange | null, outcome: ScopeEstimate['outcome']): Compliance {
  if (!required) return 'met';
  if (outcome === 'unrecoverable') return 'breached';
  if (target === null || outcome === 'unknown' || range === null) return 'unknown';
  return range.worstMinutes <= target ? 'met' : 'breached';
}

export function isRequired(scope: DisruptionScope, facts: ApplicationFacts, target: ScopeTarget): boolean {
  if (facts.impactRadius !== undefined) return scopeIndex(scope) <= scopeIndex(facts.impactRadius);
  return target.rtoMinutes !== null || target.rpoMinutes !== null;
}

export function scopeResults(facts: ApplicationFacts, env: Environment): ScopeResult[] {
  return DISRUPTION_SCOPES.map((scope) => {
    const plan = planFor(scope, facts, env);
    const target = targetFor(scope, facts);
    const required = isRequired(scope, facts, target);
    const estimated = plan.outcome === 'estimated';
    const rto = estimated ? sum(plan.terms, 'rto') : null;
    const rpo = estimated ? sum(plan.terms, 'rpo') : null;
    const rtoCompliance = judge(required, target.rtoMinutes, rto, plan.outcome);
    const rpoCompliance = judge(required, target.rpoMinutes, rpo, plan.outcome);
    const compliance: Compliance =
      rtoCompliance === 'breached' || rpoCompliance === 'breached' ? 'breached' : rtoCompliance === 'unknown' || rpoCompliance === 'unknown' ? 'unknown' : 'met';
    return {
      scope,
      required,
      scheme: plan.scheme,
      recoveryPlace: plan.place,
      recoverySystemId: plan.system?.id ?? null,
      target,
      achievable: { outcome: plan.outcome, rto, rpo, terms: plan.terms, explanation: plan.explanation },
      rtoCompliance,
      rpoCompliance,
      compliance,
    };
  });
}
