import type { AzureStackSystem, DisruptionScope } from '../domain/engagement';
import type { Finding, FindingCode, Reach, Recommendation, RecommendationCode, ScopeResult } from './assessment';
import { answeredDesign, assumedRecoverySystem, backupCounts, ELSEWHERE_SCOPES, isElsewhere, recoveryDestination, scopeResults, type AnsweredDesign } from './estimate';
import type { ApplicationFacts, Environment } from './facts';
import { SEVERITY_RANK } from './findings';
import { formatMinutes, formatRange, scopeLoss, wordList } from './format';

/**
 * Recommendations answer the findings. Where a change can be modelled (another system,
 * replication, more instances, more frequent backups), the engine re-runs the estimate on
 * the changed facts, so "what it would reach" is the same arithmetic as everything else.
 */

type Effort = Recommendation['effort'];

interface Candidate {
  code: RecommendationCode;
  effort: Effort;
  action: string;
  /** What the change achieves; where that depends on the model, worked out from the scopes it gives. */
  outcome: string | ((after: readonly ScopeResult[]) => string);
  triggeredBy: FindingCode[];
  /** The changed facts and environment this recommendation would produce. */
  simulate?: (facts: ApplicationFacts, env: Environment) => { facts: ApplicationFacts; env: Environment };
}

const HYPOTHETICAL_SYSTEM: AzureStackSystem = {
  id: 'hypothetical-second-system',
  name: 'a second system in another region',
  siteId: 'hypothetical-site',
  region: 'another region',
  nodeCount: 4,
  identityModel: 'connected',
  state: 'operational',
  role: 'secondary',
  publicAzureAllowed: false,
};

/** The engagement with a second system added, and the application recovering on it wherever it would otherwise wait for hardware. */
function withSecondSystem(facts: ApplicationFacts, env: Environment) {
  const systems = [...env.systems, HYPOTHETICAL_SYSTEM];
  const recoversOn = { ...facts.recoversOn };
  for (const scope of ELSEWHERE_SCOPES) {
    if (recoveryDestination(scope, facts, env).place === 'new-system') recoversOn[scope] = { kind: 'system', systemId: HYPOTHETICAL_SYSTEM.id, system: HYPOTHETICAL_SYSTEM };
  }
  return { facts: { ...facts, recoversOn }, env: { ...env, systems, systemsById: new Map(systems.map((s) => [s.id, s])) } };
}

function replicaTarget(facts: ApplicationFacts, env: Environment): { target: AzureStackSystem; env: Environment } {
  const existing = ELSEWHERE_SCOPES.map((scope) => assumedRecoverySystem(scope, facts, env)).findLast((s) => s !== null);
  return existing ? { target: existing, env } : { target: HYPOTHETICAL_SYSTEM, env: withSecondSystem(facts, env).env };
}

const has = (findings: readonly Finding[], code: FindingCode, scope?: DisruptionScope) =>
  findings.some((f) => f.code === code && (scope === undefined || f.scope === scope));

