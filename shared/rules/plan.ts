import type { Application, AzureStackSystem, EngagementView, HardwareProfile } from '../domain/engagement';
import type { ApplicationAssessment, Assessment, MinutesRange, ScopeResult } from './assessment';
import { capacityFigures, checkCapacity, emptyPart, type CapacityFigures, type DemandPart, type SystemCapacity } from './capacity';
import { disastersOf, type Disaster } from './disasters';
import { AnswerReader, answeredDependencies, byNameThenId, type AssessmentInput } from './facts';
import { formatRange, wordList } from './format';
import type { ApplicationRef, DisasterPlan, PlanApplication, PlanCompliance, PlanFinding, PlanOutcome, RecoveryPlans } from './planContract';
import { addVm, addWeight, appliancePart, emptyWeight, servicesPart, systemOfHost, type Weight } from './planDemand';
import { capacityShortFinding, cycleFinding, heldBackFinding, nodeReserveFinding } from './planFindings';
import { planSteps } from './planSteps';
import { dependencyOrder } from './waves';

/**
 * Recovery plans, one per disaster: which applications it takes down, in which waves they come
 * back (an application starts once everything it depends on is back), where, how and when, best
 * and worst case, against its target; and whether each surviving system can carry what it must
 * then run. A pure function of the engagement and its assessment: the times are the results'
 * own estimates, extended by the wait for dependencies, so a plan and the results never disagree.
 */

export type PlanInput = AssessmentInput & Pick<EngagementView, 'hardwareProfiles'>;

export interface PlanOptions {
  /** Plan only these disasters (from `disastersOf`); all of them when absent. */
  disasters?: readonly Disaster[];
}

/** What the plans need to know about each application, read once. */
interface Known {
  assessment: ApplicationAssessment;
  application: Application | undefined;
  dependencies: string[];
  weight: Weight;
  technology: string | undefined;
  copyLocations: string[] | undefined;
  balancerPlacement: string | undefined;
  /** The Azure Stack Hub system Site Recovery replicates it to, if it is protected that way. */
  siteRecoveryTarget: string | null;
}

function know(assessment: ApplicationAssessment, application: Application | undefined, weight: Weight): Known {
  const reader = new AnswerReader(application?.answers ?? {}, null);
  const technology = reader.value<string>('app.replication.technology');
  const siteRecovery = technology === 'azure-site-recovery'
    ? assessment.scopes.find((s) => s.scheme === 'replication-failover' && s.recoveryPlace === 'other-system' && s.recoverySystemId !== null)
    : undefined;
  return {
    assessment,
    application,
    dependencies: application ? answeredDependencies(application) : [],
    weight,
    technology,
    copyLocations: reader.value<string[]>('app.backup.copyLocation'),
    balancerPlacement: reader.value<string>('app.loadBalancerPlacement'),
    siteRecoveryTarget: siteRecovery?.recoverySystemId ?? null,
  };
}

const RANK: Record<PlanCompliance, number> = { met: 0, 'at-risk': 1, breached: 2, unknown: 3, 'not-required': -1 };

function judge(required: boolean, target: number | null, outcome: PlanOutcome, range: MinutesRange | null): PlanCompliance {
  if (!required) return 'not-required';
  if (outcome === 'unrecoverable' || outcome === 'blocked') return 'breached';
  if (target === null || outcome === 'unknown' || range === null) return 'unknown';
  return range.worstMinutes <= target ? 'met' : range.bestMinutes <= target ? 'at-risk' : 'breached';
}

function decisionTime(result: ScopeResult): MinutesRange {
  const detect = result.achievable.terms.find((t) => t.measure === 'rto' && t.assumption === 'detectAndDecide');
  return { bestMinutes: detect?.bestMinutes ?? 0, worstMinutes: detect?.worstMinutes ?? 0 };
}

function placeWords(result: ScopeResult, systemName: (id: string | null) => string | null, hostName: string | null): string | null {
  switch (result.recoveryPlace) {
    case 'other-system':
      return systemName(result.recoverySystemId);
    case 'public-azure':
      return 'public Azure';
    case 'new-system':
      return 'new hardware';
    case 'in-place':
    case 'same-system':
      return hostName;
    default:
      return null;
  }
}

interface Context {
  input: PlanInput;
  figures: CapacityFigures;
  systems: AzureStackSystem[];
  systemsById: Map<string, AzureStackSystem>;
  profilesById: Map<string, HardwareProfile>;
  known: Known[];
  knownById: Map<string, Known>;
  hostedOn: Map<string, Known[]>;
  /** What each system carries in normal operation, part by part. */
  ownParts: Map<string, DemandPart[]>;
}

