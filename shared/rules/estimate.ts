import { DISRUPTION_SCOPES, type AzureStackSystem, type DisruptionScope } from '../domain/engagement';
import { NEVER, SCOPE_LABELS, UNSUPPORTED_PROTECTION, type RecoveryScope } from '../questions/catalogue';
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
  TermBasis,
} from './assessment';
import type { AssumptionKey, AssumptionRange } from './assumptions';
import { daysBetween, drTestOf, type ApplicationFacts, type ComponentFacts, type Environment } from './facts';
import { amount, capacityFigures } from './capacity';
import { formatMinutes, scopeLoss, wordList } from './format';
import { COMPLIANCE_WORDS } from './labels';

/**
 * Estimates what an application can achieve for each disruption scope: which scheme would
 * bring it back, where, and how long that takes and how much data it loses, as a sum of
 * named terms so the arithmetic can be printed next to the result.
 */

export const scopeIndex = (scope: DisruptionScope): number => DISRUPTION_SCOPES.indexOf(scope);

/** Scopes that take the whole system down; recovery must happen on another system or in Azure. */
export const ELSEWHERE_SCOPES: readonly RecoveryScope[] = ['system', 'site', 'region'];
export const isElsewhere = (scope: DisruptionScope): scope is RecoveryScope => (ELSEWHERE_SCOPES as readonly DisruptionScope[]).includes(scope);

/** Something that stands in for an unknown answer: the measures it affects and what it is, in words. */
interface StandIn {
  measures: readonly EstimateTerm['measure'][];
  text: string;
}

interface Plan {
  scheme: ProtectionScheme;
  place: RecoveryPlace;
  system: AzureStackSystem | null;
  recoveryAssumed: boolean;
  outcome: ScopeEstimate['outcome'];
  terms: EstimateTerm[];
  explanation: string;
  standIns: StandIn[];
}

function term(
  measure: EstimateTerm['measure'],
  label: string,
  range: AssumptionRange,
  options: { assumption?: AssumptionKey; answers?: AnswerRef[]; basis?: TermBasis } = {},
): EstimateTerm {
  const basis = options.basis ?? (options.answers && options.answers.length > 0 ? 'answer' : 'assumption');
  return {
    measure,
    label,
    bestMinutes: range.best,
    worstMinutes: range.worst,
    assumption: options.assumption ?? null,
    answers: options.answers ?? [],
    defaulted: basis === 'stand-in' || basis === 'inventory',
    basis,
  };
}

function assumed(env: Environment, measure: EstimateTerm['measure'], key: AssumptionKey, label: string): EstimateTerm {
  return term(measure, label, env.assumptions[key], { assumption: key, basis: 'assumption' });
}

const NOTHING = { best: 0, worst: 0 };

/** Whether a system lies outside what a disruption of this scope takes down. */
export function escapes(scope: DisruptionScope, host: AzureStackSystem, candidate: AzureStackSystem): boolean {
  if (candidate.id === host.id) return false;
  if (scope === 'system' || scope === 'vm' || scope === 'node') return true;
  if (scope === 'site') return candidate.siteId !== host.siteId;
  return candidate.siteId !== host.siteId && candidate.region.trim() !== '' && host.region.trim() !== '' && candidate.region.trim().toLowerCase() !== host.region.trim().toLowerCase();
}

/**
 * The system the rules pick when nobody said where the application recovers: an operational one
 * outside the disruption, the replication target first, then a secondary, then by name.
 */
/** A system that runs and that the disruption of the host does not reach. */
function recoversAfter(scope: DisruptionScope, host: AzureStackSystem, system: AzureStackSystem): boolean {
  return system.state === 'operational' && escapes(scope, host, system);
}

export function assumedRecoverySystem(scope: DisruptionScope, facts: ApplicationFacts, env: Environment): AzureStackSystem | null {
  const host = facts.hostingSystem;
  if (!host) return null;
  const target = facts.replication.target;
  if (target && recoversAfter(scope, host, target)) return target;
  const candidates = env.systems.filter((s) => recoversAfter(scope, host, s));
  return candidates.find((s) => s.role === 'secondary') ?? candidates[0] ?? null;
}

/** Public Azure is a recovery target only when the owner allows it and the system can reach it. */
export function azureAllowed(facts: ApplicationFacts): boolean {
  const host = facts.hostingSystem;
  return facts.mayRunInAzure === true && !!host && host.publicAzureAllowed && host.identityModel === 'connected';
}

/** What rules public Azure out for this application, in words; empty when nothing known does. */
export function azureBarriers(facts: ApplicationFacts): string[] {
  const host = facts.hostingSystem;
  return [
    ...(facts.mayRunInAzure === false ? ['the owner does not allow the application to run in public Azure'] : []),
    ...(host?.identityModel === 'disconnected' ? [`${host.name} is disconnected`] : []),
    ...(host && !host.publicAzureAllowed ? [`${host.name} may not use public Azure`] : []),
  ];
}

/** Public Azure is not allowed, yet nothing known rules it out: the owner's answer (or the hosting system) is missing or unknown. */
export function azureUndecided(facts: ApplicationFacts): boolean {
  return !azureAllowed(facts) && azureBarriers(facts).length === 0;
}

