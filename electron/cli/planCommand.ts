import { CAPACITY_RESOURCES, RESOURCE_LABELS, amount, type SystemCapacity } from '../../shared/rules/capacity';
import { disastersOf, findDisaster, type Disaster } from '../../shared/rules/disasters';
import { formatTarget, todayUtc } from '../../shared/rules/format';
import { COMPLIANCE_WORDS, SCHEME_LABELS } from '../../shared/rules/labels';
import { backWords, disasterTitle } from '../../shared/rules/planWords';
import { recoveryPlans } from '../../shared/rules/plan';
import type { DisasterPlan, RecoveryPlans } from '../../shared/rules/planContract';
import { CwbError } from '../core/errors';
import { exportSource } from '../core/signoff/history';
import { EngagementStore } from '../core/store/engagementStore';
import { isIsoDate } from '../../shared/dates/isoDate';
import { parse, requireFile, UsageError, type Io } from './args';

export const PLAN_USAGE = `  cwb plan FILE [--disaster node:SYSTEM|system:SYSTEM|site:SITE|region:REGION ...] [--as-of YYYY-MM-DD] [--json]
                                                           recovery plans and capacity per disaster (read-only; all disasters when none is named)`;

const CAPACITY_WORDS = { enough: 'enough', short: 'SHORT', unknown: 'unknown' } as const;

function capacityLines(capacity: SystemCapacity): string[] {
  const head = `  ${capacity.name}${capacity.nodeDown ? ' (one node down)' : ''}: ${CAPACITY_WORDS[capacity.status]}${capacity.hardwareProfile ? '' : ' (no hardware profile)'}`;
  const lines = CAPACITY_RESOURCES.map((resource) => {
    const check = capacity[resource];
    const { name, unit } = RESOURCE_LABELS[resource];
    const usable = check.usable === null ? 'not known' : `${amount(check.usable)} ${unit}`;
    const short = check.status === 'short' ? `, ${amount(check.short ?? 0)} short` : check.unknownCount > 0 ? `, ${check.unknownCount} without a size` : '';
    return `    ${name.padEnd(8)} needs ${amount(check.needed)} ${unit} of ${usable}${short}`;
  });
  if (capacity.nodesToCover !== null) lines.push(`    ${capacity.nodesToCover} nodes would carry it`);
  if (capacity.nodesNote) lines.push(`    ${capacity.nodesNote}`);
  return [head, ...lines];
}

/** One disaster in words: the waves, each application's return against its target, capacity, findings. */
export function planText(plan: DisasterPlan): string {
  const lines = [`${disasterTitle(plan.disaster)} (${plan.disaster.key})`, `  ${plan.summary}`];
  for (const wave of plan.waves) {
    lines.push(`  Wave ${wave.number}`);
    for (const app of wave.applications) {
      const target = app.required ? formatTarget(app.targetMinutes) : 'not required';
      const held = app.heldBackBy && app.outcome === 'estimated' ? `, held back by ${app.heldBackBy.name}` : '';
      const where = app.recoversOn ? `, on ${app.recoversOn}` : '';
      lines.push(`    ${app.name}: ${SCHEME_LABELS[app.scheme]}${where}; back ${backWords(app)} (target ${target}: ${COMPLIANCE_WORDS[app.compliance]}${held})`);
    }
  }
  if (plan.cycles.length > 0) lines.push(...plan.cycles.map((cycle) => `  Cycle: ${cycle.join(' ↔ ')}`));
  lines.push('  Capacity:');
  if (plan.capacity.length === 0) lines.push(`  ${plan.capacityNote ?? 'No system survives.'}`);
  for (const capacity of plan.capacity) lines.push(...capacityLines(capacity));
  if (plan.findings.length > 0) lines.push('  Findings:', ...plan.findings.map((f) => `    ${f.severity} ${f.code}: ${f.rationale}`));
  return lines.join('\n');
}

export function plansText(plans: RecoveryPlans): string {
  // Disasters are those of the systems in operation: without one there is nothing to take down yet.
  const none = 'No disaster to plan for: the engagement has no Azure Stack Hub system in operation yet (add one in Setup).';
  return [`Recovery plans as of ${plans.asOf}`, ...(plans.disasters.length === 0 ? [none] : plans.disasters.map(planText))].join('\n\n');
}

/**
 * `cwb plan`: the recovery plan and capacity check of each disaster (or the ones named), from
 * the same assessment as the workbook and the report; a signed engagement as it was signed.
 */
export function planCommand(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    disaster: { type: 'string', multiple: true },
    'as-of': { type: 'string' },
    json: { type: 'boolean' },
  });
  const file = requireFile(positionals, 'plan');
  const asOf = values['as-of'] ?? todayUtc();
  if (!isIsoDate(asOf)) throw new UsageError(`--as-of must be a date as YYYY-MM-DD, got "${asOf}".`);
  for (const text of values.disaster ?? []) {
    if (!/^(node|system|site|region):.+$/i.test(text.trim())) throw new UsageError(`--disaster takes node:SYSTEM, system:SYSTEM, site:SITE or region:REGION, got "${text}".`);
  }
  const { view, assessment } = EngagementStore.read(file, (store) => exportSource(store, asOf));
  const all = disastersOf(view);
  let chosen: Disaster[] | undefined;
  if (values.disaster) {
    chosen = values.disaster.map((text) => {
      const found = findDisaster(all, text);
      if ('problem' in found) throw new CwbError('NOT_FOUND', found.problem);
      return found;
    });
  }
  const plans = recoveryPlans(view, assessment, { disasters: chosen });
  io.out(values.json ? JSON.stringify(plans, null, 2) : plansText(plans));
  return 0;
}