function context(input: PlanInput, assessment: Assessment): Context {
  const systems = [...input.systems].sort(byNameThenId);
  const systemsById = new Map(systems.map((s) => [s.id, s]));
  const applicationsById = new Map(input.applications.map((a) => [a.id, a]));
  const weights = new Map<string, Weight>();
  const hostOf = systemOfHost(systems);
  const looseVms = new Map<string, Weight>();
  for (const vm of input.vms) {
    if (vm.applicationId !== null) {
      let weight = weights.get(vm.applicationId);
      if (!weight) weights.set(vm.applicationId, (weight = emptyWeight()));
      addVm(weight, vm);
      continue;
    }
    const systemId = hostOf(vm.host);
    if (systemId === null) continue;
    let weight = looseVms.get(systemId);
    if (!weight) looseVms.set(systemId, (weight = emptyWeight()));
    addVm(weight, vm);
  }
  const known = assessment.applications.map((a) => know(a, applicationsById.get(a.applicationId), weights.get(a.applicationId) ?? emptyWeight()));
  const knownById = new Map(known.map((k) => [k.assessment.applicationId, k]));
  const hostedOn = new Map<string, Known[]>();
  for (const k of known) {
    const host = k.assessment.hostingSystemId;
    if (host === null) continue;
    const list = hostedOn.get(host);
    if (list) list.push(k);
    else hostedOn.set(host, [k]);
  }
  const figures = capacityFigures(input.assumptions);
  const ownParts = new Map<string, DemandPart[]>();
  for (const system of systems) {
    const hosted = hostedOn.get(system.id) ?? [];
    const parts: DemandPart[] = [];
    const applications = emptyPart(`Its own applications (${hosted.length})`);
    for (const k of hosted) {
      if (k.weight.vms === 0) applications.unknownApplications.push(`${k.assessment.name} (no VMs in the inventory)`);
      else addWeight(applications, k.weight);
    }
    parts.push(applications);
    const loose = looseVms.get(system.id);
    if (loose) {
      const part = emptyPart(`VMs of no application (${loose.vms})`);
      addWeight(part, loose);
      parts.push(part);
    }
    if (hosted.some((k) => k.siteRecoveryTarget !== null)) parts.push(appliancePart(figures));
    if (system.siteRecoveryTarget === true) parts.push(servicesPart(figures));
    const replicated = known.filter((k) => k.siteRecoveryTarget === system.id);
    if (replicated.length > 0) {
      const replicas = emptyPart(`Site Recovery replicas of ${wordList(replicated.map((k) => k.assessment.name), 3)} (× ${figures.siteRecoveryStorageFactor})`);
      for (const k of replicated) {
        replicas.storageGb += k.weight.storageGb * figures.siteRecoveryStorageFactor;
        if (k.weight.unsized.storageGb.length > 0) (replicas.unsized.storageGb ??= []).push(...k.weight.unsized.storageGb);
        if (k.weight.vms === 0) replicas.unknownApplications.push(`${k.assessment.name} (no VMs in the inventory)`);
      }
      parts.push(replicas);
    }
    ownParts.set(system.id, parts);
  }
  return {
    input,
    figures,
    systems,
    systemsById,
    profilesById: new Map(input.hardwareProfiles.map((p) => [p.id, p])),
    known,
    knownById,
    hostedOn,
    ownParts,
  };
}

function capacityOf(ctx: Context, system: AzureStackSystem, parts: readonly DemandPart[], nodeDown: boolean): SystemCapacity {
  const profile = system.hardwareProfileId ? (ctx.profilesById.get(system.hardwareProfileId) ?? null) : null;
  return checkCapacity(system, profile, parts, ctx.figures, { nodeDown });
}

const ref = (k: Known): ApplicationRef => ({ applicationId: k.assessment.applicationId, name: k.assessment.name });