/** Why public Azure cannot be counted on, as the end of a sentence. */
export function azureWords(facts: ApplicationFacts): string {
  return azureUndecided(facts) ? 'whether this application may use public Azure is not known yet' : azureBarriers(facts).join(', and ');
}

/** Why a stated recovery place cannot take the application after this disruption. */
export type DestinationProblem = 'in-radius' | 'not-operational' | 'azure-not-allowed';

/**
 * Where the application comes back after losing its system, site or region: the place the owner
 * named, or, when nobody did, the one the rules assume. A named place that the disruption also
 * reaches, that is not running, or public Azure where it may not be used, leaves new hardware.
 */
export interface RecoveryDestination {
  place: 'other-system' | 'public-azure' | 'new-system';
  system: AzureStackSystem | null;
  assumed: boolean;
  /** The named system (or Azure) that cannot take it, and why. */
  problem: { what: DestinationProblem; system: AzureStackSystem | null } | null;
}

function newHardware(problem: RecoveryDestination['problem'], isAssumed: boolean): RecoveryDestination {
  return { place: 'new-system', system: null, assumed: isAssumed, problem };
}

export function recoveryDestination(scope: RecoveryScope, facts: ApplicationFacts, env: Environment): RecoveryDestination {
  const host = facts.hostingSystem;
  const choice = facts.recoversOn[scope];
  if (choice?.kind === 'new-hardware') return newHardware(null, false);
  if (choice?.kind === 'public-azure') {
    return azureAllowed(facts) ? { place: 'public-azure', system: null, assumed: false, problem: null } : newHardware({ what: 'azure-not-allowed', system: null }, false);
  }
  if (choice?.kind === 'system' && choice.system && host) {
    const system = choice.system;
    if (!escapes(scope, host, system)) return newHardware({ what: 'in-radius', system }, false);
    if (system.state !== 'operational') return newHardware({ what: 'not-operational', system }, false);
    return { place: 'other-system', system, assumed: false, problem: null };
  }
  const system = assumedRecoverySystem(scope, facts, env);
  if (system) return { place: 'other-system', system, assumed: true, problem: null };
  if (azureAllowed(facts)) return { place: 'public-azure', system: null, assumed: true, problem: null };
  return newHardware(null, true);
}

/**
 * Whether a backup copy kept at this location is still there after the disruption (where it is,
 * not whether it may be used); undefined where the answers cannot say.
 */
export function copySurvives(location: string, scope: DisruptionScope, facts: ApplicationFacts, env: Environment): boolean | undefined {
  if (scope === 'vm' || scope === 'node' || location === 'public-azure') return true;
  // Offline or immutable media may be kept anywhere, on the same system too: the answer does not say where.
  if (location === 'offline') return undefined;
  if (scope === 'system') return location !== 'same-system';
  if (scope === 'site') return location === 'other-site';
  if (location !== 'other-site') return false;
  // Sites carry no region (systems do): "another site" is taken to lie outside the region only where a system there can restore it.
  return assumedRecoverySystem('region', facts, env) !== null ? true : undefined;
}

/** Why a copy's survival is not known, as the end of a sentence. */
function copyDoubt(location: string): string {
  return location === 'offline'
    ? 'where the offline or immutable copies are kept is not recorded'
    : 'which region the other site lies in is not recorded (a site’s region is known only from the systems on it), and no system in another region exists to restore them on';
}

/** A copy in public Azure can be restored from only where Azure is reachable and allowed. */
export function copyCounts(location: string, facts: ApplicationFacts): boolean {
  return location !== 'public-azure' || azureAllowed(facts);
}

/** The backup as a way back: it must exist, and run inside the guest (a backup on the hosts is impossible on Azure Stack Hub). */
export function backupCounts(facts: ApplicationFacts): boolean | undefined {
  if (facts.backup.exists !== true) return facts.backup.exists;
  return facts.backup.inGuest !== false;
}

/** Replication Azure Stack Hub can actually run: in the application, in the guest, or Azure Site Recovery. */
export function replicationCounts(facts: ApplicationFacts): boolean {
  const technology = facts.replication.technology;
  return technology === 'application' || technology === 'guest' || technology === 'azure-site-recovery';
}

/** The methods protecting a data source that can work on Azure Stack Hub (the retired "nothing" and impossible ones left out). */
export function workingMethods(methods: readonly string[] | undefined): string[] | undefined {
  return methods?.filter((method) => method !== 'none' && !UNSUPPORTED_PROTECTION.has(method));
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
    `Restore ${amount(Math.round(size.value))} GB${size.fromInventory ? ' (size taken from the VM inventory)' : ''}`,
    { best: (size.value / throughput.best) * 60, worst: (size.value / throughput.worst) * 60 },
    { assumption: 'restoreThroughput', answers: [facts.reader.ref('app.dataSizeGb')], basis: size.fromInventory ? 'inventory' : 'answer' },
  );
}

function backupIntervalTerm(facts: ApplicationFacts, env: Environment): EstimateTerm {
  const frequency = facts.backup.frequencyMinutes;
  const answers = [facts.reader.ref('app.backup.frequency')];
  if (frequency !== undefined) return term('rpo', 'Work since the last backup', { best: frequency, worst: frequency }, { answers });
  return term('rpo', 'Work since the last backup (interval assumed: not known)', env.assumptions.defaultBackupInterval, {
    assumption: 'defaultBackupInterval',
    answers,
    basis: 'stand-in',
  });
}