function candidates(facts: ApplicationFacts, scopes: readonly ScopeResult[], findings: readonly Finding[]): Candidate[] {
  const list: Candidate[] = [];
  const stateful = facts.statefulness === 'stateful';
  // Losing a node loses no data: only the other scopes can need a backup.
  const breachedWithData = scopes.some((s) => s.scope !== 'node' && s.compliance === 'breached');

  if (has(findings, 'SITE_LOSS_NEEDS_SECOND_SYSTEM')) {
    list.push({
      code: 'DEPLOY_SECOND_SYSTEM',
      effort: 'high',
      action: 'Deploy a second Azure Stack Hub system in another site (and another region if region loss is in scope), or agree that the application may recover in public Azure.',
      outcome: secondSystemOutcome,
      triggeredBy: ['SITE_LOSS_NEEDS_SECOND_SYSTEM'],
      simulate: withSecondSystem,
    });
  }
  if (has(findings, 'SECONDARY_IN_SAME_IMPACT_RADIUS')) {
    list.push({
      code: 'MOVE_RECOVERY_OUT_OF_RADIUS',
      effort: 'medium',
      action: 'Recover on a system on another site (another region for region loss) instead of one the same disaster reaches, and replicate or copy backups there.',
      outcome: 'The place it recovers on survives the disruption it is meant to cover.',
      triggeredBy: ['SECONDARY_IN_SAME_IMPACT_RADIUS'],
      simulate: (f, e) => {
        const { env: nextEnv } = withSecondSystem(f, e);
        const recoversOn = { ...f.recoversOn };
        for (const scope of ELSEWHERE_SCOPES) if (recoversOn[scope]?.kind === 'system') recoversOn[scope] = { kind: 'system', systemId: HYPOTHETICAL_SYSTEM.id, system: HYPOTHETICAL_SYSTEM };
        const replication = f.replication.technology === 'application' || f.replication.technology === 'guest' ? { ...f.replication, target: HYPOTHETICAL_SYSTEM } : f.replication;
        return { facts: { ...f, replication, recoversOn }, env: nextEnv };
      },
    });
  }
  // Only where zero loss is asked of a disruption it must survive; a belief about one it need not is for the owner to unlearn.
  if (findings.some((f) => f.code === 'ZERO_RPO_ACROSS_SITES_UNSUPPORTED' && f.scope !== null)) {
    list.push({
      code: 'SYNCHRONOUS_APPLICATION_REPLICATION',
      effort: 'high',
      action: 'Replicate synchronously inside the application (for example a synchronous availability group) to a nearby second system, or agree a data-loss target of at least the replication lag.',
      outcome: 'Zero data loss becomes real, or the target becomes honest.',
      triggeredBy: ['ZERO_RPO_ACROSS_SITES_UNSUPPORTED'],
      simulate: (f, e) => {
        const { target, env: nextEnv } = replicaTarget(f, e);
        return { facts: { ...f, replication: { technology: 'application', mode: 'synchronous', target } }, env: nextEnv };
      },
    });
  }
  const unsupported: FindingCode[] = [
    ...(['STRETCHED_SCALE_UNIT_UNSUPPORTED', 'INFRASTRUCTURE_PROTECTION_UNSUPPORTED', 'AVAILABILITY_SET_ACROSS_SYSTEMS', 'NODE_FAULT_TOLERANCE_EXCEEDED'] as const).filter((code) => has(findings, code)),
    ...(findings.some((f) => f.code === 'ZERO_RPO_ACROSS_SITES_UNSUPPORTED' && f.scope === null) ? (['ZERO_RPO_ACROSS_SITES_UNSUPPORTED'] as const) : []),
  ];
  if (unsupported.length > 0) {
    list.push({
      code: 'PLAN_IN_GUEST_PROTECTION',
      effort: 'low',
      action: 'Walk the owner through what Azure Stack Hub does not do, and base the plan on backup inside the guest, replication in the application and a second system.',
      outcome: 'The plan rests only on what the platform supports.',
      triggeredBy: unsupported,
    });
  }
  if (has(findings, 'NO_HA_WITHIN_SYSTEM') || has(findings, 'RTO_NOT_MET', 'node') || has(findings, 'RTO_AT_RISK', 'node')) {
    list.push({
      code: 'ADD_INSTANCES_IN_AVAILABILITY_SET',
      effort: 'medium',
      action: 'Run every tier on at least two VMs in an availability set behind a load balancer.',
      outcome: 'A node failure no longer stops the application.',
      triggeredBy: ['NO_HA_WITHIN_SYSTEM'],
      simulate: (f, e) => ({
        facts: {
          ...f,
          components: f.components.map((c) => ({ ...c, instances: Math.max(2, c.instances ?? 2), availabilitySet: true, loadBalancer: c.loadBalancer && c.loadBalancer !== 'none' ? c.loadBalancer : 'azure-stack-lb' })),
        },
        env: e,
      }),
    });
  }
  if (has(findings, 'STATELESS_WITHOUT_LOAD_BALANCER')) {
    list.push({
      code: 'ADD_LOAD_BALANCER',
      effort: 'low',
      action: 'Put the Azure Stack Hub load balancer (or an external one) in front of the stateless instances, with a health probe.',
      outcome: 'Users are sent only to instances that are running.',
      triggeredBy: ['STATELESS_WITHOUT_LOAD_BALANCER'],
    });
  }
  if (has(findings, 'CROSS_SYSTEM_LOAD_BALANCER_NOT_EXTERNAL')) {
    list.push({
      code: 'MOVE_LOAD_BALANCER_OUTSIDE',
      effort: 'medium',
      action: 'Move the balancer that spreads users over both systems outside them: an external appliance, Azure Traffic Manager or global DNS.',
      outcome: 'Losing one system no longer takes the entry point with it.',
      triggeredBy: ['CROSS_SYSTEM_LOAD_BALANCER_NOT_EXTERNAL'],
      simulate: (f, e) => ({ facts: { ...f, loadBalancerPlacement: 'external' }, env: e }),
    });
  }
  const short = (c: ScopeResult['compliance']) => c === 'breached' || c === 'at-risk';
  const slowElsewhere = scopes.some((s) => isElsewhere(s.scope) && short(s.rtoCompliance) && s.scheme !== 'replication-failover' && s.scheme !== 'active-active');
  // An application that already replicates in the application is slow for another reason (where the replica or the recovery lives).
  if (slowElsewhere && stateful && facts.hostingSystem && facts.replication.technology !== 'application') {
    list.push({
      code: 'ADD_APPLICATION_REPLICATION',
      effort: 'high',
      action: 'Replicate the data asynchronously in the application (for example a distributed availability group) to a system on another site, with a written failover runbook.',
      outcome: 'Recovery becomes a failover of minutes to hours.',
      triggeredBy: ['RTO_NOT_MET', 'RTO_AT_RISK'],
      simulate: (f, e) => {
        const { target, env: nextEnv } = replicaTarget(f, e);
        return { facts: { ...f, replication: { technology: 'application', mode: 'asynchronous', target } }, env: nextEnv };
      },
    });
  }
  if (slowElsewhere && !stateful && facts.statefulness === 'stateless' && facts.hostingSystem) {
    list.push({
      code: 'RUN_ACTIVE_ACTIVE',
      effort: 'medium',
      action: 'Run the stateless application on a second system as well, behind a balancer outside both systems.',
      outcome: 'Losing one system costs no downtime.',
      triggeredBy: ['RTO_NOT_MET', 'RTO_AT_RISK'],
      simulate: (f, e) => {
        const next = assumedRecoverySystem('site', f, e) ? { facts: f, env: e } : withSecondSystem(f, e);
        return { facts: { ...next.facts, activeActive: true, loadBalancerPlacement: 'external' }, env: next.env };
      },
    });
  }
  const backupRpoBreach = scopes.find((s) => short(s.rpoCompliance) && s.scheme === 'backup-restore' && s.target.rpoMinutes !== null && s.target.rpoMinutes > 0);
  if (backupRpoBreach && backupRpoBreach.target.rpoMinutes !== null) {
    const interval = Math.max(5, backupRpoBreach.target.rpoMinutes);
    list.push({
      code: 'SHORTEN_BACKUP_INTERVAL',
      effort: 'low',
      action: `Back up at least every ${formatMinutes(interval)} (log or incremental backups between full ones).`,
      outcome: `At most ${formatMinutes(interval)} of work is lost on a restore.`,
      triggeredBy: ['RPO_NOT_MET', 'RPO_AT_RISK'],
      simulate: (f, e) => ({ facts: { ...f, backup: { ...f.backup, frequencyMinutes: interval } }, env: e }),
    });
  }
  // A backup that cannot work (one on the hosts) is no backup: the same advice and the same model apply.
  if (has(findings, 'NO_POINT_IN_TIME_RECOVERY') || (stateful && backupCounts(facts) === false && breachedWithData)) {
    list.push({
      code: 'ADD_BACKUP',
      effort: 'medium',
      action: 'Back up the data inside the guest with an application-aware agent, daily at least, with copies on another site.',
      outcome: 'Corruption and accidental deletion can be undone by restoring to a point before them.',
      triggeredBy: ['NO_POINT_IN_TIME_RECOVERY'],
      simulate: (f, e) => ({
        facts: { ...f, backup: { exists: true, inGuest: true, applicationAware: true, frequencyMinutes: 24 * 60, retentionMinutes: 30 * 24 * 60, copyLocations: ['same-system', 'other-site'] } },
        env: e,
      }),
    });
  }
  if (has(findings, 'BACKUP_NOT_APPLICATION_CONSISTENT')) {
    list.push({
      code: 'MAKE_BACKUP_APPLICATION_AWARE',
      effort: 'low',
      action: "Switch the backup to application-aware mode (VSS, or the database's own backup) for the tiers that hold application data.",
      outcome: 'Restored databases start consistently.',
      triggeredBy: ['BACKUP_NOT_APPLICATION_CONSISTENT'],
    });
  }
  if (has(findings, 'DATA_SOURCE_UNPROTECTED')) {
    list.push({
      code: 'PROTECT_DATA_SOURCE',
      effort: 'medium',
      action: 'Give each unprotected kind of data a method: in-guest backup for disks, files and OS state, the application’s own backup for its data.',
      outcome: 'Nothing that needs protecting is left out of the backup.',
      triggeredBy: ['DATA_SOURCE_UNPROTECTED'],
    });
  }
  if (has(findings, 'BACKUP_COPY_IN_SAME_IMPACT_RADIUS')) {
    list.push({
      code: 'COPY_BACKUPS_ELSEWHERE',
      effort: 'low',
      action: 'Send a copy of every backup to another site, or to public Azure where that is allowed.',
      outcome: 'A backup survives the loss of the system or site it protects.',
      triggeredBy: ['BACKUP_COPY_IN_SAME_IMPACT_RADIUS'],
      simulate: (f, e) => ({ facts: { ...f, backup: { ...f.backup, copyLocations: [...new Set([...(f.backup.copyLocations ?? []), 'other-site'])] } }, env: e }),
    });
  }
  if (has(findings, 'AZURE_TARGET_NOT_ALLOWED')) {
    list.push({
      code: 'RESOLVE_AZURE_TARGET',
      effort: 'medium',
      action: 'Either get public Azure approved for this application and connect the system, or replace Azure Site Recovery and Azure Backup with a second Azure Stack Hub system.',
      outcome: 'The recovery plan uses only targets the customer allows.',
      triggeredBy: ['AZURE_TARGET_NOT_ALLOWED'],
    });
  }
  if (has(findings, 'DEPENDENCY_RTO_CONFLICT')) {
    list.push({
      code: 'ALIGN_DEPENDENCY_TARGETS',
      effort: 'low',
      action: 'Agree with the owners of the applications it depends on that they come back within this one’s target, by their own targets and by their protection, or give this one a target that allows for them.',
      outcome: 'Dependent applications can actually come back in the order the targets promise.',
      triggeredBy: ['DEPENDENCY_RTO_CONFLICT'],
    });
  }
  if (has(findings, 'DEPENDENCY_CYCLE')) {
    list.push({
      code: 'BREAK_DEPENDENCY_CYCLE',
      effort: 'medium',
      action: 'With the owners of the applications in the circle, decide which one can start without the others (queueing its calls, or in a reduced mode), and record that order in the recovery runbook.',
      outcome: 'The recovery plan can bring them up one after the other instead of all at once and hoping.',
      triggeredBy: ['DEPENDENCY_CYCLE'],
    });
  }
  if (has(findings, 'SITE_RECOVERY_DISK_TOO_LARGE')) {
    list.push({
      code: 'FIT_DISKS_TO_SITE_RECOVERY',
      effort: 'medium',
      action: 'Split the data of the VMs with a disk over Site Recovery’s limit over smaller disks (striped inside the guest), or protect those VMs with replication in the application instead.',
      outcome: 'Every VM of the application comes back in a failover, not only the ones whose disks fit.',
      triggeredBy: ['SITE_RECOVERY_DISK_TOO_LARGE'],
    });
  }
  if (has(findings, 'DR_NOT_TESTED')) {
    list.push({
      code: 'TEST_FAILOVER',
      effort: 'low',
      action: 'Run an end-to-end failover test, record how long each step took, and repeat it every year.',
      outcome: 'The estimate is replaced by a measured recovery time.',
      triggeredBy: ['DR_NOT_TESTED'],
    });
  }
  if (has(findings, 'ANSWERS_INCOMPLETE')) {
    list.push({
      code: 'COMPLETE_ANSWERS',
      effort: 'low',
      action: 'Follow up the open questions with the people named against them.',
      outcome: 'The results rest on answers rather than defaults.',
      triggeredBy: ['ANSWERS_INCOMPLETE'],
    });
  }
  return list;
}