function planDisaster(ctx: Context, disaster: Disaster): DisasterPlan {
  const scope = disaster.kind;
  const hit = new Set(disaster.kind === 'node' ? [disaster.systemId!] : disaster.lost);
  const down = [...hit].flatMap((id) => ctx.hostedOn.get(id) ?? []);
  const affected = down.filter((k) => k.assessment.assessment !== 'out-of-scope').sort((a, b) => byNameThenId({ name: a.assessment.name, id: a.assessment.applicationId }, { name: b.assessment.name, id: b.assessment.applicationId }));
  const affectedIds = affected.map((k) => k.assessment.applicationId);
  const affectedSet = new Set(affectedIds);
  const order = dependencyOrder(affectedIds, (id) => ctx.knownById.get(id)!.dependencies);
  const systemName = (id: string | null) => (id === null ? null : (ctx.systemsById.get(id)?.name ?? null));
  const resultOf = (k: Known) => k.assessment.scopes.find((s) => s.scope === scope)!;

  const planned = new Map<string, PlanApplication>();
  for (const id of order.order) {
    const k = ctx.knownById.get(id)!;
    const result = resultOf(k);
    const cycle = order.cycleOf.get(id);
    const cycleMembers = cycle === undefined ? new Set<string>() : new Set(order.cycles[cycle]);
    // By name, so that the one named as holding it back is the same whatever the ids are.
    const waits = k.dependencies
      .filter((dep) => affectedSet.has(dep) && !cycleMembers.has(dep))
      .map((dep) => planned.get(dep)!)
      .sort((a, b) => byNameThenId({ name: a.name, id: a.applicationId }, { name: b.name, id: b.applicationId }));
    const recoveryLost = result.recoverySystemId !== null && hit.has(result.recoverySystemId);
    const ownOutcome: PlanOutcome = recoveryLost ? 'unrecoverable' : result.achievable.outcome;
    const own = ownOutcome === 'estimated' ? result.achievable.rto : null;
    const blocker = waits.find((w) => w.outcome === 'unrecoverable' || w.outcome === 'blocked');
    let outcome: PlanOutcome;
    let start: MinutesRange | null = null;
    let back: MinutesRange | null = null;
    if (blocker) outcome = 'blocked';
    else if (ownOutcome === 'unrecoverable') outcome = 'unrecoverable';
    else if (own === null || waits.some((w) => w.outcome === 'unknown')) outcome = 'unknown';
    else {
      outcome = 'estimated';
      start = { bestMinutes: Math.max(0, ...waits.map((w) => w.back!.bestMinutes)), worstMinutes: Math.max(0, ...waits.map((w) => w.back!.worstMinutes)) };
      // The decision to recover is taken once for the whole disaster; what waits only adds the rest.
      const decided = decisionTime(result);
      back =
        waits.length === 0
          ? own
          : {
              bestMinutes: Math.max(own.bestMinutes, start.bestMinutes + own.bestMinutes - decided.bestMinutes),
              worstMinutes: Math.max(own.worstMinutes, start.worstMinutes + own.worstMinutes - decided.worstMinutes),
            };
    }
    const target = result.target.rtoMinutes;
    const ownCompliance = judge(result.required, target, ownOutcome, own);
    const compliance = judge(result.required, target, outcome, back);
    const worse = RANK[compliance] > RANK[ownCompliance] && (compliance === 'at-risk' || compliance === 'breached');
    const holder = worse
      ? (blocker ?? [...waits].sort((a, b) => (b.back?.worstMinutes ?? 0) - (a.back?.worstMinutes ?? 0) || (b.back?.bestMinutes ?? 0) - (a.back?.bestMinutes ?? 0))[0])
      : undefined;
    const hostName = systemName(k.assessment.hostingSystemId);
    const recoversOn = recoveryLost ? null : placeWords(result, systemName, hostName);
    const notes: string[] = [];
    if (recoveryLost) notes.push(`Its recovery system, ${systemName(result.recoverySystemId)}, is lost in the same disaster.`);
    if (cycle !== undefined) {
      const others = order.cycles[cycle]!.filter((other) => other !== id).map((other) => ctx.knownById.get(other)!.assessment.name);
      notes.push(`It depends in a circle on ${wordList(others, 6)}: the plan starts them together, after everything else; which one can start first has to be decided by hand.`);
    }
    if (outcome === 'unknown' && own !== null) notes.push(`It waits for ${wordList(waits.filter((w) => w.outcome === 'unknown').map((w) => w.name), 6)}, whose recovery time is not known.`);
    planned.set(id, {
      applicationId: id,
      name: k.assessment.name,
      scheme: result.scheme,
      recoveryPlace: result.recoveryPlace,
      recoverySystemId: result.recoverySystemId,
      recoversOn,
      outcome,
      own,
      start,
      back,
      targetMinutes: target,
      required: result.required,
      compliance,
      ownCompliance,
      waitsFor: waits.map((w) => ({ applicationId: w.applicationId, name: w.name })),
      heldBackBy: holder ? { applicationId: holder.applicationId, name: holder.name } : null,
      inCycle: cycle !== undefined,
      steps: planSteps({
        name: k.assessment.name,
        scope,
        result,
        recoversOn,
        hostName,
        replicationTechnology: k.technology,
        copyLocations: k.copyLocations,
        balancerPlacement: k.balancerPlacement,
        waitsFor: waits.map((w) => w.name),
      }),
      notes,
    });
  }

  const findings: PlanFinding[] = [];
  const capacity: SystemCapacity[] = [];
  let capacityNote: string | null = null;
  if (disaster.kind === 'node') {
    const system = ctx.systemsById.get(disaster.systemId!)!;
    const checked = capacityOf(ctx, system, ctx.ownParts.get(system.id) ?? [], true);
    capacity.push(checked);
    if (checked.status === 'short') findings.push(nodeReserveFinding(disaster, checked, affectedIds));
  } else {
    const surviving = ctx.systems.filter((s) => s.state === 'operational' && !hit.has(s.id));
    for (const system of surviving) {
      const incoming = affected.filter((k) => resultOf(k).recoveryPlace === 'other-system' && resultOf(k).recoverySystemId === system.id);
      const parts = [...(ctx.ownParts.get(system.id) ?? [])];
      const bySource = new Map<string, Known[]>();
      for (const k of incoming) {
        const source = k.assessment.hostingSystemId!;
        bySource.set(source, [...(bySource.get(source) ?? []), k]);
      }
      for (const [source, apps] of bySource) {
        const part = emptyPart(`Failing over from ${systemName(source)}: ${wordList(apps.map((k) => k.assessment.name), 3)}`);
        for (const k of apps) {
          if (k.weight.vms === 0) part.unknownApplications.push(`${k.assessment.name} (no VMs in the inventory)`);
          // Site Recovery's replica disks are already on the target; they become the VMs' disks.
          else addWeight(part, k.weight, { storage: !(k.technology === 'azure-site-recovery' && k.siteRecoveryTarget === system.id) });
        }
        parts.push(part);
      }
      const checked = capacityOf(ctx, system, parts, false);
      capacity.push(checked);
      if (checked.status === 'short' && incoming.length > 0) findings.push(capacityShortFinding(disaster, checked, incoming.map(ref)));
    }
    if (surviving.length === 0) capacityNote = `No operational Azure Stack Hub system survives when ${disaster.event}: nothing is left to fail over to, so recovery waits for new hardware or public Azure.`;
  }

  for (const app of planned.values()) {
    if (app.heldBackBy) findings.push(heldBackFinding(disaster, app, planned.get(app.heldBackBy.applicationId)!));
  }
  for (const members of order.cycles) findings.push(cycleFinding(disaster, members.map((id) => ({ applicationId: id, name: ctx.knownById.get(id)!.assessment.name }))));

  const waves = order.waves.map((ids, i) => ({ number: i + 1, applications: ids.map((id) => planned.get(id)!) }));
  const apps = [...planned.values()];
  const mustSurvive = apps.some((a) => a.required);
  return {
    disaster: { kind: disaster.kind, name: disaster.name, key: disaster.key, lostSystems: disaster.lost.map((id) => ({ systemId: id, name: systemName(id)! })) },
    mustSurvive,
    summary: summary(disaster, apps, waves.length, capacity),
    waves,
    capacity,
    capacityNote,
    cycles: order.cycles.map((members) => members.map((id) => ctx.knownById.get(id)!.assessment.name)),
    findings,
    unplaced: ctx.known.filter((k) => k.assessment.hostingSystemId === null && k.assessment.assessment !== 'out-of-scope').map((k) => k.assessment.name),
    leftOut: down.filter((k) => k.assessment.assessment === 'out-of-scope').map((k) => k.assessment.name).sort(),
  };
}