function replicationLossTerm(facts: ApplicationFacts, env: Environment): EstimateTerm {
  const answers = [facts.reader.ref('app.replication.mode')];
  const { mode, technology } = facts.replication;
  if (mode === 'synchronous' && technology === 'application') {
    return term('rpo', 'Synchronous replication in the application: every write is already on the replica', NOTHING, { answers });
  }
  if (mode === 'synchronous') {
    // Only the application knows which writes belong together; replication below it falls back to asynchronous under load.
    return term('rpo', 'Synchronous replication below the application: none in the best case, the replication lag when it falls behind', { best: 0, worst: env.assumptions.replicationLag.worst }, {
      assumption: 'replicationLag',
      answers,
    });
  }
  if (mode === undefined) {
    return term('rpo', 'Writes not yet replicated (asynchronous assumed: the mode is not known)', env.assumptions.replicationLag, { assumption: 'replicationLag', answers, basis: 'stand-in' });
  }
  return term('rpo', 'Writes not yet replicated (replication lag)', env.assumptions.replicationLag, { assumption: 'replicationLag', answers });
}

const noDataLoss = (label: string) => term('rpo', label, NOTHING);

function plan(fields: Omit<Plan, 'standIns' | 'recoveryAssumed'> & Partial<Pick<Plan, 'standIns' | 'recoveryAssumed'>>): Plan {
  return { standIns: [], recoveryAssumed: false, ...fields };
}

function unknownPlan(explanation: string): Plan {
  return plan({ scheme: 'unknown', place: 'unknown', system: null, outcome: 'unknown', terms: [], explanation });
}

/** The usable backup copies for a scope, or undefined when where they live is not known. */
function usableCopies(scope: DisruptionScope, facts: ApplicationFacts, env: Environment): string[] | undefined {
  const locations = facts.backup.copyLocations;
  if (locations === undefined) return undefined;
  return locations.filter((location) => copySurvives(location, scope, facts, env) === true && copyCounts(location, facts));
}

/** Usable copies whose survival of this disruption the answers cannot settle. */
function doubtfulCopies(scope: DisruptionScope, facts: ApplicationFacts, env: Environment): string[] {
  return (facts.backup.copyLocations ?? []).filter((location) => copySurvives(location, scope, facts, env) === undefined && copyCounts(location, facts));
}

/** Why a backup that exists cannot bring the application back, in words; null when it can. */
function backupUnusable(facts: ApplicationFacts, copies: readonly string[] | undefined): string | null {
  if (facts.backup.exists === true && facts.backup.inGuest === false) {
    return 'The backup runs on the hosts, which Azure Stack Hub does not allow, so it is not counted as a way back.';
  }
  if (copies !== undefined && copies.length === 0 && (facts.backup.copyLocations ?? []).includes('public-azure') && !azureAllowed(facts)) {
    return `The copies in public Azure are not counted: ${azureWords(facts)}.`;
  }
  return null;
}

function inGuestStandIn(facts: ApplicationFacts): StandIn[] {
  return facts.backup.exists === true && facts.backup.inGuest === undefined
    ? [{ measures: ['rto', 'rpo'], text: 'the backup is assumed to run inside the guest (not known)' }]
    : [];
}

function vmPlan(facts: ApplicationFacts, env: Environment): Plan {
  if (facts.statefulness === 'unknown') return unknownPlan('Whether the application keeps state is not known yet.');
  if (facts.statefulness === 'stateless') {
    if (highlyAvailable(facts.components) === true) {
      return plan({
        scheme: 'active-active',
        place: 'in-place',
        system: null,
        outcome: 'estimated',
        terms: [assumed(env, 'rto', 'balancerProbe', 'The balancer stops sending users to the failed VM'), noDataLoss('Stateless: no data to lose')],
        explanation: 'Other instances keep serving while the failed VM is replaced.',
      });
    }
    return plan({
      scheme: 'redeploy',
      place: 'same-system',
      system: null,
      outcome: 'estimated',
      terms: [assumed(env, 'rto', 'detectAndDecide', 'Detect and decide'), assumed(env, 'rto', 'redeploy', 'Redeploy the VM from its templates or images'), noDataLoss('Stateless: no data to lose')],
      explanation: 'The VM is rebuilt from its templates or images on the same system.',
    });
  }
  const copies = usableCopies('vm', facts, env);
  const unusable = backupUnusable(facts, copies);
  if (facts.backup.exists === false || unusable) {
    return plan({
      scheme: 'none',
      place: 'nowhere',
      system: null,
      outcome: 'unrecoverable',
      terms: [],
      explanation: `${unusable ? `${unusable} ` : ''}Without a backup that can be restored, corrupted or deleted data cannot be brought back: replicas and other instances receive the same damage.`,
    });
  }
  if (facts.backup.exists === undefined) return unknownPlan('Whether the application is backed up is not known yet.');
  const restore = restoreTerm(facts, env);
  const terms = [
    assumed(env, 'rto', 'detectAndDecide', 'Detect and decide'),
    assumed(env, 'rto', 'vmRebuild', 'Prepare a VM to restore into'),
    ...(restore ? [restore] : []),
    backupIntervalTerm(facts, env),
  ];
  return plan({
    scheme: 'backup-restore',
    place: 'same-system',
    system: null,
    outcome: restore ? 'estimated' : 'unknown',
    terms,
    standIns: inGuestStandIn(facts),
    explanation: restore
      ? 'The data is restored from the last good backup into a VM on the same system.'
      : 'The data is restored from backup, but how much data there is is not known, so the restore time cannot be estimated.',
  });
}

