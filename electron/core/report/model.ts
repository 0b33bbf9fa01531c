import { cleanDeep } from '../../../shared/text/safeText';
import { attachmentPlace } from '../../../shared/attachments/place';
import { formatBytes } from '../../../shared/domain/attachment';
import { collectFollowUps, type FollowUp } from '../../../shared/questions/followUps';
import type { Signoff } from '../../../shared/domain/signoff';
import { DISRUPTION_SCOPES, POWER_STATE_LABELS, type Answer, type Application, type DisruptionScope, type EngagementView, type Vm } from '../../../shared/domain/engagement';
import { NO_BRANDING, type Branding } from './branding';
import { answerToText } from '../../../shared/questions/answerText';
import { findQuestion, QUESTIONS, questionsFor } from '../../../shared/questions/catalogue';
import type { ApplicationAssessment, Assessment, Finding, FindingCode, Recommendation, RecommendationCode, ScopeResult, Severity } from '../../../shared/rules/assessment';
import { ASSUMPTION_UNITS, ASSUMPTIONS } from '../../../shared/rules/assumptions';
import { byNameThenId } from '../../../shared/rules/facts';
import { formatRange, formatTarget, scopeLoss } from '../../../shared/rules/format';
import { recoveryPlans } from '../../../shared/rules/plan';
import type { DisasterPlan } from '../../../shared/rules/planContract';
import { notAssessedWhy, PLACE_LABELS, scopeState, STATE_LABELS, type CellState } from '../../../shared/rules/labels';
import type { DiagramFlow, DiagramSite, MatrixRow, MeasureValue, RangeRow } from '../../../shared/report/charts';
import { recordsOf } from '../workbook/interviewSheet';
import { recommendationPlan } from '../workbook/resultSheets';

/**
 * What the report says, worked out once from the view and the assessment; the HTML and the
 * DOCX only lay it out. Numbers come straight from the rules output, so the report, the
 * screen and the workbook agree.
 */

export interface SignOffRecord {
  signers: { signer: string; role: string; organisation: string; date: string; comment: string }[];
  fingerprint: string;
}

/** The sign-off in force as the report prints it; a co-signer gets a block of their own. */
export function signOffRecordOf(signoff: Signoff | null): SignOffRecord | null {
  if (!signoff) return null;
  return {
    signers: signoff.signers.map((s) => ({ signer: s.name, role: s.role, organisation: s.organisation, date: s.signedAt.slice(0, 10), comment: s.comment })),
    fingerprint: signoff.fingerprint,
  };
}

export interface VmLine {
  name: string;
  os: string;
  vcpu: string;
  memoryGb: string;
  provisionedGb: string;
  powerState: string;
  host: string;
}

export interface ReportOptions {
  /** Who prepared it, and the logos for the cover; none by default. */
  branding?: Branding;
  /** When the report was generated (ISO-8601); defaults to now. */
  generatedAt?: string;
  appVersion?: string;
  /** A recorded sign-off, printed on the sign-off page in place of blank lines; by default the view's sign-off in force. */
  signOff?: SignOffRecord | null;
}

export const EFFORT_LABELS: Record<Recommendation['effort'], string> = { low: 'Low', medium: 'Medium', high: 'High' };

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

export interface Decision {
  title: string;
  detail: string;
  applications: string[];
}

/**
 * The decisions a board takes, one per kind of finding that calls for one; the order puts the
 * costly, long-lead ones first.
 */
const DECISIONS: Partial<Record<FindingCode, { title: string; detail: string }>> = {
  SITE_LOSS_NEEDS_SECOND_SYSTEM: {
    title: 'Provide a second Azure Stack Hub system in another location (or allow public Azure)',
    detail: 'Without a system already running elsewhere, recovering from the loss of a system, site or region waits for new hardware to be ordered, delivered and deployed: weeks.',
  },
  SECONDARY_IN_SAME_IMPACT_RADIUS: {
    title: 'Move recovery out of the impact radius',
    detail: 'The system these applications would recover on is hit by the same disaster; recovery must be planned on a system far enough away.',
  },
  ZERO_RPO_ACROSS_SITES_UNSUPPORTED: {
    title: 'Agree what zero data loss across sites really takes',
    detail: 'The platform offers no synchronous storage replication between sites: either the application replicates synchronously itself, or the target is reset with the business.',
  },
  BACKUP_COPY_IN_SAME_IMPACT_RADIUS: {
    title: 'Keep backup copies away from what they protect',
    detail: 'Backups that live on the same system or site are lost together with it.',
  },
  NO_POINT_IN_TIME_RECOVERY: {
    title: 'Add point-in-time copies to replicated data',
    detail: 'Replication and high availability copy corruption and deletion as faithfully as good data; only a backup brings back yesterday.',
  },
  DR_NOT_TESTED: {
    title: 'Test failover at least once a year',
    detail: 'An untested failover is a plan, not a capability.',
  },
};

