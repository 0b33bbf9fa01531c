import type { DisruptionScope } from '../domain/engagement';
import { DATA_SOURCES, findQuestion, NEVER, PROTECTION_METHODS, SCOPE_LABELS, UNSUPPORTED_PROTECTION } from '../questions/catalogue';
import type { AnswerRef, Finding, FindingCode, ScopeResult, Severity } from './assessment';
import {
  azureBarriers,
  azureUndecided,
  azureWords,
  backupCounts,
  copySurvives,
  ELSEWHERE_SCOPES,
  escapes,
  highlyAvailable,
  isElsewhere,
  recoveryDestination,
  replicationCounts,
  scopeIndex,
  workingMethods,
} from './estimate';
import { daysBetween, drTestOf, type ApplicationFacts, type DataSource, type Environment } from './facts';
import { capacityFigures, amount } from './capacity';
import { cycleRationale, DEPENDENCY_CYCLE_TITLE, DEPENDENCY_RTO_CONFLICT_TITLE } from './findingWords';
import { formatMinutes, formatRange, wordList } from './format';
import { SCHEME_WORDS } from './labels';

/** What the rules know about one application once its scopes are estimated. */
export interface Evaluated {
  facts: ApplicationFacts;
  scopes: ScopeResult[];
}

export interface RuleContext extends Evaluated {
  env: Environment;
  /** Every application of the engagement, for rules that look across dependencies. */
  others: ReadonlyMap<string, Evaluated>;
  /** For each application in a dependency cycle, the names of the cycle's members, itself included. */
  cycles: ReadonlyMap<string, readonly string[]>;
}

interface Hit {
  scope: DisruptionScope | null;
  componentId?: string;
  severity?: Severity;
  params: Record<string, string>;
  answers: AnswerRef[];
}

/**
 * One rule: a stable code, the answers it reads, a predicate that yields hits, and a
 * rationale template filled from each hit. Rules never throw on missing answers: a rule
 * whose inputs are missing yields nothing, and ANSWERS_INCOMPLETE lists the gap.
 */
export interface Rule {
  code: FindingCode;
  /** The usual severity; `alsoEmits` lists the others a hit may carry (the README's table is checked against both). */
  severity: Severity;
  alsoEmits?: readonly Severity[];
  title: string;
  reads: readonly string[];
  check: (ctx: RuleContext) => Hit[];
  rationale: (params: Record<string, string>) => string;
}

const scopeName = (scope: DisruptionScope) => (scope === 'vm' ? 'VM' : SCOPE_LABELS[scope].short.toLowerCase());
function scopeResult(ctx: Evaluated, scope: DisruptionScope): ScopeResult {
  const result = ctx.scopes[scopeIndex(scope)];
  if (!result) throw new Error(`No result for the ${scope} scope`);
  return result;
}
/** The scopes the application is known to have to survive: findings do not rest on a radius nobody gave. */
const required = <S extends DisruptionScope>(ctx: Evaluated, scopes: readonly S[]) =>
  scopes.filter((s) => scopeResult(ctx, s).required && (s === 'vm' || ctx.facts.impactRadius !== undefined));
const ref = (ctx: Evaluated, questionId: string) => ctx.facts.reader.ref(questionId);
const heldAssumption = (ctx: Evaluated, value: string) => ctx.facts.ownerAssumptions?.includes(value) ?? false;
const sourceName = (source: string) => (DATA_SOURCES.find((d) => d.value === source)?.label ?? source).toLowerCase();
const methodName = (method: string) => (PROTECTION_METHODS.find((m) => m.value === method)?.label ?? method).toLowerCase();

/** The disruption whose recovery runs on Site Recovery between two Azure Stack Hub systems, and that system's name. */
export function siteRecoveryScope(ctx: Evaluated & { env: Environment }): { scope: DisruptionScope; system: string } | null {
  if (ctx.facts.replication.technology !== 'azure-site-recovery') return null;
  for (const result of ctx.scopes) {
    if (!isElsewhere(result.scope) || result.scheme !== 'replication-failover' || result.recoverySystemId === null) continue;
    return { scope: result.scope, system: ctx.env.systemsById.get(result.recoverySystemId)?.name ?? 'the target system' };
  }
  return null;
}