function nodePlan(facts: ApplicationFacts, env: Environment): Plan {
  const ha = highlyAvailable(facts.components);
  const answers = facts.components.flatMap((c) => ['component.instances', 'component.availabilitySet', 'component.loadBalancer'].map((q) => c.reader.ref(q)));
  if (ha === true) {
    return plan({
      scheme: 'active-active',
      place: 'in-place',
      system: null,
      outcome: 'estimated',
      terms: [term('rto', 'The balancer stops sending users to VMs on the failed node', env.assumptions.balancerProbe, { assumption: 'balancerProbe', answers }), noDataLoss('Storage is mirrored across nodes')],
      explanation: 'Every tier has instances on other nodes, so users are served while the platform restarts the lost VMs.',
    });
  }
  return plan({
    scheme: 'none',
    place: 'in-place',
    system: null,
    outcome: 'estimated',
    terms: [
      term('rto', 'The scale unit restarts the VMs on a surviving node', env.assumptions.vmRestartAfterNodeFailure, {
        assumption: 'vmRestartAfterNodeFailure',
        answers,
        basis: ha === undefined ? 'stand-in' : 'answer',
      }),
      noDataLoss('Storage is mirrored across nodes'),
    ],
    explanation:
      ha === undefined
        ? 'The tiers are not fully described yet; assumed to run single instances, which the platform restarts on another node.'
        : 'Not every tier has a second instance in an availability set with something spreading users over them, so users wait while the platform restarts the lost VMs on another node.',
  });
}

/** Where a recovery elsewhere runs, in words, with what stands in the way. */
function destinationWords(destination: RecoveryDestination): string {
  const where =
    destination.place === 'other-system' && destination.system
      ? `on ${destination.system.name}`
      : destination.place === 'public-azure'
        ? 'in public Azure'
        : 'on a new Azure Stack Hub system, which has to be bought and installed first';
  return where;
}

function destinationNotes(destination: RecoveryDestination, event: string, facts: ApplicationFacts): string {
  const notes: string[] = [];
  const problem = destination.problem;
  if (problem?.what === 'in-radius' && problem.system) notes.push(`${problem.system.name}, where it is meant to recover, is lost too when ${event}.`);
  if (problem?.what === 'not-operational' && problem.system) notes.push(`${problem.system.name}, where it is meant to recover, is not running yet.`);
  if (problem?.what === 'azure-not-allowed') notes.push(`It is meant to recover in public Azure, but ${azureWords(facts)}.`);
  if (destination.assumed) notes.push('Nobody has said where it recovers, so this place is assumed.');
  return notes.join(' ');
}

function hardwareTerms(destination: RecoveryDestination, env: Environment): EstimateTerm[] {
  return destination.place === 'new-system' ? [assumed(env, 'rto', 'hardwareLeadTime', 'Order and install a new Azure Stack Hub system')] : [];
}

// Helpers of elsewherePlan at module level: as closures inside it they would be made anew for
// every application, scope and modelled recommendation (and named, under tsx, at each making).
function withNotes(notes: string, text: string): string {
  return notes ? `${text} ${notes}` : text;
}

function placedAt(destination: RecoveryDestination, system: AzureStackSystem | null) {
  return { place: destination.place, system, recoveryAssumed: destination.assumed };
}

/** Whether a replica or partner on this system is where the application comes back: the place named, or any when none was. */
function wantsSystem(destination: RecoveryDestination, system: AzureStackSystem): boolean {
  return destination.assumed || (destination.place === 'other-system' && destination.system?.id === system.id);
}