/**
 * What a second system achieves, scope by scope: recovery there instead of on hardware bought
 * after the disaster, but only where a copy of the data survives to recover from.
 */
function secondSystemOutcome(after: readonly ScopeResult[]): string {
  const elsewhere = after.filter((s) => s.required && isElsewhere(s.scope));
  const onIt = elsewhere.filter((s) => s.recoverySystemId === HYPOTHETICAL_SYSTEM.id && s.achievable.outcome !== 'unrecoverable').map((s) => scopeLoss(s.scope));
  const empty = elsewhere.filter((s) => s.achievable.outcome === 'unrecoverable').map((s) => scopeLoss(s.scope));
  const sooner = onIt.length > 0 ? `Recovery after ${wordList(onIt)} no longer waits for new hardware.` : 'A second system gives it somewhere to recover.';
  if (empty.length === 0) return sooner;
  return `${sooner} After ${wordList(empty)} no copy of its data survives, so a second system alone brings nothing back: replicate the data to it, or keep backup copies outside the system, as well.`;
}

function changedReaches(before: readonly ScopeResult[], after: readonly ScopeResult[]): Reach[] {
  return after
    .filter((next, i) => {
      const previous = before[i];
      return next.required && previous && (formatRange(previous.achievable.rto) !== formatRange(next.achievable.rto) || formatRange(previous.achievable.rpo) !== formatRange(next.achievable.rpo));
    })
    .map((s) => ({ scope: s.scope, rto: s.achievable.rto, rpo: s.achievable.rpo }));
}