function ownerAssumptionRule(code: FindingCode, value: string, title: string, scope: DisruptionScope | null, rationale: string): Rule {
  return {
    code,
    severity: 'high',
    title,
    reads: ['app.assumptions'],
    check: (ctx) => (heldAssumption(ctx, value) ? [{ scope, params: {}, answers: [ref(ctx, 'app.assumptions')] }] : []),
    rationale: () => rationale,
  };
}

/**
 * The target rules: `*_NOT_MET` when even the best case misses the target (critical when nothing
 * comes back at all), `*_AT_RISK` when only the worst case does.
 */
function targetRule(code: FindingCode, measure: 'rto' | 'rpo', fires: 'breached' | 'at-risk'): Rule {
  const word = measure === 'rto' ? 'downtime' : 'data loss';
  const what = measure === 'rto' ? 'Recovery' : 'The data lost';
  return {
    code,
    severity: fires === 'breached' ? 'high' : 'medium',
    alsoEmits: fires === 'breached' ? ['critical'] : [],
    title:
      fires === 'breached'
        ? measure === 'rto'
          ? 'Recovery takes longer than the target allows'
          : 'More data would be lost than the target allows'
        : measure === 'rto'
          ? 'Recovery may take longer than the target allows'
          : 'More data may be lost than the target allows',
    reads: ['app.policy', `app.${measure}.*`],
    check: (ctx) =>
      ctx.scopes.flatMap((result): Hit[] => {
        const compliance = measure === 'rto' ? result.rtoCompliance : result.rpoCompliance;
        if (compliance !== fires) return [];
        const target = measure === 'rto' ? result.target.rtoMinutes : result.target.rpoMinutes;
        const range = result.achievable[measure];
        const unrecoverable = result.achievable.outcome === 'unrecoverable';
        return [
          {
            scope: result.scope,
            severity: unrecoverable ? 'critical' : undefined,
            params: {
              event: SCOPE_LABELS[result.scope].event,
              target: target === null ? 'any' : formatMinutes(target),
              achievable: unrecoverable ? 'that nothing comes back at all' : `${formatRange(range)} (${SCHEME_WORDS[result.scheme]})`,
              certainty: unrecoverable
                ? ''
                : fires === 'breached'
                  ? ' Even the best case misses it.'
                  : ` The best case meets it; the worst case does not. ${what} stays within the target only if things go well.`,
            },
            answers: [ref(ctx, 'app.policy'), ...(ctx.facts.reader.reads.has(`app.${measure}.${result.scope}`) ? [ref(ctx, `app.${measure}.${result.scope}`)] : [])],
          },
        ];
      }),
    rationale: (p) => `When ${p.event}, the target allows ${p.target} of ${word}; the estimate is ${p.achievable}.${p.certainty}`,
  };
}