function elsewherePlan(scope: RecoveryScope, facts: ApplicationFacts, env: Environment): Plan {
  const host = facts.hostingSystem;
  const event = SCOPE_LABELS[scope].event;
  if (!host) return unknownPlan('Which Azure Stack Hub system runs the application is not known, so where it could recover is not known either.');
  if (facts.statefulness === 'unknown') return unknownPlan('Whether the application keeps state is not known yet.');
  const stateful = facts.statefulness === 'stateful';
  const destination = recoveryDestination(scope, facts, env);
  const notes = destinationNotes(destination, event, facts);
  const detect = assumed(env, 'rto', 'detectAndDecide', 'Detect and decide');
  const dataLoss = stateful ? replicationLossTerm(facts, env) : noDataLoss('Stateless: no data to lose');

  if (facts.activeActive === true && (!stateful || facts.replication.technology === 'application')) {
    const partner = stateful ? facts.replication.target : destination.place === 'other-system' ? destination.system : null;
    if (partner && partner.state === 'operational' && escapes(scope, host, partner) && wantsSystem(destination, partner)) {
      const balancerLost = facts.loadBalancerPlacement === 'inside-system';
      return plan({
        scheme: 'active-active',
        ...placedAt(destination, partner),
        place: 'other-system',
        outcome: 'estimated',
        terms: [
          ...(balancerLost ? [detect, assumed(env, 'rto', 'failover', 'Rebuild the entry point that was lost with the system')] : []),
          assumed(env, 'rto', 'trafficSwitch', 'Users move to the surviving system'),
          dataLoss,
        ],
        explanation: `${partner.name} keeps serving users when ${event}.`,
      });
    }
  }

  const technology = facts.replication.technology;
  const target = facts.replication.target;
  const replicaSystem =
    (technology === 'application' || technology === 'guest') && target && target.state === 'operational' && escapes(scope, host, target) && wantsSystem(destination, target) ? target : null;
  const replicaInAzure = technology === 'azure-site-recovery' && azureAllowed(facts) && (destination.assumed || destination.place === 'public-azure');
  if (replicaSystem || replicaInAzure) {
    return plan({
      scheme: 'replication-failover',
      place: replicaSystem ? 'other-system' : 'public-azure',
      system: replicaSystem,
      recoveryAssumed: destination.assumed,
      outcome: 'estimated',
      terms: [detect, assumed(env, 'rto', 'failover', 'Fail over to the replica'), assumed(env, 'rto', 'trafficSwitch', 'Point users at the replica'), dataLoss],
      explanation: `The replica ${replicaSystem ? `on ${replicaSystem.name}` : 'in public Azure'} is promoted when ${event}.`,
    });
  }

  // Site Recovery between two Azure Stack Hub systems (release 2406 on): the replicas wait on the system it recovers on.
  const hub = technology === 'azure-site-recovery' && !replicaInAzure && destination.place === 'other-system' ? destination.system : null;
  if (hub && hub.siteRecoveryTarget !== false) {
    const failover = {
      scheme: 'replication-failover' as const,
      ...placedAt(destination, hub),
      terms: [detect, assumed(env, 'rto', 'failover', 'Fail over with Site Recovery'), assumed(env, 'rto', 'trafficSwitch', 'Point users at the recovered VMs'), dataLoss],
    };
    const disks = uncheckedDisks(facts, env);
    if (hub.siteRecoveryTarget === undefined) {
      return plan({
        ...failover,
        outcome: 'unknown',
        explanation: withNotes(notes, `Site Recovery replicates it to ${hub.name}, but whether Site Recovery runs there is not recorded yet (Setup, hardware and capacity), so the failover cannot be counted.`),
      });
    }
    return plan({ ...failover, outcome: 'estimated', explanation: withNotes(notes, `Site Recovery fails its VMs over to ${hub.name} when ${event}.${disks}`) });
  }

  const copies = usableCopies(scope, facts, env);
  const doubtful = doubtfulCopies(scope, facts, env);
  const unusable = backupUnusable(facts, copies && [...copies, ...doubtful]);
  if (facts.backup.exists === true && stateful && !unusable) {
    if (copies === undefined) {
      return { ...unknownPlan('The application is backed up, but where the copies live is not known.'), scheme: 'backup-restore' };
    }
    if (copies.length > 0) {
      const restore = restoreTerm(facts, env);
      return plan({
        scheme: 'backup-restore',
        ...placedAt(destination, destination.system),
        outcome: restore ? 'estimated' : 'unknown',
        terms: [detect, ...hardwareTerms(destination, env), assumed(env, 'rto', 'vmRebuild', 'Prepare VMs to restore into'), ...(restore ? [restore] : []), backupIntervalTerm(facts, env)],
        standIns: inGuestStandIn(facts),
        explanation: withNotes(notes, 
          `The data is restored from backup ${destinationWords(destination)}.${restore ? '' : ' How much data there is is not known, so the restore time cannot be estimated.'}`,
        ),
      });
    }
    // Not "nothing comes back": the copies may well survive, only the answers cannot tell.
    if (doubtful.length > 0) {
      return {
        ...unknownPlan(
          withNotes(notes, `The data would be restored from backup ${destinationWords(destination)}, but whether any copy survives when ${event} is not known: ${doubtful.map(copyDoubt).join(', and ')}.`),
        ),
        scheme: 'backup-restore',
        ...placedAt(destination, destination.system),
      };
    }
  }

  if (!stateful) {
    return plan({
      scheme: 'redeploy',
      ...placedAt(destination, destination.system),
      outcome: 'estimated',
      terms: [
        detect,
        ...hardwareTerms(destination, env),
        assumed(env, 'rto', 'redeploy', 'Redeploy from templates or source'),
        assumed(env, 'rto', 'trafficSwitch', 'Point users at the new deployment'),
        dataLoss,
      ],
      explanation: withNotes(notes, `The application is redeployed from its templates or source ${destinationWords(destination)}.`),
    });
  }

  if (facts.backup.exists === undefined || technology === undefined) {
    return unknownPlan('Whether the application is backed up or replicated is not known yet.');
  }
  const lostCopies = facts.backup.exists === true && !unusable ? ' Every backup copy is kept where this disruption reaches it.' : '';
  return plan({
    scheme: 'none',
    place: 'nowhere',
    system: null,
    outcome: 'unrecoverable',
    terms: [],
    explanation: `No usable copy of the data survives when ${event}, so nothing could be recovered, even on new hardware.${lostCopies}${unusable ? ` ${unusable}` : ''}`,
  });
}

/**
 * Site Recovery protects disks up to a limit, and the inventory may give only a VM's total: a
 * total within the limit proves every disk is; beyond it, the check cannot be made, and says so.
 */
