import { amount, CAPACITY_RESOURCES, RESOURCE_LABELS, type CapacityResource, type SystemCapacity } from '../../../shared/rules/capacity';
import { formatRange, formatTarget } from '../../../shared/rules/format';
import { SCHEME_LABELS, STATE_LABELS } from '../../../shared/rules/labels';
import type { DisasterPlan, PlanApplication, RecoveryPlans } from '../../../shared/rules/planContract';
import { backWords, disasterTitle, recoversOnWords } from '../../../shared/rules/planWords';
import { STATE_TONES } from './resultSheets';
import { TONES, type Column, type PageContext } from './table';
import type { WorkbookPlan } from './workbookPlan';

/**
 * The recovery plans in two sheets: "Recovery plan", one row per application a disaster takes
 * down, in its wave; and "Capacity", one row per system that must carry something in a disaster.
 * Both from the same plans as the screen and the report (shared/rules/plan.ts).
 */

interface PlanRow {
  plan: DisasterPlan;
  wave: number;
  app: PlanApplication;
}

export function writeRecoveryPlanSheet(workbook: WorkbookPlan, plans: RecoveryPlans, page: PageContext): void {
  const rows: PlanRow[] = plans.disasters.flatMap((plan) => plan.waves.flatMap((wave) => wave.applications.map((app) => ({ plan, wave: wave.number, app }))));
  const findingOf = (r: PlanRow) => r.plan.findings.find((f) => f.code === 'DEPENDENCY_RTO_CONFLICT' && f.applicationIds[0] === r.app.applicationId);
  const columns: Column<PlanRow>[] = [
    { header: 'Disaster', width: 26, value: (r) => disasterTitle(r.plan.disaster), wrap: true },
    { header: 'Must survive it', width: 10, value: (r) => (r.plan.mustSurvive ? 'Yes' : 'No') },
    { header: 'Wave', width: 7, value: (r) => r.wave, align: 'center' },
    { header: 'Application', width: 24, value: (r) => r.app.name, wrap: true },
    { header: 'Scheme', width: 18, value: (r) => SCHEME_LABELS[r.app.scheme], wrap: true },
    { header: 'Comes back on', width: 16, value: (r) => recoversOnWords(r.app), wrap: true },
    { header: 'Waits for', width: 22, value: (r) => r.app.waitsFor.map((w) => w.name).join('\n'), wrap: true },
    { header: 'Back after', width: 21, value: (r) => backWords(r.app), wrap: true },
    { header: 'Target', width: 11, value: (r) => (r.app.required ? formatTarget(r.app.targetMinutes) : 'not required') },
    {
      header: 'Result',
      width: 13,
      value: (r) => `${STATE_LABELS[r.app.compliance].symbol} ${STATE_LABELS[r.app.compliance].text}`,
      tone: (r) => STATE_TONES[r.app.compliance],
    },
    { header: 'On its own', width: 20, value: (r) => (r.app.own ? formatRange(r.app.own) : ''), wrap: true },
    { header: 'Held back by', width: 18, value: (r) => (findingOf(r) ? r.app.heldBackBy?.name ?? '' : ''), wrap: true, tone: (r) => (findingOf(r) ? TONES.atRisk : null) },
    { header: 'Steps', width: 60, value: (r) => r.app.steps.map((s, i) => `${i + 1}. ${s.text}${s.minutes ? ` (${formatRange(s.minutes)})` : ''}`).join('\n'), wrap: true },
    { header: 'Notes', width: 50, value: (r) => [findingOf(r)?.rationale, ...r.app.notes].filter(Boolean).join('\n'), wrap: true },
  ];
  workbook.addTable('Recovery plan', columns, rows, { definedName: 'RecoveryPlanTable', page, wide: true });
}

interface CapacityRow {
  plan: DisasterPlan | null;
  capacity: SystemCapacity;
}

const STATUS_TONES = { enough: TONES.met, short: TONES.breached, unknown: TONES.unknown } as const;
const STATUS_WORDS = { enough: '✓ Enough', short: '✕ Short', unknown: '? Not known' } as const;

function resourceColumns(resource: CapacityResource): Column<CapacityRow>[] {
  const { name, unit } = RESOURCE_LABELS[resource];
  const check = (r: CapacityRow) => r.capacity[resource];
  return [
    { header: `${name} needs (${unit})`, width: 12, value: (r) => check(r).needed, numFmt: '#,##0.#' },
    { header: `${name} has (${unit})`, width: 12, value: (r) => check(r).usable, numFmt: '#,##0.#' },
    {
      header: `${name} short (${unit})`,
      width: 12,
      value: (r) => (check(r).status === 'unknown' ? '?' : check(r).short),
      numFmt: '#,##0.#',
      tone: (r) => STATUS_TONES[check(r).status],
    },
  ];
}

export function writeCapacitySheet(workbook: WorkbookPlan, plans: RecoveryPlans, page: PageContext): void {
  const rows: CapacityRow[] = [
    ...plans.today.map((capacity) => ({ plan: null, capacity })),
    ...plans.disasters.flatMap((plan) => plan.capacity.map((capacity) => ({ plan, capacity }))),
  ];
  const finding = (r: CapacityRow) => r.plan?.findings.find((f) => f.systemId === r.capacity.systemId && (f.code === 'RECOVERY_CAPACITY_SHORT' || f.code === 'NODE_LOSS_RESERVE_SHORT'));
  const columns: Column<CapacityRow>[] = [
    { header: 'Disaster', width: 24, value: (r) => (r.plan ? disasterTitle(r.plan.disaster) : 'None: normal operation'), wrap: true },
    { header: 'System', width: 14, value: (r) => r.capacity.name },
    // Left-aligned like the words beside them: a count right-aligned ran into the hardware profile's name.
    { header: 'Nodes', width: 9, value: (r) => (r.capacity.nodeDown ? `${r.capacity.nodes}, one down` : r.capacity.nodes), wrap: true, align: 'left' },
    { header: 'Hardware profile', width: 16, value: (r) => r.capacity.hardwareProfile ?? 'not set', wrap: true },
    { header: 'Result', width: 12, value: (r) => STATUS_WORDS[r.capacity.status], tone: (r) => STATUS_TONES[r.capacity.status] },
    ...CAPACITY_RESOURCES.flatMap(resourceColumns),
    { header: 'Nodes that carry it', width: 14, value: (r) => r.capacity.nodesToCover ?? r.capacity.nodesNote ?? '', wrap: true, align: 'left' },
    { header: 'Finding', width: 50, value: (r) => finding(r)?.rationale ?? '', wrap: true, tone: (r) => (finding(r) ? TONES[finding(r)!.severity] : null) },
    {
      header: 'What it must carry',
      width: 46,
      value: (r) => r.capacity.demand.map((d) => `${d.label}: ${amount(d.memoryGb)} GB, ${amount(d.vcpu)} vCPU, ${amount(d.storageGb)} GB storage, ${amount(d.vms)} VMs`).join('\n'),
      wrap: true,
    },
    {
      header: 'How the usable figures are worked out',
      width: 70,
      value: (r) => CAPACITY_RESOURCES.map((resource) => `${RESOURCE_LABELS[resource].name}: ${r.capacity[resource].working}`).join('\n'),
      wrap: true,
    },
    {
      header: 'Without a size',
      width: 30,
      value: (r) => [...new Set(CAPACITY_RESOURCES.flatMap((resource) => r.capacity[resource].unknownNames))].join('\n'),
      wrap: true,
    },
  ];
  workbook.addTable('Capacity', columns, rows, { definedName: 'CapacityTable', page, wide: true });
}