const MISCONCEPTIONS: FindingCode[] = ['STRETCHED_SCALE_UNIT_UNSUPPORTED', 'INFRASTRUCTURE_PROTECTION_UNSUPPORTED', 'AVAILABILITY_SET_ACROSS_SYSTEMS', 'NODE_FAULT_TOLERANCE_EXCEEDED', 'CROSS_SYSTEM_LOAD_BALANCER_NOT_EXTERNAL'];

export type RoadmapGroupKey = 'quick-wins' | 'backup' | 'availability' | 'second-system';

export const ROADMAP_GROUPS: { key: RoadmapGroupKey; title: string; intro: string }[] = [
  { key: 'quick-wins', title: 'Quick wins', intro: 'Little effort, often decisions and conversations rather than projects: do these first.' },
  { key: 'backup', title: 'Backup changes', intro: 'Changes to what is backed up inside the guests, how often, how consistently and where the copies are kept.' },
  { key: 'availability', title: 'Replication and availability', intro: 'Replication in the application, more instances behind a load balancer, and tested failover.' },
  { key: 'second-system', title: 'A second system', intro: 'A recovery place outside the impact radius: the longest lead time and the largest budget.' },
];

const GROUP_OF_CODE: Record<RecommendationCode, RoadmapGroupKey> = {
  DEPLOY_SECOND_SYSTEM: 'second-system',
  MOVE_RECOVERY_OUT_OF_RADIUS: 'second-system',
  SYNCHRONOUS_APPLICATION_REPLICATION: 'availability',
  PLAN_IN_GUEST_PROTECTION: 'quick-wins',
  ADD_INSTANCES_IN_AVAILABILITY_SET: 'availability',
  ADD_LOAD_BALANCER: 'availability',
  MOVE_LOAD_BALANCER_OUTSIDE: 'availability',
  ADD_APPLICATION_REPLICATION: 'availability',
  RUN_ACTIVE_ACTIVE: 'availability',
  SHORTEN_BACKUP_INTERVAL: 'backup',
  ADD_BACKUP: 'backup',
  MAKE_BACKUP_APPLICATION_AWARE: 'backup',
  PROTECT_DATA_SOURCE: 'backup',
  COPY_BACKUPS_ELSEWHERE: 'backup',
  RESOLVE_AZURE_TARGET: 'quick-wins',
  ALIGN_DEPENDENCY_TARGETS: 'quick-wins',
  TEST_FAILOVER: 'availability',
  AGREE_TARGETS: 'quick-wins',
  COMPLETE_ANSWERS: 'quick-wins',
  BREAK_DEPENDENCY_CYCLE: 'quick-wins',
  FIT_DISKS_TO_SITE_RECOVERY: 'availability',
};

/** A low-effort change is a quick win whatever its kind, except a new system, which never is. */
export function roadmapGroup(recommendation: Recommendation): RoadmapGroupKey {
  const group = GROUP_OF_CODE[recommendation.code];
  return recommendation.effort === 'low' && group !== 'second-system' ? 'quick-wins' : group;
}

export interface RoadmapItem {
  priority: number;
  application: string;
  action: string;
  effort: Recommendation['effort'];
  resolves: FindingCode[];
  outcome: string;
}

export interface ScopeRow {
  scope: DisruptionScope;
  result: ScopeResult;
  state: CellState;
  scheme: string;
  recovery: string;
  targetRto: string;
  targetRpo: string;
  achievableRto: string;
  achievableRpo: string;
}

export interface ApplicationSection {
  assessment: ApplicationAssessment;
  application: Application;
  facts: [string, string][];
  scopes: ScopeRow[];
  chartRows: RangeRow[];
  findings: (Finding & { component: string })[];
}

export interface AnswerLine {
  subject: string;
  question: string;
  answer: string;
  note: string;
}