function uncheckedDisks(facts: ApplicationFacts, env: Environment): string {
  const limit = capacityFigures(env.assumptions).siteRecoveryDiskLimitGb;
  const unchecked = facts.vms.filter((vm) => vm.largestDiskGb === undefined && (vm.provisionedGb === null || vm.provisionedGb > limit)).map((vm) => vm.name);
  if (unchecked.length === 0) return '';
  return ` Site Recovery protects disks up to ${amount(limit)} GB; only the total size of ${wordList(unchecked, 4)} is known, so whether each of ${unchecked.length === 1 ? 'its' : 'their'} disks fits cannot be checked.`;
}

function planFor(scope: DisruptionScope, facts: ApplicationFacts, env: Environment): Plan {
  if (scope === 'vm') return withAzureUndecided(scope, vmPlan(facts, env), facts);
  if (scope === 'node') return nodePlan(facts, env);
  return withAzureUndecided(scope, elsewherePlan(scope, facts, env), facts);
}

/**
 * Unknown stays unknown: where only an unanswered "may it run in public Azure?" keeps the
 * application from recovering there (or from its copies there), the plan without Azure stands
 * in, named as assumed, so the scope reads unknown with what it would be.
 */
function withAzureUndecided(scope: DisruptionScope, p: Plan, facts: ApplicationFacts): Plan {
  if (!azureUndecided(facts) || (p.place !== 'nowhere' && p.place !== 'new-system')) return p;
  const copiesThere = backupCounts(facts) === true && (facts.backup.copyLocations ?? []).includes('public-azure');
  const replicaThere = isElsewhere(scope) && facts.replication.technology === 'azure-site-recovery';
  const choice = isElsewhere(scope) ? facts.recoversOn[scope] : undefined;
  // With nothing to bring back, recovering in Azure instead of on new hardware changes nothing.
  const recoverThere = p.place === 'new-system' && isElsewhere(scope) && (choice === undefined || choice.kind === 'public-azure');
  if (!copiesThere && !replicaThere && !recoverThere) return p;
  // Recovering on new hardware instead of in Azure changes how long it takes, not what is lost; nothing to restore changes both.
  const measures: StandIn['measures'] = p.place === 'nowhere' ? ['rto', 'rpo'] : ['rto'];
  return { ...p, standIns: [...p.standIns, { measures, text: 'public Azure is assumed not to be available (whether this application may use it is not known)' }] };
}

const TESTABLE_SCHEMES: readonly ProtectionScheme[] = ['replication-failover', 'backup-restore', 'redeploy'];
/** Terms a recovery test cannot measure: noticing the disaster, and buying hardware. */
const NOT_MEASURED_BY_TEST: readonly (AssumptionKey | null)[] = ['detectAndDecide', 'hardwareLeadTime'];

/** The design as answered, which a recovery test exercised: its facts and the plans they give. */
export interface AnsweredDesign {
  facts: ApplicationFacts;
  plans: ReadonlyMap<DisruptionScope, Plan>;
}

/** What a test of this plan exercised: the scheme, where it recovers, and how (the replication, or the backup and its copies). */
function designOf(p: Plan, facts: ApplicationFacts): string {
  const { technology, mode, target } = facts.replication;
  const how = p.scheme === 'replication-failover' ? [technology, mode, target?.id] : p.scheme === 'backup-restore' ? [facts.backup.frequencyMinutes, ...(facts.backup.copyLocations ?? [])] : [];
  return JSON.stringify([p.scheme, p.place, p.system?.id ?? null, ...how]);
}

/**
 * Evidence beats assumption: a successful end-to-end test in the last twelve months, with the
 * time it took, replaces the assumed recovery steps of the scheme it exercised (and the data it
 * lost replaces the assumed loss), widened by the engagement's margin for the worst case. The
 * test exercised the design as answered: a changed design (what a recommendation models) is
 * estimated from the assumptions wherever it differs from the tested one.
 */