function summary(disaster: Disaster, apps: readonly PlanApplication[], waves: number, capacity: readonly SystemCapacity[]): string {
  if (apps.length === 0) return `No application of this engagement runs where ${disaster.event.replace(/ (fails|is lost)$/, '')}.`;
  const required = apps.filter((a) => a.required).length;
  const estimated = apps.filter((a) => a.outcome === 'estimated');
  const last = estimated.length > 0 ? Math.max(...estimated.map((a) => a.back!.worstMinutes)) : null;
  const missing = apps.filter((a) => a.outcome !== 'estimated').length;
  const short = capacity.filter((c) => c.status === 'short').map((c) => c.name);
  return [
    `When ${disaster.event}, ${apps.length} application${apps.length === 1 ? '' : 's'} go${apps.length === 1 ? 'es' : ''} down (${required} must survive it)`,
    ` and come${apps.length === 1 ? 's' : ''} back in ${waves} wave${waves === 1 ? '' : 's'}`,
    last !== null ? `, the last after ${formatRange({ bestMinutes: last, worstMinutes: last })} in the worst case` : '',
    missing > 0 ? `; ${missing} cannot be timed or cannot come back` : '',
    '.',
    short.length > 0 ? ` Short of capacity: ${wordList(short)}.` : '',
  ].join('');
}

/** Every disaster's plan (or the chosen ones), and each system's capacity in normal operation. */
export function recoveryPlans(input: PlanInput, assessment: Assessment, options: PlanOptions = {}): RecoveryPlans {
  const ctx = context(input, assessment);
  const disasters = options.disasters ?? disastersOf(input);
  return {
    asOf: assessment.asOf,
    disasters: disasters.map((d) => planDisaster(ctx, d)),
    today: ctx.systems.filter((s) => s.state === 'operational').map((s) => capacityOf(ctx, s, ctx.ownParts.get(s.id) ?? [], false)),
  };
}