const EFFORT_RANK: Record<Effort, number> = { low: 0, medium: 1, high: 2 };
const TARGET_CODES: readonly FindingCode[] = ['RTO_NOT_MET', 'RPO_NOT_MET', 'RTO_AT_RISK', 'RPO_AT_RISK'];

export function recommend(facts: ApplicationFacts, scopes: readonly ScopeResult[], findings: readonly Finding[], env: Environment): Recommendation[] {
  // Which target findings some change was modelled to meet, scope by scope ("RTO_AT_RISK@site"): `resolves` names codes only.
  const modelledMet = new Set<string>();
  /** Per recommendation, the findings it answers: what it is ranked by. */
  const answers = new Map<Recommendation, Finding[]>();
  const key = (f: Finding) => `${f.code}@${f.scope}`;
  // The design as answered, planned once for all the changes modelled against it.
  let asAnswered: AnsweredDesign | undefined;
  const scored = candidates(facts, scopes, findings).map((candidate) => {
    const ownMet = new Set<string>();
    // A target finding counts as resolved only where the model shows it met: a change aimed at one scope does not fix another.
    const resolves = new Set<FindingCode>(candidate.triggeredBy.filter((code) => has(findings, code) && !(candidate.simulate && TARGET_CODES.includes(code))));
    let reaches: Reach[] = [];
    let modelled: readonly ScopeResult[] = scopes;
    if (candidate.simulate) {
      const changed = candidate.simulate(facts, env);
      // Modelled from the assumptions where the design changes: the last recovery test exercised the old one.
      const after = scopeResults(changed.facts, changed.env, (asAnswered ??= answeredDesign(facts, env)));
      reaches = changedReaches(scopes, after);
      modelled = after;
      for (const scope of after) {
        const before = scopes.find((s) => s.scope === scope.scope);
        const met: [FindingCode, boolean][] = [
          ['RTO_NOT_MET', before?.rtoCompliance === 'breached' && scope.rtoCompliance === 'met'],
          ['RPO_NOT_MET', before?.rpoCompliance === 'breached' && scope.rpoCompliance === 'met'],
          ['RTO_AT_RISK', before?.rtoCompliance === 'at-risk' && scope.rtoCompliance === 'met'],
          ['RPO_AT_RISK', before?.rpoCompliance === 'at-risk' && scope.rpoCompliance === 'met'],
        ];
        for (const [code, now] of met) {
          if (!now) continue;
          resolves.add(code);
          ownMet.add(`${code}@${scope.scope}`);
          modelledMet.add(`${code}@${scope.scope}`);
        }
      }
    }
    const recommendation: Recommendation = {
      code: candidate.code,
      action: candidate.action,
      resolves: [...resolves].sort(),
      effort: candidate.effort,
      outcome: (typeof candidate.outcome === 'string' ? candidate.outcome : candidate.outcome(modelled)) + describeReach(reaches),
      reaches,
    };
    answers.set(
      recommendation,
      findings.filter((f) => (TARGET_CODES.includes(f.code) ? ownMet.has(key(f)) : resolves.has(f.code))),
    );
    return recommendation;
  });

  // Where nothing comes back, no target can be agreed with the design: those need protection, which the other recommendations give.
  const unrecoverable = new Set(scopes.filter((s) => s.achievable.outcome === 'unrecoverable').map((s) => s.scope));
  const unresolved = findings.filter((f) => TARGET_CODES.includes(f.code) && f.scope !== null && !unrecoverable.has(f.scope) && !modelledMet.has(key(f)));
  if (unresolved.length > 0) {
    const scopesList = [...new Set(unresolved.map((f) => f.scope).filter((s): s is DisruptionScope => s !== null))];
    const slower = unresolved.some((f) => f.code === 'RTO_NOT_MET' || f.code === 'RTO_AT_RISK');
    const agree: Recommendation = {
      code: 'AGREE_TARGETS',
      action: `Revisit the targets for ${wordList(scopesList.map(scopeLoss))} with the owner: ${slower ? 'shorten detection and decision with a runbook and on-call rota, or ' : ''}agree targets the current design can meet.`,
      resolves: [...new Set(unresolved.map((f) => f.code))].sort(),
      effort: 'low',
      outcome: 'Targets and design tell the same story.',
      reaches: [],
    };
    answers.set(agree, unresolved);
    scored.push(agree);
  }

  // Ranked by the worst finding each one answers, not the worst finding that shares a code with it somewhere else.
  const worst = (r: Recommendation) => Math.min(...(answers.get(r) ?? []).map((f) => SEVERITY_RANK[f.severity]), 9);
  return scored
    .filter((r) => r.resolves.length > 0)
    .sort((a, b) => worst(a) - worst(b) || EFFORT_RANK[a.effort] - EFFORT_RANK[b.effort] || (a.code < b.code ? -1 : 1));
}

function describeReach(reaches: readonly Reach[]): string {
  if (reaches.length === 0) return '';
  const parts = reaches.map((r) => `${scopeLoss(r.scope)}: back in ${formatRange(r.rto)}, losing ${formatRange(r.rpo)}`);
  return ` Modelled: ${parts.join('; ')}.`;
}