function withTestEvidence(plans: Map<DisruptionScope, Plan>, facts: ApplicationFacts, env: Environment, asAnswered?: AnsweredDesign): void {
  const answered = asAnswered ?? { facts, plans };
  const recoverable = ELSEWHERE_SCOPES.map((scope) => answered.plans.get(scope)).filter((p): p is Plan => !!p && TESTABLE_SCHEMES.includes(p.scheme));
  if (recoverable.length === 0) return;
  const test = drTestOf(facts, false);
  if (test.lastTest === undefined || test.lastTest === NEVER) return;
  if (daysBetween(test.lastTest, env.asOf) > 365 || daysBetween(test.lastTest, env.asOf) < 0) return;
  const testedScheme = test.scheme ?? recoverable[0]!.scheme;
  if (test.succeeded === undefined) {
    for (const scope of ELSEWHERE_SCOPES) {
      const current = plans.get(scope)!;
      if (current.scheme === testedScheme) current.explanation = `${current.explanation} The recovery test of ${test.lastTest} is not counted: whether it worked is not recorded.`;
    }
  }
  if (test.succeeded !== true || test.durationMinutes === undefined) return;
  const margin = env.assumptions.drTestMargin;
  const widen = (minutes: number) => ({ best: minutes * (1 + margin.best / 100), worst: minutes * (1 + margin.worst / 100) });
  const cite = `the recovery test of ${test.lastTest}`;
  const answers = (...ids: string[]) => ids.map((id) => facts.reader.ref(id));
  for (const scope of ELSEWHERE_SCOPES) {
    const current = plans.get(scope)!;
    const was = answered.plans.get(scope);
    if (current.scheme !== testedScheme || current.terms.length === 0 || !was || designOf(was, answered.facts) !== designOf(current, facts)) continue;
    const kept = current.terms.filter((t) => (t.measure === 'rto' && NOT_MEASURED_BY_TEST.includes(t.assumption)) || (t.measure === 'rpo' && test.dataLossMinutes === undefined));
    const measured = [
      term('rto', `Recovery as measured in ${cite} (${formatMinutes(test.durationMinutes)}), with the margin for the worst case`, widen(test.durationMinutes), {
        assumption: 'drTestMargin',
        answers: answers('app.failover.lastTest', 'app.failover.testDuration', 'app.failover.testSucceeded'),
        basis: 'dr-test',
      }),
      ...(test.dataLossMinutes === undefined
        ? []
        : [
            term('rpo', `Data lost in ${cite} (${formatMinutes(test.dataLossMinutes)}), with the margin for the worst case`, widen(test.dataLossMinutes), {
              assumption: 'drTestMargin',
              answers: answers('app.failover.testDataLoss'),
              basis: 'dr-test',
            }),
          ]),
    ];
    current.terms = [...kept.filter((t) => t.measure === 'rto'), ...measured.filter((t) => t.measure === 'rto'), ...kept.filter((t) => t.measure === 'rpo'), ...measured.filter((t) => t.measure === 'rpo')];
    current.outcome = 'estimated';
    const which = test.scheme === undefined ? ' (assumed to have exercised this recovery: what it brought back is not recorded)' : '';
    current.explanation = `${current.explanation} The estimate starts from ${cite}, which succeeded${which}.`;
  }
}

/** A target answered with a duration, answered "unknown", or not answered (undefined). */
export type TargetAnswer = number | 'unknown' | undefined;

/** The owner's own target wins over the policy's; "unknown" stays unknown. */
function pickTarget(own: TargetAnswer, fromPolicy: number | null | undefined) {
  return own === 'unknown'
    ? { minutes: null, source: 'unknown' as const }
    : own !== undefined
      ? { minutes: own, source: 'override' as const }
      : fromPolicy !== undefined && fromPolicy !== null
        ? { minutes: fromPolicy, source: 'policy' as const }
        : { minutes: null, source: 'none' as const };
}