export const RULES: readonly Rule[] = [
  {
    code: 'SITE_LOSS_NEEDS_SECOND_SYSTEM',
    severity: 'critical',
    title: 'No second system to recover on',
    reads: ['app.impactRadius', 'app.hostingSystem', 'app.mayRunInAzure', 'app.recoversOn.*'],
    check: (ctx) => {
      const host = ctx.facts.hostingSystem;
      if (!host) return [];
      // A named system that the same disaster reaches is SECONDARY_IN_SAME_IMPACT_RADIUS, not a missing system.
      const uncovered = required(ctx, ELSEWHERE_SCOPES).filter((scope) => {
        const destination = recoveryDestination(scope, ctx.facts, ctx.env);
        return destination.place === 'new-system' && destination.problem?.what !== 'in-radius';
      });
      const [smallest] = uncovered;
      if (!smallest) return [];
      const nothingSurvives = uncovered.every((scope) => scopeResult(ctx, scope).achievable.outcome === 'unrecoverable');
      const named = ctx.facts.recoversOn[smallest];
      const problem = recoveryDestination(smallest, ctx.facts, ctx.env).problem;
      // Only the owner's missing answer keeps Azure out: say so rather than that Azure is not allowed.
      const undecided = azureUndecided(ctx.facts) && named?.kind !== 'new-hardware' && problem?.what !== 'not-operational';
      const why =
        problem?.what === 'not-operational' && problem.system
          ? `${problem.system.name}, where it is meant to recover, is not running yet`
          : problem?.what === 'azure-not-allowed'
            ? `it is meant to recover in public Azure, ${undecided ? 'and' : 'which it cannot use:'} ${azureWords(ctx.facts)}`
            : named?.kind === 'new-hardware'
              ? 'it is meant to recover on new hardware, bought after the disaster'
              : `no operational Azure Stack Hub system outside ${host.name}'s reach exists, and ${undecided ? azureWords(ctx.facts) : `public Azure is ruled out: ${azureBarriers(ctx.facts).join(', and ')}`}`;
      const then = nothingSurvives
        ? 'no copy of its data survives that loss, so even a new system would start empty: nothing could be recovered.'
        : 'recovery would wait weeks for new hardware.';
      return [
        {
          scope: smallest,
          params: {
            scopes: wordList(uncovered.map(scopeName)),
            why,
            then: undecided ? `Unless it may use public Azure, ${then}` : nothingSurvives ? `And ${then}` : `${then.charAt(0).toUpperCase()}${then.slice(1)}`,
          },
          answers: [ref(ctx, 'app.impactRadius'), ref(ctx, 'app.hostingSystem'), ref(ctx, 'app.mayRunInAzure')],
        },
      ];
    },
    rationale: (p) => `The application must survive ${p.scopes} loss, but ${p.why}. ${p.then}`,
  },
  {
    code: 'SECONDARY_IN_SAME_IMPACT_RADIUS',
    severity: 'high',
    title: 'The recovery system is hit by the same disaster',
    reads: ['app.replication.target', 'app.recoversOn.*', 'app.hostingSystem', 'app.impactRadius'],
    check: (ctx) => {
      const host = ctx.facts.hostingSystem;
      if (!host) return [];
      const replicaTarget = ctx.facts.replication.technology === 'application' || ctx.facts.replication.technology === 'guest' ? ctx.facts.replication.target : null;
      for (const scope of required(ctx, ELSEWHERE_SCOPES)) {
        const named = ctx.facts.recoversOn[scope];
        const candidates = [
          ...(named?.kind === 'system' && named.system ? [{ system: named.system, what: 'The system it is meant to recover on', question: `app.recoversOn.${scope}` }] : []),
          ...(replicaTarget ? [{ system: replicaTarget, what: 'The replica', question: 'app.replication.target' }] : []),
        ];
        const caught = candidates.find((c) => !escapes(scope, host, c.system));
        if (!caught) continue;
        return [
          {
            scope,
            params: {
              what: caught.what,
              where:
                caught.system.id === host.id
                  ? `is ${host.name} itself, so a ${scopeName(scope)} loss takes it too`
                  : `(${caught.system.name}) shares the ${scopeName(scope)} with ${host.name}, so a ${scopeName(scope)} loss takes both`,
            },
            answers: [ref(ctx, caught.question), ref(ctx, 'app.hostingSystem'), ref(ctx, 'app.impactRadius')],
          },
        ];
      }
      return [];
    },
    rationale: (p) => `${p.what} ${p.where}. The place to recover on must sit outside the disruption it protects against.`,
  },
  {
    code: 'ZERO_RPO_ACROSS_SITES_UNSUPPORTED',
    severity: 'high',
    title: 'Zero data loss across sites needs synchronous replication in the application',
    reads: ['app.rpo.*', 'app.policy', 'app.assumptions', 'app.replication.technology', 'app.replication.mode'],
    alsoEmits: ['low'],
    check: (ctx) => {
      const { technology, mode } = ctx.facts.replication;
      if (technology === 'application' && mode === 'synchronous') return [];
      const demanded = required(ctx, ELSEWHERE_SCOPES).find((scope) => scopeResult(ctx, scope).target.rpoMinutes === 0);
      const believed = heldAssumption(ctx, 'zero-data-loss');
      if (!demanded && !believed) return [];
      const answers = [ref(ctx, 'app.policy'), ref(ctx, 'app.assumptions'), ref(ctx, 'app.replication.technology')];
      const agree = 'Otherwise agree a data-loss target of at least the replication lag.';
      if (demanded) return [{ scope: demanded, params: { why: `The ${scopeName(demanded)}-loss target allows no data loss`, then: agree }, answers }];
      if (required(ctx, ['site']).length > 0) return [{ scope: 'site', params: { why: 'The owner expects no data loss when a site is lost', then: agree }, answers }];
      // A site loss it need not survive: the belief is still wrong, but no plan rests on it.
      return [
        {
          scope: null,
          severity: 'low',
          params: {
            why: 'The owner expects no data loss when a site is lost',
            then: `${ctx.facts.impactRadius === undefined ? 'How large a disruption the application must survive is not known yet' : 'The application does not have to survive a site loss'}, so its plan does not rest on this belief; correct it before anyone does.`,
          },
          answers: [ref(ctx, 'app.assumptions'), ref(ctx, 'app.impactRadius')],
        },
      ];
    },
    rationale: (p) =>
      `${p.why}, but Azure Stack Hub offers no synchronous storage replication between systems. Only synchronous replication inside the application reaches zero for certain; replication below it falls back to asynchronous when it falls behind. ${p.then}`,
  },
  ownerAssumptionRule(
    'STRETCHED_SCALE_UNIT_UNSUPPORTED',
    'stretched-scale-unit',
    'A scale unit cannot be stretched over sites',
    'site',
    'The owner counts on one scale unit spanning two sites. A scale unit lives in one place and has no notion of sites; surviving a site loss takes a second system.',
  ),
  {
    code: 'INFRASTRUCTURE_PROTECTION_UNSUPPORTED',
    severity: 'high',
    title: 'Host-level backup or storage replication is not available',
    reads: ['app.assumptions', 'app.backup.inGuest', 'app.replication.technology', 'component.protection.*'],
    check: (ctx) => {
      const facts = ctx.facts;
      const beliefs = ['host-level-backup', 'storage-replication'].filter((v) => heldAssumption(ctx, v));
      const hostBackup = facts.backup.exists === true && facts.backup.inGuest === false;
      const storageReplication = facts.replication.technology === 'storage';
      const componentMethods = facts.components.flatMap((c) =>
        Object.entries(c.protection).flatMap(([source, methods]) =>
          (methods ?? []).filter((m) => UNSUPPORTED_PROTECTION.has(m)).map((m) => ({ component: c, source: source as DataSource, method: m })),
        ),
      );
      if (beliefs.length === 0 && !hostBackup && !storageReplication && componentMethods.length === 0) return [];
      const what = [
        ...(beliefs.includes('host-level-backup') ? ['the owner’s belief that the hosts take backups or snapshots'] : []),
        ...(beliefs.includes('storage-replication') ? ['the owner’s belief that storage is replicated underneath the VMs'] : []),
        ...(hostBackup ? ['a backup that runs on the hosts'] : []),
        ...(storageReplication ? ['replication of the storage underneath the VMs'] : []),
        ...componentMethods.map((m) => `${methodName(m.method)} for the ${sourceName(m.source)} of ${m.component.name}`),
      ];
      const counted = hostBackup || storageReplication || componentMethods.length > 0;
      return [
        {
          scope: null,
          params: { what: what.join('; '), counted: counted ? ' None of it is counted as a way back in the estimates.' : '' },
          answers: [
            ref(ctx, 'app.assumptions'),
            ...(hostBackup ? [ref(ctx, 'app.backup.inGuest')] : []),
            ...(storageReplication ? [ref(ctx, 'app.replication.technology')] : []),
            ...componentMethods.map((m) => m.component.reader.ref(`component.protection.${m.source}`)),
          ],
        },
      ];
    },
    rationale: (p) =>
      `The plan relies on ${p.what}. Azure Stack Hub is a sealed appliance: nothing can be installed on its hosts and its storage cannot be snapshotted or replicated from outside, so protection has to run inside each guest or in the application.${p.counted}`,
  },
  {
    code: 'NO_HA_WITHIN_SYSTEM',
    severity: 'high',
    title: 'A node failure means downtime',
    reads: ['component.instances', 'component.availabilitySet', 'app.rto.node', 'app.policy'],
    check: (ctx) => {
      const node = scopeResult(ctx, 'node');
      const target = node.target.rtoMinutes;
      if (!node.required || target === null || target >= ctx.env.assumptions.vmRestartAfterNodeFailure.worst) return [];
      return ctx.facts.components
        .filter((c) => c.instances === 1 || c.availabilitySet === false)
        .map((c) => ({
          scope: 'node' as const,
          componentId: c.id,
          params: {
            component: c.name,
            target: formatMinutes(target),
            restart: formatRange({ bestMinutes: ctx.env.assumptions.vmRestartAfterNodeFailure.best, worstMinutes: ctx.env.assumptions.vmRestartAfterNodeFailure.worst }),
            why: c.instances === 1 ? 'runs a single instance' : 'is not in an availability set',
            // The rule fires on the worst case; where the best case fits, the sentence must not say it never does.
            longer: target < ctx.env.assumptions.vmRestartAfterNodeFailure.best ? 'longer than' : 'in the worst case longer than',
          },
          answers: [c.reader.ref('component.instances'), c.reader.ref('component.availabilitySet'), ref(ctx, 'app.policy')],
        }));
    },
    rationale: (p) =>
      `${p.component} ${p.why}. When its node fails the platform restarts it elsewhere, which takes ${p.restart}: ${p.longer} the ${p.target} the node-loss target allows.`,
  },
  {
    code: 'STATELESS_WITHOUT_LOAD_BALANCER',
    severity: 'medium',
    title: 'Several instances with nothing spreading users over them',
    reads: ['component.statefulness', 'component.instances', 'component.loadBalancer'],
    check: (ctx) =>
      ctx.facts.components
        .filter((c) => c.statefulness === 'stateless' && (c.instances ?? 0) > 1 && c.loadBalancer === 'none')
        .map((c) => ({
          // A design gap whatever the radius: the smallest disruption, one VM failing, already shows it, and every application must survive that.
          scope: 'vm' as const,
          componentId: c.id,
          params: { component: c.name, instances: String(c.instances) },
          answers: [c.reader.ref('component.statefulness'), c.reader.ref('component.instances'), c.reader.ref('component.loadBalancer')],
        })),
    rationale: (p) =>
      `${p.component} runs ${p.instances} stateless instances, but nothing sends users to the ones still running when one of them stops, whether its guest fails or the node under it: the users of that instance wait until it is back.`,
  },
  {
    code: 'CROSS_SYSTEM_LOAD_BALANCER_NOT_EXTERNAL',
    severity: 'high',
    title: 'The balancer in front of both systems sits inside one of them',
    reads: ['app.activeActive', 'app.loadBalancerPlacement'],
    check: (ctx) =>
      ctx.facts.activeActive === true && ctx.facts.loadBalancerPlacement === 'inside-system'
        ? [{ scope: 'system', params: {}, answers: [ref(ctx, 'app.activeActive'), ref(ctx, 'app.loadBalancerPlacement')] }]
        : [],
    rationale: () =>
      'The application runs active/active on two systems, but the balancer that spreads users over them runs inside one. Losing that system takes the entry point with it; the balancer must sit outside both, or be Azure Traffic Manager or global DNS.',
  },
  {
    code: 'AVAILABILITY_SET_ACROSS_SYSTEMS',
    severity: 'high',
    title: 'Availability sets never span systems',
    reads: ['app.assumptions', 'app.statefulness'],
    check: (ctx) =>
      heldAssumption(ctx, 'availability-set-across-systems')
        ? [
            {
              scope: 'system',
              params: {
                need:
                  ctx.facts.statefulness === 'stateless'
                    ? 'a stateless application needs instances deployed on each system and a balancer outside both'
                    : ctx.facts.statefulness === 'stateful'
                      ? 'the application needs its data replicated to the other system and a balancer outside both'
                      : 'the application needs instances on each system, its data replicated if it keeps any, and a balancer outside both',
              },
              answers: [ref(ctx, 'app.assumptions')],
            },
          ]
        : [],
    rationale: (p) => `The owner counts on an availability set spanning two systems. Availability sets spread VMs over the nodes of one system only; across systems ${p.need}.`,
  },
  targetRule('RTO_NOT_MET', 'rto', 'breached'),
  targetRule('RPO_NOT_MET', 'rpo', 'breached'),
  targetRule('RTO_AT_RISK', 'rto', 'at-risk'),
  targetRule('RPO_AT_RISK', 'rpo', 'at-risk'),
  {
    code: 'NO_POINT_IN_TIME_RECOVERY',
    severity: 'high',
    title: 'No point-in-time copy of stateful data',
    reads: ['app.statefulness', 'app.backup.exists', 'component.protection.*'],
    check: (ctx) => {
      const hits: Hit[] = [];
      if (ctx.facts.statefulness === 'stateful' && ctx.facts.backup.exists === false) {
        // Replication Azure Stack Hub cannot run (storage underneath) is nothing to rely on.
        const relies = replicationCounts(ctx.facts)
          ? 'relies on replication alone'
          : highlyAvailable(ctx.facts.components) === true
            ? 'relies on several instances alone'
            : 'has no backup at all';
        hits.push({ scope: 'vm', params: { subject: 'The application', relies }, answers: [ref(ctx, 'app.statefulness'), ref(ctx, 'app.backup.exists')] });
      }
      for (const c of ctx.facts.components) {
        for (const [source, methods] of Object.entries(c.protection)) {
          const working = workingMethods(methods) ?? [];
          if (!working.includes('replication') || working.some((m) => m === 'in-guest-backup' || m === 'application-backup')) continue;
          hits.push({ scope: 'vm', componentId: c.id, params: { subject: `${c.name} (${sourceName(source)})`, relies: 'relies on replication alone' }, answers: [c.reader.ref(`component.protection.${source}`)] });
        }
      }
      return hits;
    },
    rationale: (p) =>
      `${p.subject} keeps state but ${p.relies}. Replicas and sibling instances receive corruption and accidental deletions as faithfully as good data; only a backup can go back to a moment before the damage.`,
  },
  {
    code: 'BACKUP_NOT_APPLICATION_CONSISTENT',
    severity: 'high',
    title: 'The backup does not quiesce the application',
    reads: ['app.backup.applicationAware', 'component.dataSources', 'component.role'],
    check: (ctx) => {
      if (ctx.facts.backup.exists !== true || ctx.facts.backup.applicationAware !== false) return [];
      const components = ctx.facts.components;
      const holders = components.filter((c) => c.dataSources?.includes('application') || c.role === 'database');
      if (components.length > 0 && holders.length === 0) return [];
      return [
        {
          scope: 'vm',
          params: { what: holders.length > 0 ? wordList(holders.map((c) => c.name)) : 'The application' },
          answers: [ref(ctx, 'app.backup.applicationAware'), ...holders.map((c) => c.reader.ref('component.dataSources'))],
        },
      ];
    },
    rationale: (p) =>
      `${p.what} holds application data, but the backup copies it without pausing writes (VSS or the application's own backup interface). A database copied mid-write may not start after a restore.`,
  },
  {
    code: 'DATA_SOURCE_UNPROTECTED',
    severity: 'high',
    title: 'Data that needs protecting has no method',
    reads: ['component.dataSources', 'component.protection.*'],
    check: (ctx) =>
      ctx.facts.components.flatMap((c) =>
        Object.entries(c.protection)
          .filter(([, methods]) => methods !== undefined && workingMethods(methods)!.length === 0)
          .map(([source, methods]) => {
            const impossible = (methods ?? []).filter((m) => UNSUPPORTED_PROTECTION.has(m));
            return {
              scope: 'vm' as const,
              componentId: c.id,
              params: {
                component: c.name,
                source: sourceName(source),
                how: impossible.length > 0 ? `it is protected only by ${impossible.map(methodName).join(' and ')}, which Azure Stack Hub does not allow` : 'nothing protects it yet',
              },
              answers: [c.reader.ref('component.dataSources'), c.reader.ref(`component.protection.${source}`)],
            };
          }),
      ),
    rationale: (p) => `${p.component} has data to protect (${p.source}), and ${p.how}.`,
  },
  {
    code: 'BACKUP_COPY_IN_SAME_IMPACT_RADIUS',
    severity: 'high',
    title: 'Backup copies are lost with what they protect',
    reads: ['app.backup.copyLocation', 'app.impactRadius'],
    check: (ctx) => {
      const locations = ctx.facts.backup.copyLocations;
      if (backupCounts(ctx.facts) !== true || !locations || locations.length === 0) return [];
      // Only copies known to be lost: where the answers cannot say (offline media, another site in a region loss), the scope says so instead.
      const caught = required(ctx, ELSEWHERE_SCOPES).find((scope) => locations.every((l) => copySurvives(l, scope, ctx.facts, ctx.env) === false));
      if (!caught) return [];
      return [{ scope: caught, params: { scope: scopeName(caught), event: SCOPE_LABELS[caught].event }, answers: [ref(ctx, 'app.backup.copyLocation'), ref(ctx, 'app.impactRadius')] }];
    },
    rationale: (p) => `Every backup copy is kept where a ${p.scope} loss reaches it: when ${p.event}, the copies go too.`,
  },
  {
    code: 'AZURE_TARGET_NOT_ALLOWED',
    severity: 'high',
    title: 'Public Azure is planned but not allowed',
    reads: ['app.replication.technology', 'app.backup.copyLocation', 'app.recoversOn.*', 'app.mayRunInAzure', 'app.hostingSystem'],
    check: (ctx) => {
      const facts = ctx.facts;
      const azureRecovery = ELSEWHERE_SCOPES.filter((scope) => facts.recoversOn[scope]?.kind === 'public-azure');
      const uses = [
        // Site Recovery between two Azure Stack Hub systems is not public Azure.
        ...(facts.replication.technology === 'azure-site-recovery' && !siteRecoveryScope(ctx) ? ['Azure Site Recovery'] : []),
        ...(facts.backup.exists === true && facts.backup.copyLocations?.includes('public-azure') ? ['backup copies in public Azure'] : []),
        ...(azureRecovery.length > 0 ? [`recovery in public Azure after ${wordList(azureRecovery.map(scopeName))} loss`] : []),
      ];
      if (uses.length === 0) return [];
      const reasons = azureBarriers(facts);
      if (reasons.length === 0) return [];
      return [
        {
          scope: null,
          params: { uses: uses.join(' and '), reasons: reasons.join(', and ') },
          answers: [
            ref(ctx, 'app.mayRunInAzure'),
            ref(ctx, 'app.hostingSystem'),
            ref(ctx, 'app.replication.technology'),
            ...azureRecovery.map((scope) => ref(ctx, `app.recoversOn.${scope}`)),
          ],
        },
      ];
    },
    rationale: (p) => `The plan uses ${p.uses}, but ${p.reasons}. None of it is counted as a way back.`,
  },
  {
    code: 'DEPENDENCY_RTO_CONFLICT',
    severity: 'medium',
    title: DEPENDENCY_RTO_CONFLICT_TITLE,
    reads: ['app.dependencies'],
    check: (ctx) =>
      ctx.facts.dependencies.flatMap((dependencyId): Hit[] => {
        const dependency = ctx.others.get(dependencyId);
        if (!dependency) return [];
        // Only disruptions that take both applications down at once make their recovery times collide.
        for (const own of ctx.scopes.filter((s) => isElsewhere(s.scope))) {
          const target = own.target.rtoMinutes;
          if (!own.required || target === null) continue;
          const theirs = scopeResult(dependency, own.scope);
          const theirTarget = theirs.target.rtoMinutes;
          const theirBest = theirs.achievable.rto?.bestMinutes;
          // The strongest true reason: it cannot come back, or the later of what it needs and what its target allows.
          const needs = theirBest !== undefined && theirBest > target ? theirBest : null;
          const allowed = theirTarget !== null && theirTarget > target ? theirTarget : null;
          const later =
            theirs.achievable.outcome === 'unrecoverable'
              ? 'which cannot be recovered at all'
              : needs !== null && (allowed === null || needs >= allowed)
                ? `which takes at least ${formatMinutes(needs)} to come back`
                : allowed !== null
                  ? `whose own target allows ${formatMinutes(allowed)}`
                  : null;
          if (!later) continue;
          return [{ scope: own.scope, params: { dependency: dependency.facts.name, event: SCOPE_LABELS[own.scope].event, target: formatMinutes(target), later }, answers: [ref(ctx, 'app.dependencies')] }];
        }
        return [];
      }),
    rationale: (p) => `When ${p.event}, this application must be back within ${p.target}, but it needs ${p.dependency}, ${p.later}.`,
  },
  {
    code: 'DEPENDENCY_CYCLE',
    severity: 'medium',
    title: DEPENDENCY_CYCLE_TITLE,
    reads: ['app.dependencies'],
    check: (ctx) => {
      const members = ctx.cycles.get(ctx.facts.id);
      return members ? [{ scope: null, params: { members: JSON.stringify(members) }, answers: [ref(ctx, 'app.dependencies')] }] : [];
    },
    rationale: (p) => cycleRationale(JSON.parse(p.members!) as string[]),
  },
  {
    code: 'SITE_RECOVERY_DISK_TOO_LARGE',
    severity: 'high',
    title: 'A disk is larger than Site Recovery protects',
    reads: ['app.replication.technology'],
    check: (ctx) => {
      const protectedBy = siteRecoveryScope(ctx);
      if (!protectedBy) return [];
      const limit = capacityFigures(ctx.env.assumptions).siteRecoveryDiskLimitGb;
      const large = ctx.facts.vms.filter((vm) => vm.largestDiskGb !== undefined && vm.largestDiskGb > limit);
      if (large.length === 0) return [];
      return [
        {
          scope: protectedBy.scope,
          params: {
            vms: wordList(large.map((vm) => `${vm.name} (${amount(vm.largestDiskGb!)} GB)`), 6),
            many: large.length === 1 ? '' : 's',
            limit: amount(limit),
            target: protectedBy.system,
          },
          answers: [ref(ctx, 'app.replication.technology')],
        },
      ];
    },
    rationale: (p) =>
      `Site Recovery between Azure Stack Hub systems replicates every disk of a VM and protects none larger than ${p.limit} GB, but ${p.vms} ${p.many ? 'have' : 'has'} a larger disk. ` +
      `Such a VM cannot be protected this way, so a failover to ${p.target} would come back without it.`,
  },
  {
    code: 'DR_NOT_TESTED',
    severity: 'medium',
    title: 'Failover has not been tested successfully in the last year',
    reads: ['app.failover.lastTest', 'app.failover.testSucceeded', 'app.failover.testScheme'],
    check: (ctx) => {
      const failover = required(ctx, ELSEWHERE_SCOPES).find((scope) => scopeResult(ctx, scope).scheme === 'replication-failover');
      if (!failover) return [];
      const test = drTestOf(ctx.facts, true);
      if (test.lastTest === undefined) return [];
      const recent = test.lastTest !== NEVER && daysBetween(test.lastTest, ctx.env.asOf) <= 365;
      // A restore or a redeployment says nothing about the failover, whether it worked or not.
      const otherWay = recent && test.scheme !== undefined && test.scheme !== 'replication-failover' ? test.scheme : null;
      // A test whose outcome nobody recorded is evidence neither way: the question stays open, and ANSWERS_INCOMPLETE names it.
      if (recent && !otherWay && ctx.facts.reader.value<boolean>('app.failover.testSucceeded') === undefined) return [];
      const failed = recent && !otherWay && test.succeeded === false;
      if (recent && !failed && !otherWay) return [];
      const when =
        test.lastTest === NEVER
          ? 'has never been tested'
          : failed
            ? `did not work when last tested, on ${test.lastTest}`
            : otherWay
              ? `has not been tested: the test of ${test.lastTest} exercised ${testedWay(otherWay)} instead`
              : `was last tested on ${test.lastTest}`;
      return [
        {
          scope: failover,
          params: {
            when,
            advice: failed
              ? 'A failover that failed its last test cannot be counted on; fix what went wrong and test it again end to end, writing down how long it took.'
              : 'An untested runbook usually fails on the day; test it end to end at least once a year and write down how long it took.',
          },
          answers: [ref(ctx, 'app.failover.lastTest'), ...(failed ? [ref(ctx, 'app.failover.testSucceeded')] : []), ...(otherWay ? [ref(ctx, 'app.failover.testScheme')] : [])],
        },
      ];
    },
    rationale: (p) => `Recovery depends on a failover that ${p.when}. ${p.advice}`,
  },
  ownerAssumptionRule(
    'NODE_FAULT_TOLERANCE_EXCEEDED',
    'multiple-node-failures',
    'A scale unit survives one node failure, not several',
    'node',
    'The owner expects the application to ride out several nodes failing at once. A scale unit tolerates the loss of one node; losing more can take the whole system offline, which is a system-loss scenario.',
  ),
];

/** What a recorded recovery test exercised, in the words of the question's choices: "a restore from backup". */
function testedWay(scheme: string): string {
  const question = findQuestion('app.failover.testScheme');
  const label = question?.type === 'choice' ? question.choices.find((c) => c.value === scheme)?.label : undefined;
  return label ? label.charAt(0).toLowerCase() + label.slice(1) : 'another way of recovering';
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.scope === null ? -1 : scopeIndex(a.scope)) - (b.scope === null ? -1 : scopeIndex(b.scope)) ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
    ((a.componentId ?? '') < (b.componentId ?? '') ? -1 : (a.componentId ?? '') > (b.componentId ?? '') ? 1 : 0) ||
    (a.rationale < b.rationale ? -1 : a.rationale > b.rationale ? 1 : 0)
  );
}