export interface ReportModel {
  customer: string;
  title: string;
  generatedOn: string;
  asOf: string;
  status: string;
  versions: string;
  participants: { consultants: string; workshopDates: string; owners: string[]; answeredBy: string[] };
  scopeNotes: string;
  questionCounts: { application: number; component: number; answers: number; unknown: number };
  scopeSummary: ScopeSummaryRow[];
  /** Applications judged by the rules (assessed, or in progress: `inProgress` of them), and those that are not. */
  portfolio: { total: number; judged: number; inProgress: number };
  notAssessed: { application: string; runsOn: string; vms: number }[];
  outOfScope: { application: string; reason: string }[];
  decisions: Decision[];
  topRisks: { application: string; severity: Severity; title: string; scope: string; rationale: string }[];
  assumptions: { label: string; unit: string; best: number; worst: number; changed: boolean; help: string }[];
  sites: DiagramSite[];
  flows: DiagramFlow[];
  /** Applications the diagram cannot place: their hosting system is not known or not recorded. */
  unplaced: string[];
  distanceLabel: string | null;
  siteRows: { site: string; location: string; tier: string; systems: string }[];
  recoveryRows: { application: string; runsOn: string; system: string; site: string; region: string }[];
  matrix: MatrixRow[];
  portfolioRanges: { scope: DisruptionScope; rows: RangeRow[] }[];
  /** The recovery plan of each disaster at least one application must survive. */
  recoveryPlans: DisasterPlan[];
  applications: ApplicationSection[];
  roadmap: { key: RoadmapGroupKey; title: string; intro: string; items: RoadmapItem[] }[];
  followUps: FollowUp[];
  answers: { application: string; lines: AnswerLine[] }[];
  /** The attached evidence, each file with its SHA-256 so a copy can be checked against the report. */
  evidence: { file: string; belongsTo: string; size: string; sha256: string; attached: string }[];
  signOff: SignOffRecord | null;
  signedOff: boolean;
  findingCount: number;
  branding: Branding;
  /** The VM appendix: per application (by name), then the VMs that belong to none. */
  vms: { application: string; lines: VmLine[] }[];
  vmCount: number;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function answerText(view: EngagementView, answer: Answer | undefined): string {
  if (!answer) return 'Not answered';
  const question = findQuestion(answer.questionId);
  const state = answer.state;
  if (state.status === 'unknown') {
    const who = state.followUpWith ? ` — follow up with ${state.followUpWith}` : '';
    return `Unknown${who}${state.followUpBy ? ` by ${state.followUpBy}` : ''}`;
  }
  if (state.status === 'not-applicable') return `Not applicable${state.reason ? ` — ${state.reason}` : ''}`;
  return question ? String(answerToText(question, state.value, recordsOf(view))) : String(state.value);
}

function measure(result: ScopeResult, which: 'rto' | 'rpo'): MeasureValue {
  return {
    target: which === 'rto' ? result.target.rtoMinutes : result.target.rpoMinutes,
    achievable: which === 'rto' ? result.achievable.rto : result.achievable.rpo,
    outcome: result.achievable.outcome,
    state: which === 'rto' ? result.rtoCompliance : result.rpoCompliance,
  };
}

export interface ScopeSummaryRow {
  scope: DisruptionScope;
  /** Judged applications that must survive the scope. */
  required: number;
  met: number;
  atRisk: number;
  breached: number;
  unknown: number;
  notRequired: number;
  notAssessed: number;
  sentence: string;
}

export const MATRIX_INTRO =
  `Each cell says whether the application meets both its recovery-time and its data-loss target for that disruption: met, met only in the best case (at risk), missed even in the best case (breached), or not known yet. “Not required” means the owner does not ask the application to survive it; “Not assessed” means ${notAssessedWhy('it')}.`;

/** Said above the list of applications not assessed, in the HTML and the Word report alike. */
export const NOT_ASSESSED_PARAGRAPH = `${notAssessedWhy('these applications').replace(/^./, (c) => c.toUpperCase())}, so the rules judge nothing about them: they are not “not required”, they are not known. Interview their owners before relying on this report.`;

export const BARS_CAPTION =
  'Applications per disruption scope: meeting their targets, meeting them only in the best case, missing them, not known yet, not required to survive that disruption, or not assessed.';

/** The columns of the executive summary's table, the same in every format. */
export const SUMMARY_STATES = ['met', 'at-risk', 'breached', 'unknown', 'not-assessed'] as const satisfies readonly CellState[];
export const SUMMARY_HEADERS = ['Disruption', 'Must survive it', ...SUMMARY_STATES.map((state) => `${STATE_LABELS[state].symbol} ${STATE_LABELS[state].text}`), 'In words'];

export function summaryCounts(row: ScopeSummaryRow): number[] {
  return [row.met, row.atRisk, row.breached, row.unknown, row.notAssessed];
}

function scopeSentence(scope: DisruptionScope, c: Omit<ScopeSummaryRow, 'sentence' | 'scope'>): string {
  const pending = c.notAssessed ? `${plural(c.notAssessed, 'application')} ${c.notAssessed === 1 ? 'is' : 'are'} not assessed yet` : '';
  if (c.required === 0) {
    return c.notAssessed ? `None of the applications reviewed so far has to survive ${scopeLoss(scope)}; ${pending}.` : `No application has to survive ${scopeLoss(scope)}.`;
  }
  if (c.required === 1) {
    const verdict = c.met ? 'meets its targets' : c.atRisk ? 'meets its targets only in the best case' : c.breached ? 'does not meet its targets' : 'may or may not meet its targets: it is not known yet';
    return `The one application that must survive ${scopeLoss(scope)} ${verdict}${pending ? `; ${pending}` : ''}.`;
  }
  const parts = [
    `${c.met} of ${plural(c.required, 'application')} that must survive ${scopeLoss(scope)} meet their targets`,
    c.atRisk ? `${c.atRisk} only in the best case` : '',
    c.breached ? `${c.breached} do not` : '',
    c.unknown ? `for ${c.unknown} it is not known yet` : '',
    pending,
  ];
  return `${parts.filter(Boolean).join('; ')}.`;
}

/** The opening paragraph of the executive summary: what was assessed, and what was not. */
export function executiveLead(m: ReportModel): string {
  const judged = m.portfolio.judged;
  const missing = m.applications.filter((a) => a.scopes.some((s) => s.state === 'breached')).length;
  const risky = m.applications.filter((a) => !a.scopes.some((s) => s.state === 'breached') && a.scopes.some((s) => s.state === 'at-risk')).length;
  if (judged === 0 && m.notAssessed.length > 0) {
    return `None of the ${plural(m.portfolio.total, 'application')} of ${m.customer} is assessed yet, as of ${m.asOf}: ${notAssessedWhy(m.notAssessed.length === 1 ? 'it' : 'them')}, so this report says nothing about ${m.notAssessed.length === 1 ? 'its' : 'their'} recovery.`;
  }
  // "Assessed" and "in progress" mean here what they mean on every other surface: every question asked, or some still open.
  const { inProgress } = m.portfolio;
  const states = inProgress === 0 ? 'every one of them assessed' : `${judged - inProgress} assessed and ${inProgress} in progress, with questions still open`;
  const parts = [
    `We reviewed ${plural(judged, 'application')} of ${m.customer} against the recovery targets agreed for each of them, as of ${m.asOf}: ${states}.`,
    judged === 0
      ? ''
      : missing === 0 && risky === 0
        ? 'None misses a target it must meet.'
        : `${missing === 0 ? 'None' : missing} of them ${missing === 1 ? 'misses' : 'miss'} at least one target even in the best case${risky ? `, and ${risky} more meet${risky === 1 ? 's' : ''} one only in the best case` : ''}; the assessment raised ${plural(m.findingCount, 'finding')}.`,
    m.notAssessed.length
      ? `${plural(m.notAssessed.length, 'application')} ${m.notAssessed.length === 1 ? 'is' : 'are'} not assessed yet: ${notAssessedWhy(m.notAssessed.length === 1 ? 'it' : 'them')}, so this report says nothing about ${m.notAssessed.length === 1 ? 'its' : 'their'} recovery.`
      : '',
    m.outOfScope.length ? `${plural(m.outOfScope.length, 'application')} ${m.outOfScope.length === 1 ? 'was' : 'were'} left out of scope by agreement.` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

function achievableText(result: ScopeResult, which: 'rto' | 'rpo'): string {
  if (result.achievable.outcome === 'unrecoverable') return 'cannot recover';
  if (result.achievable.outcome === 'unknown') return 'not known yet';
  return formatRange(which === 'rto' ? result.achievable.rto : result.achievable.rpo);
}

function systemName(view: EngagementView, id: string | null): string {
  return view.systems.find((s) => s.id === id)?.name ?? '';
}

function recoveryText(view: EngagementView, result: ScopeResult): string {
  const system = systemName(view, result.recoverySystemId);
  const place =
    result.recoveryPlace === 'other-system' && system
      ? `on ${system}`
      : result.recoveryPlace === 'same-system' && system
        ? `on ${system} (the same system)`
        : PLACE_LABELS[result.recoveryPlace];
  return result.recoveryAssumed ? `${place}, assumed` : place;
}

export function buildReportModel(engagement: EngagementView, assessed: Assessment, given: ReportOptions = {}): ReportModel {
  // The HTML, PDF and Word reports all start here: text an older file may hold that no document can carry is made safe once.
  const { view, assessment, options } = cleanDeep({ view: engagement, assessment: assessed, options: given });
  const generatedAt = options.generatedAt ?? new Date().toISOString();
  const appsById = new Map(view.applications.map((a) => [a.id, a]));
  const summary = assessment.summary;

  const scopeSummary: ScopeSummaryRow[] = DISRUPTION_SCOPES.map((scope) => {
    const c = summary.complianceByScope[scope];
    const counts = { required: c.met + c.atRisk + c.breached + c.unknown, met: c.met, atRisk: c.atRisk, breached: c.breached, unknown: c.unknown, notRequired: c.notRequired, notAssessed: c.notAssessed };
    return { scope, ...counts, sentence: scopeSentence(scope, counts) };
  });
  const judged = assessment.applications.filter((a) => a.assessment === 'assessed' || a.assessment === 'in-progress');
  const vmCount = (applicationId: string) => view.vms.filter((vm) => vm.applicationId === applicationId).length;
  const notAssessed = assessment.applications
    .filter((a) => a.assessment === 'not-assessed')
    .map((a) => ({ application: a.name, runsOn: systemName(view, a.hostingSystemId) || 'not known', vms: vmCount(a.applicationId) }));
  const outOfScope = assessment.applications.filter((a) => a.assessment === 'out-of-scope').map((a) => ({ application: a.name, reason: a.outOfScopeReason ?? '' }));

  const decisions: Decision[] = [];
  const appsWith = (codes: FindingCode[]) =>
    judged.filter((a) => a.findings.some((f) => codes.includes(f.code))).map((a) => a.name);
  if (summary.secondSystem.needed) {
    const base = DECISIONS.SITE_LOSS_NEEDS_SECOND_SYSTEM!;
    decisions.push({ ...base, applications: summary.secondSystem.applications.map((a) => a.name) });
  }
  for (const code of Object.keys(DECISIONS) as FindingCode[]) {
    if (code === 'SITE_LOSS_NEEDS_SECOND_SYSTEM') continue;
    const applications = appsWith([code]);
    if (applications.length > 0) decisions.push({ ...DECISIONS[code]!, applications });
  }
  const misconceived = appsWith(MISCONCEPTIONS);
  if (misconceived.length > 0) {
    decisions.push({
      title: 'Correct plans that rest on what the platform cannot do',
      detail: 'Some owners count on host-level backup, storage replication, a stretched scale unit, availability sets across systems or several simultaneous node failures. None of these exists on Azure Stack Hub; protection must be designed inside the guest and the application.',
      applications: misconceived,
    });
  }

  const allFindings = judged.flatMap((a) => a.findings.map((f) => ({ app: a.name, f })));
  const seen = new Set<string>();
  const topRisks = allFindings
    .filter(({ f }) => f.severity === 'critical' || f.severity === 'high')
    .sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || (a.app < b.app ? -1 : a.app > b.app ? 1 : 0))
    .filter(({ app, f }) => {
      const key = `${app}|${f.scope ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, 6)
    .map(({ app, f }) => ({ application: app, severity: f.severity, title: f.title, scope: f.scope ? scopeLoss(f.scope) : 'all scopes', rationale: f.rationale }));

  const used = assessment.assumptions;
  const assumptions = ASSUMPTIONS.map((a) => ({
    label: a.label,
    unit: ASSUMPTION_UNITS[a.unit].label,
    best: used[a.key].best,
    worst: used[a.key].worst,
    changed: used[a.key].best !== a.defaults.best || used[a.key].worst !== a.defaults.worst,
    help: a.help,
  }));

  // Sites, systems and where applications recover to when their system or site is lost.
  const applicationsOn = (systemId: string) =>
    assessment.applications.filter((a) => a.hostingSystemId === systemId).map((a) => {
      // The largest disruption it must survive among site and system loss decides the arrow.
      const shown = (['site', 'system'] as const).map((scope) => a.scopes.find((r) => r.scope === scope)!).find((r) => r.compliance !== 'not-required');
      const target = !shown
        ? ''
        : shown.recoveryPlace === 'other-system'
          ? systemName(view, shown.recoverySystemId)
          : shown.recoveryPlace === 'public-azure'
            ? 'public Azure'
            : shown.recoveryPlace === 'new-system'
              ? 'a new system'
              : shown.recoveryPlace === 'nowhere'
                ? 'no recovery'
                : '';
      return target ? `${a.name} → ${target}` : a.name;
    });
  const sites: DiagramSite[] = view.sites.map((site) => ({
    name: site.name,
    detail: [site.location, site.datacenterTier === 'unknown' ? '' : site.datacenterTier.replace('tier-', 'Tier '), site.utilityFeeds === null ? '' : plural(site.utilityFeeds, 'utility feed')].filter(Boolean).join(' · '),
    systems: view.systems
      .filter((s) => s.siteId === site.id)
      .map((s) => ({
        id: s.id,
        name: s.name,
        detail: [`${s.nodeCount} nodes · ${s.role} · ${s.state}`, `${s.identityModel}${s.publicAzureAllowed ? ' · public Azure allowed' : ' · no public Azure'}`],
        applications: applicationsOn(s.id),
      })),
  }));
  const flowCounts = new Map<string, Set<string>>();
  for (const app of judged) {
    if (!app.hostingSystemId) continue;
    for (const scope of app.scopes) {
      if (scope.compliance === 'not-required' || (scope.scope !== 'system' && scope.scope !== 'site' && scope.scope !== 'region')) continue;
      const to = scope.recoveryPlace === 'public-azure' ? 'azure' : scope.recoveryPlace === 'new-system' ? 'new-system' : scope.recoveryPlace === 'other-system' ? scope.recoverySystemId : null;
      if (!to || to === app.hostingSystemId) continue;
      const key = `${app.hostingSystemId}|${to}`;
      const set = flowCounts.get(key) ?? new Set<string>();
      set.add(app.applicationId);
      flowCounts.set(key, set);
    }
  }
  const flows: DiagramFlow[] = [...flowCounts.entries()].map(([key, set]) => {
    const [from, to] = key.split('|') as [string, string];
    return { from, to, label: plural(set.size, 'app') };
  });
  const distance = view.siteDistances[0];
  const distanceLabel = view.sites.length === 2 && distance ? `${distance.km} km` : null;
  const siteRows = view.sites.map((site) => ({
    site: site.name,
    location: site.location,
    tier: [site.datacenterTier === 'unknown' ? 'Tier unknown' : site.datacenterTier.replace('tier-', 'Tier '), site.utilityFeeds === null ? '' : plural(site.utilityFeeds, 'utility feed')].filter(Boolean).join(', '),
    systems: view.systems.filter((s) => s.siteId === site.id).map((s) => `${s.name} (${s.nodeCount} nodes, ${s.state}, ${s.role})`).join('; ') || 'none',
  }));
  const recoveryRows = judged.map((a) => {
    const at = (scope: DisruptionScope) => {
      const r = a.scopes.find((s) => s.scope === scope)!;
      return r.compliance === 'not-required' ? `not required (${recoveryText(view, r)})` : recoveryText(view, r);
    };
    return { application: a.name, runsOn: systemName(view, a.hostingSystemId) || 'not known', system: at('system'), site: at('site'), region: at('region') };
  });

  const matrix: MatrixRow[] = assessment.applications.map((a) => ({ label: a.name, states: a.scopes.map((scope) => scopeState(scope, a)) }));
  const portfolioRanges = DISRUPTION_SCOPES.map((scope) => ({
    scope,
    rows: judged
      .map((a) => ({ a, r: a.scopes.find((s) => s.scope === scope)! }))
      .filter(({ r }) => r.compliance !== 'not-required')
      .map(({ a, r }) => ({ label: a.name, rto: measure(r, 'rto'), rpo: measure(r, 'rpo') })),
  })).filter((p) => p.rows.length > 0);

  const vmsByApplication = new Map<string | null, Vm[]>();
  for (const vm of view.vms) vmsByApplication.set(vm.applicationId, [...(vmsByApplication.get(vm.applicationId) ?? []), vm]);
  const vms = [
    ...[...view.applications].sort(byNameThenId).map((app) => ({ application: app.name, lines: (vmsByApplication.get(app.id) ?? []).map(vmLine) })),
    { application: 'No application', lines: (vmsByApplication.get(null) ?? []).map(vmLine) },
  ].filter((group) => group.lines.length > 0);

  // Applications nobody has answered for, or left out, are listed once in the executive summary, not given empty sections.
  const applications: ApplicationSection[] = judged.map((assessed) => {
    const application = appsById.get(assessed.applicationId)!;
    const answer = (id: string) => answerText(view, application.answers[id]);
    const components = application.components.map((c) => c.name).join(', ');
    const facts: [string, string][] = [
      ['Owner', answer('app.owner')],
      ['Criticality', answer('app.criticality')],
      ['Policy', assessed.policy?.name ?? 'none'],
      ['State', assessed.statefulness === 'unknown' ? 'Not known yet' : assessed.statefulness === 'stateful' ? 'Stateful' : 'Stateless'],
      ['Runs on', systemName(view, assessed.hostingSystemId) || 'Not known yet'],
      ['Must survive', answer('app.impactRadius')],
      ['Components', components || 'none recorded'],
      ['VMs', vmCountText(vmsByApplication.get(application.id)?.length ?? 0)],
      ['Confidence', `${assessed.confidence.level[0]!.toUpperCase()}${assessed.confidence.level.slice(1)} (${plural(assessed.confidence.answersUsed, 'answer')} used, ${plural(assessed.confidence.gaps.length, 'gap')})`],
    ];
    const scopes: ScopeRow[] = assessed.scopes.map((r) => ({
      scope: r.scope,
      result: r,
      state: scopeState(r, assessed),
      scheme: r.scheme,
      recovery: recoveryText(view, r),
      targetRto: formatTarget(r.target.rtoMinutes, r.target.rtoSource),
      targetRpo: formatTarget(r.target.rpoMinutes, r.target.rpoSource),
      achievableRto: achievableText(r, 'rto'),
      achievableRpo: achievableText(r, 'rpo'),
    }));
    const chartRows: RangeRow[] = assessed.scopes.map((r) => ({ label: scopeLoss(r.scope).replace(/^./, (c) => c.toUpperCase()), rto: measure(r, 'rto'), rpo: measure(r, 'rpo') }));
    const findings = [...assessed.findings]
      .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])
      .map((f) => ({ ...f, component: application.components.find((c) => c.id === f.componentId)?.name ?? '' }));
    return { assessment: assessed, application, facts, scopes, chartRows, findings };
  });

  const plan = recommendationPlan(assessment);
  const roadmap = ROADMAP_GROUPS.map((group) => ({
    ...group,
    items: plan
      .filter((row) => roadmapGroup(row.recommendation) === group.key)
      .map((row) => ({
        priority: row.priority,
        application: row.app.name,
        action: row.recommendation.action,
        effort: row.recommendation.effort,
        resolves: row.recommendation.resolves,
        outcome: row.recommendation.outcome,
      })),
  }));

  const followUps = collectFollowUps(view.applications);
  const answers: ReportModel['answers'] = [];
  const sortedApps = [...view.applications].sort(byNameThenId);
  for (const app of sortedApps) {
    const subjects = [{ name: '', answers: app.answers, level: 'application' as const }, ...app.components.map((c) => ({ name: c.name, answers: c.answers, level: 'component' as const }))];
    const lines: AnswerLine[] = [];
    for (const subject of subjects) {
      for (const question of QUESTIONS.filter((q) => q.level === subject.level)) {
        const given = subject.answers[question.id];
        if (!given) continue;
        lines.push({ subject: subject.name || 'Application', question: question.prompt, answer: answerText(view, given), note: given.note });
      }
    }
    // An application nobody answered for is listed in the executive summary; an empty heading here would say nothing.
    if (lines.length > 0) answers.push({ application: app.name, lines });
  }

  const allAnswers = view.applications.flatMap((a) => [...Object.values(a.answers), ...a.components.flatMap((c) => Object.values(c.answers))]);
  const owners = [...new Set(view.applications.map((a) => a.answers['app.owner']).filter((a) => a?.state.status === 'answered').map((a) => String((a!.state as { value: unknown }).value)))].sort();
  const answeredBy = [...new Set(allAnswers.map((a) => a.answeredBy).filter(Boolean))].sort();

  return {
    customer: view.details.customer,
    title: view.details.title,
    generatedOn: generatedAt.slice(0, 10),
    asOf: assessment.asOf,
    status: view.details.status,
    versions: `Continuity Workbook ${options.appVersion ?? ''}, rules ${assessment.rulesVersion}, question catalogue ${assessment.catalogueVersion}`.replace('Workbook ,', 'Workbook,'),
    participants: { consultants: view.details.consultants, workshopDates: view.details.workshopDates, owners, answeredBy },
    scopeNotes: view.details.scopeNotes,
    questionCounts: {
      application: questionsFor('application').length,
      component: questionsFor('component').length,
      answers: allAnswers.length,
      unknown: allAnswers.filter((a) => a.state.status === 'unknown').length,
    },
    scopeSummary,
    portfolio: { total: assessment.applications.length, judged: judged.length, inProgress: assessment.summary.assessment['in-progress'] },
    notAssessed,
    outOfScope,
    decisions,
    topRisks,
    assumptions,
    sites,
    flows,
    unplaced: assessment.applications.filter((a) => !a.hostingSystemId || !view.systems.some((s) => s.id === a.hostingSystemId)).map((a) => a.name),
    distanceLabel,
    siteRows,
    recoveryRows,
    matrix,
    portfolioRanges,
    recoveryPlans: recoveryPlans(view, assessment).disasters.filter((plan) => plan.mustSurvive),
    applications,
    roadmap,
    followUps,
    answers,
    evidence: view.attachments.map((meta) => {
      const place = attachmentPlace(meta, view.applications);
      return {
        file: meta.name,
        belongsTo: [place.application, place.component, place.question].filter(Boolean).join(' — '),
        size: formatBytes(meta.size),
        sha256: meta.sha256,
        attached: `${meta.attachedBy}, ${meta.attachedAt.slice(0, 10)}`,
      };
    }),
    signOff: options.signOff !== undefined ? options.signOff : signOffRecordOf(view.signoff),
    signedOff: view.details.status === 'signed-off',
    findingCount: judged.reduce((n, a) => n + a.findings.length, 0),
    branding: options.branding ?? NO_BRANDING,
    vms,
    vmCount: view.vms.length,
  };
}

function vmCountText(count: number): string {
  return count === 0 ? 'none recorded' : plural(count, 'VM');
}

const amount = (value: number | null) => (value === null ? '—' : String(Math.round(value * 10) / 10));

function vmLine(vm: Vm): VmLine {
  return { name: vm.name, os: vm.os || '—', vcpu: amount(vm.vcpu), memoryGb: amount(vm.memoryGb), provisionedGb: amount(vm.provisionedGb), powerState: POWER_STATE_LABELS[vm.powerState], host: vm.host || '—' };
}

/** What Azure Stack Hub can and cannot protect, in our words, for the method section of both formats. */
/** Who and what the engagement covered, as label and value, for the "Scope and method" section of every format. */
export function engagementFacts(m: ReportModel): [string, string][] {
  return [
    ['Customer', m.customer],
    ['Engagement', m.title],
    ['Scope', m.scopeNotes || '—'],
    ['Consultants', m.participants.consultants || '—'],
    ['Workshop dates', m.participants.workshopDates || '—'],
    ['Application owners', m.participants.owners.join('; ') || '—'],
    ['Answers recorded by', m.participants.answeredBy.join(', ') || '—'],
  ];
}

/** How the assessment was made, in plain words, the same in every format. */
export function methodParagraphs(m: ReportModel): string[] {
  const q = m.questionCounts;
  return [
    `In workshops with each application owner we went through a fixed questionnaire: ${q.application} questions per application and ${q.component} per component (web tier, database and so on), covering what state the application keeps, how it is protected today, how quickly it must come back and how much data it may lose for each kind of disruption, and which disasters it must survive. ${q.answers} answers were recorded; ${q.unknown} are still open and listed under Follow-ups.`,
    'A rules engine turns the answers into the protection scheme for each disruption scope (from a failed VM up to the loss of a region), estimates the recovery time (RTO) and data loss (RPO) that scheme can achieve as a best-to-worst range, and compares them with the targets. Every gap is a finding with a stable code and the answers it rests on; every recommendation names the findings it resolves. Estimates are sums of the assumptions below, which the consultant agreed with you.',
  ];
}

export const PLATFORM_FACTS: { can: string[]; cannot: string[] } = {
  can: [
    'Keep VMs running through the failure of one host node: a scale unit of 4 to 16 nodes tolerates one node down at a time.',
    'Spread several VMs of a tier over nodes with an availability set, behind a load balancer, so a hardware fault does not stop the service.',
    'Protect data with backup agents inside the guest: whole disks, files and folders, the OS state, and application-aware backups that quiesce the application first.',
    'Copy data to another system with replication done by the guest or the application, for example an asynchronous SQL Server distributed availability group.',
    'Recover on a second Azure Stack Hub system that is already deployed elsewhere, or in public Azure (Azure Site Recovery, Azure Backup) where the application is allowed to run there.',
  ],
  cannot: [
    'Run backup or replication agents on the hosts, take snapshots at host or storage level, or replicate storage underneath the VMs: the appliance is sealed.',
    'Stretch one scale unit over two sites: fault domains exist only per node, and losing half of the nodes stops the whole system.',
    'Survive the loss of the datacenter with one system: that takes a second system (or public Azure) far enough away, and ordering one after the disaster takes weeks.',
    'Offer zero data loss between sites through synchronous storage replication; only an application that replicates synchronously itself can.',
    'Stretch an availability set or an internal load balancer across two systems; across systems the balancer must sit outside both.',
  ],
};

/** How the recovery plans are made, in the report's words; the HTML and the DOCX print the same. */
export const RECOVERY_PLAN_INTRO: readonly string[] = [
  'For each disaster the applications must survive: what it takes down, in which order those applications come back, where and when, best and worst case, against their targets. An application starts once everything it depends on is back; applications that need nothing from each other come back in parallel. Its own recovery time is the estimate of its results; the decision to recover is taken once for the whole disaster, so an application that waits adds only the rest of its own steps.',
  'Applications that depend on each other in a circle have no order: the plan starts them together, after everything else, and says so. An application that would meet its target on its own but misses it waiting for another is marked, naming the one that holds it back.',
  'Capacity: each system that survives must run its own VMs and everything that fails over to it. What it has for tenant VMs is its nodes’ memory less the infrastructure’s share and less a resiliency reserve that keeps a failed node’s VMs restartable (Microsoft’s “Azure Stack Hub capacity planning for compute”); cores are shared at the ratio in the assumptions, which is ours, not Microsoft’s; Site Recovery’s replicas, appliance and services are counted as “Capacity planning using Azure Site Recovery” describes. A system without a hardware profile, or VMs without sizes, leave capacity unknown, never enough. Rebuilding a lost system from its infrastructure backup (“Infrastructure backup”) brings back its own configuration, never a VM or its data, and needs new hardware first.',
];