export function targetFor(scope: DisruptionScope, facts: ApplicationFacts): ScopeTarget {
  const override = facts.overrides[scope];
  const policy = facts.policy?.targets[scope];
  const rto = pickTarget(override.rto, policy?.rtoMinutes);
  const rpo = pickTarget(override.rpo, policy?.rpoMinutes);
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

/** Whether the application must survive this scope: within the radius the owner gave; when the radius is not known, it cannot be ruled out. */
export function isRequired(scope: DisruptionScope, facts: ApplicationFacts): boolean {
  if (facts.impactRadius !== undefined) return scopeIndex(scope) <= scopeIndex(facts.impactRadius);
  return true;
}

/** Worst first: one measure breached breaches the scope; an unknown hides whether the scope is met. */
const COMPLIANCE_RANK: Record<Compliance, number> = { breached: 0, unknown: 1, 'at-risk': 2, met: 3, 'not-required': 4 };
export function worseOf(a: Compliance, b: Compliance): Compliance {
  return COMPLIANCE_RANK[a] <= COMPLIANCE_RANK[b] ? a : b;
}

interface Judgement {
  compliance: Compliance;
  /** What it would be if the stand-ins held; null when nothing stands in. */
  ifAssumed: Compliance | null;
  reasons: string[];
  /** What stands in for an unknown, in words; said once per scope when both measures rest on the same. */
  standIns: string[];
}

function against(target: number, range: MinutesRange): Compliance {
  return range.worstMinutes <= target ? 'met' : range.bestMinutes <= target ? 'at-risk' : 'breached';
}

interface MeasureInput {
  measure: EstimateTerm['measure'];
  scope: DisruptionScope;
  target: ScopeTarget;
  range: MinutesRange | null;
  plan: Plan;
  facts: ApplicationFacts;
}

function judgeMeasure({ measure, scope, target, range, plan: p, facts }: MeasureInput): Judgement {
  const word = measure === 'rto' ? 'downtime' : 'data loss';
  const minutes = measure === 'rto' ? target.rtoMinutes : target.rpoMinutes;
  const source = measure === 'rto' ? target.rtoSource : target.rpoSource;
  const reasons: string[] = [];
  let raw: Compliance | null;
  if (p.outcome === 'unrecoverable') raw = 'breached';
  else if (p.outcome === 'unknown' || range === null) raw = null;
  else if (minutes !== null) raw = against(minutes, range);
  else {
    const fromPolicy = facts.policy?.targets[scope]?.[measure === 'rto' ? 'rtoMinutes' : 'rpoMinutes'];
    if (source === 'unknown' && facts.policy && fromPolicy !== null && fromPolicy !== undefined) {
      const would = against(fromPolicy, range);
      reasons.push(`The owner does not know the maximum ${word} for ${scopeLoss(scope)}; with the ${facts.policy.name} policy's ${formatMinutes(fromPolicy)} this would be ${COMPLIANCE_WORDS[would]}.`);
      return { compliance: 'unknown', ifAssumed: would, reasons, standIns: [] };
    }
    reasons.push(source === 'unknown' ? `The owner does not know the maximum ${word} for ${scopeLoss(scope)}, and no policy gives one.` : `No maximum ${word} is set for ${scopeLoss(scope)}.`);
    return { compliance: 'unknown', ifAssumed: null, reasons, standIns: [] };
  }
  if (raw === null) return { compliance: 'unknown', ifAssumed: null, reasons, standIns: [] };
  const standIns = p.standIns.filter((s) => s.measures.includes(measure)).map((s) => s.text);
  for (const t of p.terms) if (t.measure === measure && t.basis === 'stand-in') standIns.push(t.label.charAt(0).toLowerCase() + t.label.slice(1));
  if (facts.impactRadius === undefined && scope !== 'vm') standIns.push(`the application is assumed to have to survive ${scopeLoss(scope)} (how large a disruption it must survive is not known)`);
  if (standIns.length === 0) return { compliance: raw, ifAssumed: null, reasons, standIns: [] };
  return { compliance: 'unknown', ifAssumed: raw, reasons, standIns: [...new Set(standIns)] };
}

function restsOn(word: string, j: Judgement): string {
  return `The ${word} rests on what is not known yet: ${j.standIns.join('; ')}. With that, it would be ${COMPLIANCE_WORDS[j.ifAssumed!]}.`;
}

/** The stand-ins of both measures in words: one sentence when downtime and data loss rest on the same. */
function standInReasons(rto: Judgement, rpo: Judgement): string[] {
  if (rto.standIns.length > 0 && rto.standIns.join('\n') === rpo.standIns.join('\n')) {
    const would =
      rto.ifAssumed === rpo.ifAssumed
        ? `both would be ${COMPLIANCE_WORDS[rto.ifAssumed!]}`
        : `the downtime would be ${COMPLIANCE_WORDS[rto.ifAssumed!]} and the data loss ${COMPLIANCE_WORDS[rpo.ifAssumed!]}`;
    return [`The downtime and the data loss rest on what is not known yet: ${rto.standIns.join('; ')}. With that, ${would}.`];
  }
  return [...(rto.standIns.length > 0 ? [restsOn('downtime', rto)] : []), ...(rpo.standIns.length > 0 ? [restsOn('data loss', rpo)] : [])];
}

/** What a measure would be if the stand-ins held, or is when it needs none; null when not even that is known. */
function settled(j: Judgement) {
  return j.ifAssumed ?? (j.compliance === 'unknown' ? null : j.compliance);
}

/**
 * The design the answers describe, planned once so that every change modelled against it (a
 * recommendation's) can share it: the plans are only read, to see whether a recovery test
 * exercised the same design.
 */
export function answeredDesign(facts: ApplicationFacts, env: Environment): AnsweredDesign {
  return { facts, plans: new Map(DISRUPTION_SCOPES.map((scope) => [scope, planFor(scope, facts, env)] as const)) };
}

/**
 * The result per scope. `asAnswered`, for a changed design (a recommendation's model), is the
 * design the answers describe: a recovery test counts only where the two are the same.
 */
export function scopeResults(facts: ApplicationFacts, env: Environment, asAnswered?: AnsweredDesign): ScopeResult[] {
  const plans = new Map(DISRUPTION_SCOPES.map((scope) => [scope, planFor(scope, facts, env)] as const));
  withTestEvidence(plans, facts, env, asAnswered);
  return DISRUPTION_SCOPES.map((scope) => {
    const p = plans.get(scope)!;
    const target = targetFor(scope, facts);
    const required = isRequired(scope, facts);
    const estimated = p.outcome === 'estimated';
    const rto = estimated ? sum(p.terms, 'rto') : null;
    const rpo = estimated ? sum(p.terms, 'rpo') : null;
    const notRequired: Judgement = { compliance: 'not-required', ifAssumed: null, reasons: [], standIns: [] };
    const rtoJudgement = required ? judgeMeasure({ measure: 'rto', scope, target, range: rto, plan: p, facts }) : notRequired;
    const rpoJudgement = required ? judgeMeasure({ measure: 'rpo', scope, target, range: rpo, plan: p, facts }) : notRequired;
    const compliance = worseOf(rtoJudgement.compliance, rpoJudgement.compliance);
    const anyAssumed = rtoJudgement.ifAssumed !== null || rpoJudgement.ifAssumed !== null;
    const rtoSettled = settled(rtoJudgement);
    const rpoSettled = settled(rpoJudgement);
    const complianceIfAssumed = compliance === 'unknown' && anyAssumed && rtoSettled && rpoSettled ? worseOf(rtoSettled, rpoSettled) : null;
    const reasons = [...new Set([...rtoJudgement.reasons, ...rpoJudgement.reasons, ...standInReasons(rtoJudgement, rpoJudgement)])];
    return {
      scope,
      required,
      scheme: p.scheme,
      recoveryPlace: p.place,
      recoverySystemId: p.system?.id ?? null,
      recoveryAssumed: p.recoveryAssumed,
      target,
      achievable: { outcome: p.outcome, rto, rpo, terms: p.terms, explanation: p.explanation },
      rtoCompliance: rtoJudgement.compliance,
      rpoCompliance: rpoJudgement.compliance,
      compliance,
      complianceIfAssumed,
      complianceNote: reasons.length > 0 ? reasons.join(' ') : null,
    };
  });
}
