import { collectFollowUps, type FollowUp } from '../../../shared/questions/followUps';
import { DISRUPTION_SCOPES, type Application, type EngagementView } from '../../../shared/domain/engagement';
import { answerToText } from '../../../shared/questions/answerText';
import { currentValue, DATA_SOURCES, findQuestion } from '../../../shared/questions/catalogue';
import { workingMethods } from '../../../shared/rules/estimate';
import { FINDING_CODES, type AnswerRef, type ApplicationAssessment, type Assessment, type Finding, type Recommendation, type ScopeResult } from '../../../shared/rules/assessment';
import { ASSUMPTION_UNITS, ASSUMPTIONS } from '../../../shared/rules/assumptions';
import { formatRange, formatTarget } from '../../../shared/rules/format';
import { findingTitle } from '../../../shared/rules/engine';
import {
  ASSESSMENT_LABELS,
  COMPLIANCE_WORDS,
  CONFIDENCE_LABELS,
  notAssessedWhy,
  SCHEME_LABELS,
  scopeState,
  scopeTitle,
  SEVERITY_LABELS,
  STATE_LABELS,
  type CellState,
} from '../../../shared/rules/labels';
import { recordsOf } from './interviewSheet';
import { TONES, type Column, type PageContext, type Tone } from './table';
import type { WorkbookPlan } from './workbookPlan';

/** The sheets that present the assessment: one table each, all from the same rules output as the screen. */

export const STATE_TONES: Record<CellState, Tone> = {
  met: TONES.met,
  'at-risk': TONES.atRisk,
  breached: TONES.breached,
  unknown: TONES.unknown,
  'not-required': TONES.notRequired,
  'not-assessed': TONES.notAssessed,
  'out-of-scope': TONES.outOfScope,
};

export interface SheetContext {
  view: EngagementView;
  assessment: Assessment;
  page: PageContext;
  applicationsById: ReadonlyMap<string, Application>;
}

function answerValue(ctx: SheetContext, app: Application, questionId: string): string {
  const question = findQuestion(questionId);
  const state = app.answers[questionId]?.state;
  if (!question || !state) return '';
  if (state.status === 'unknown') return 'Unknown';
  if (state.status === 'not-applicable') return 'Not applicable';
  return String(answerToText(question, state.value, recordsOf(ctx.view)));
}

function componentName(ctx: SheetContext, applicationId: string, componentId: string | null): string {
  if (!componentId) return '';
  return ctx.applicationsById.get(applicationId)?.components.find((c) => c.id === componentId)?.name ?? '';
}

function scopeColumn(scope: (typeof DISRUPTION_SCOPES)[number]): Column<ApplicationAssessment> {
  const result = (a: ApplicationAssessment): ScopeResult => a.scopes.find((s) => s.scope === scope)!;
  return {
    header: scopeTitle(scope),
    width: 30,
    wrap: true,
    value: (a) => {
      const r = result(a);
      const cell = scopeState(r, a);
      const state = STATE_LABELS[cell];
      if (cell === 'not-assessed') return `${state.symbol} ${state.text}: ${notAssessedWhy('it')}`;
      if (cell === 'out-of-scope') return `${state.symbol} ${state.text}: ${a.outOfScopeReason ?? ''}`;
      const can = (range: ScopeResult['achievable']['rto']) =>
        r.achievable.outcome === 'unrecoverable' ? 'cannot recover' : r.achievable.outcome === 'unknown' ? 'not known yet' : `can do ${formatRange(range)}`;
      const would = r.complianceIfAssumed ? ` (would be ${COMPLIANCE_WORDS[r.complianceIfAssumed]})` : '';
      return [
        `${state.symbol} ${state.text}${would} — ${SCHEME_LABELS[r.scheme]}`,
        `RTO ${formatTarget(r.target.rtoMinutes, r.target.rtoSource)}; ${can(r.achievable.rto)}`,
        `RPO ${formatTarget(r.target.rpoMinutes, r.target.rpoSource)}; ${can(r.achievable.rpo)}`,
      ].join('\n');
    },
    tone: (a) => STATE_TONES[scopeState(result(a), a)],
  };
}

export function writeApplicationsSheet(workbook: WorkbookPlan, ctx: SheetContext): void {
  const app = (a: ApplicationAssessment) => ctx.applicationsById.get(a.applicationId)!;
  const columns: Column<ApplicationAssessment>[] = [
    { header: 'Application', width: 22, value: (a) => a.name, wrap: true },
    {
      header: 'Assessment',
      width: 13,
      value: (a) => ASSESSMENT_LABELS[a.assessment],
      tone: (a) => (a.assessment === 'not-assessed' ? TONES.notAssessed : a.assessment === 'out-of-scope' ? TONES.outOfScope : null),
    },
    { header: 'Owner', width: 18, value: (a) => answerValue(ctx, app(a), 'app.owner'), wrap: true },
    { header: 'Criticality', width: 13, value: (a) => answerValue(ctx, app(a), 'app.criticality'), wrap: true },
    { header: 'Policy', width: 13, value: (a) => a.policy?.name ?? '', wrap: true },
    { header: 'State', width: 9, value: (a) => (a.statefulness === 'unknown' ? 'Unknown' : a.statefulness === 'stateful' ? 'Stateful' : 'Stateless') },
    { header: 'Runs on', width: 12, value: (a) => ctx.view.systems.find((s) => s.id === a.hostingSystemId)?.name ?? '', wrap: true },
    { header: 'Must survive', width: 12, value: (a) => answerValue(ctx, app(a), 'app.impactRadius'), wrap: true },
    { header: 'Confidence', width: 11, value: (a) => CONFIDENCE_LABELS[a.confidence.level].replace(' confidence', '') },
    ...DISRUPTION_SCOPES.map(scopeColumn),
    { header: 'Findings', width: 9, value: (a) => a.findings.length },
  ];
  workbook.addTable('Applications', columns, ctx.assessment.applications, { definedName: 'ApplicationsTable', page: ctx.page, wide: true });
}

function describeRef(ctx: SheetContext, applicationId: string, ref: AnswerRef): string {
  const question = findQuestion(ref.questionId);
  const prompt = question?.prompt ?? ref.questionId;
  const where = ref.componentId ? ` (${componentName(ctx, applicationId, ref.componentId)})` : '';
  const value =
    ref.status === 'answered' && question
      ? String(answerToText(question, ref.value, recordsOf(ctx.view)))
      : ref.status === 'missing'
        ? 'not answered'
        : ref.status === 'unknown'
          ? 'unknown'
          : 'not applicable';
  return `${prompt}${where}: ${value}`;
}

interface FindingRow {
  app: ApplicationAssessment;
  finding: Finding;
}

export function writeFindingsSheet(workbook: WorkbookPlan, ctx: SheetContext): void {
  const rows: FindingRow[] = ctx.assessment.applications.flatMap((app) => app.findings.map((finding) => ({ app, finding })));
  const columns: Column<FindingRow>[] = [
    { header: 'Application', width: 24, value: (r) => r.app.name, wrap: true },
    { header: 'Component', width: 16, value: (r) => componentName(ctx, r.app.applicationId, r.finding.componentId), wrap: true },
    { header: 'Scope', width: 12, value: (r) => (r.finding.scope ? scopeTitle(r.finding.scope) : 'All') },
    { header: 'Severity', width: 10, value: (r) => SEVERITY_LABELS[r.finding.severity], tone: (r) => TONES[r.finding.severity] },
    // As wide as the longest code, so none is cut off on paper.
    { header: 'Code', width: Math.max(...FINDING_CODES.map((code) => code.length)) + 2, value: (r) => r.finding.code },
    { header: 'Finding', width: 34, value: (r) => r.finding.title, wrap: true },
    { header: 'Why', width: 70, value: (r) => r.finding.rationale, wrap: true },
    { header: 'Answers it rests on', width: 50, value: (r) => r.finding.answers.map((ref) => describeRef(ctx, r.app.applicationId, ref)).join('\n'), wrap: true },
  ];
  workbook.addTable('Findings', columns, rows, { definedName: 'FindingsTable', page: ctx.page, wide: true });
}

interface RecommendationRow {
  priority: number;
  app: ApplicationAssessment;
  recommendation: Recommendation;
}

/** Every application's recommendations in one plan: most severe findings first, then the cheapest change. */
export function recommendationPlan(assessment: Assessment): RecommendationRow[] {
  const severityRank = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;
  const effortRank = { low: 0, medium: 1, high: 2 } as const;
  const worst = (app: ApplicationAssessment, r: Recommendation) =>
    Math.min(...app.findings.filter((f) => r.resolves.includes(f.code)).map((f) => severityRank[f.severity]), 9);
  return assessment.applications
    .flatMap((app) => app.recommendations.map((recommendation) => ({ app, recommendation, rank: worst(app, recommendation) })))
    .sort((a, b) => a.rank - b.rank || effortRank[a.recommendation.effort] - effortRank[b.recommendation.effort] || (a.app.name < b.app.name ? -1 : a.app.name > b.app.name ? 1 : 0))
    .map((row, index) => ({ priority: index + 1, app: row.app, recommendation: row.recommendation }));
}

export function writeRecommendationsSheet(workbook: WorkbookPlan, ctx: SheetContext): void {
  const columns: Column<RecommendationRow>[] = [
    { header: '#', width: 6, value: (r) => r.priority },
    { header: 'Application', width: 24, value: (r) => r.app.name, wrap: true },
    { header: 'What to do', width: 60, value: (r) => r.recommendation.action, wrap: true },
    { header: 'Effort', width: 9, value: (r) => r.recommendation.effort },
    { header: 'Resolves', width: 40, value: (r) => r.recommendation.resolves.map(findingTitle).join('\n'), wrap: true },
    { header: 'What it achieves', width: 60, value: (r) => r.recommendation.outcome, wrap: true },
    { header: 'Codes', width: 34, value: (r) => r.recommendation.resolves.join('\n'), wrap: true },
  ];
  workbook.addTable('Recommendations', columns, recommendationPlan(ctx.assessment), { definedName: 'RecommendationsTable', page: ctx.page, wide: true });
}

interface ProtectionRow {
  app: Application;
  component: string;
  source: string;
  method: string;
  unprotected: boolean;
}

export function writeDataProtectionSheet(workbook: WorkbookPlan, ctx: SheetContext): void {
  const rows: ProtectionRow[] = [];
  const methodQuestion = (source: string) => findQuestion(`component.protection.${source}`);
  for (const assessed of ctx.assessment.applications) {
    const app = ctx.applicationsById.get(assessed.applicationId)!;
    const before = rows.length;
    for (const component of app.components) {
      const sources = component.answers['component.dataSources']?.state;
      if (sources?.status !== 'answered' || !Array.isArray(sources.value)) continue;
      for (const source of sources.value as string[]) {
        const state = component.answers[`component.protection.${source}`]?.state;
        const question = methodQuestion(source);
        const answered = state?.status === 'answered' && question;
        const method = answered ? String(answerToText(question, state.value, recordsOf(ctx.view))) : state?.status === 'unknown' ? 'Unknown' : 'Not answered';
        const unprotected = answered ? (workingMethods(currentValue(question, state.value) as string[]) ?? []).length === 0 : false;
        rows.push({ app, component: component.name, source: DATA_SOURCES.find((d) => d.value === source)?.label ?? source, method, unprotected });
      }
    }
    if (rows.length === before) {
      const backedUp = answerValue(ctx, app, 'app.backup.exists');
      rows.push({ app, component: '', source: 'Whole application', method: backedUp === 'Yes' ? 'Backup' : backedUp || 'Not answered', unprotected: backedUp === 'No' });
    }
  }
  const columns: Column<ProtectionRow>[] = [
    { header: 'Application', width: 24, value: (r) => r.app.name, wrap: true },
    { header: 'Component', width: 18, value: (r) => r.component, wrap: true },
    { header: 'Data source', width: 18, value: (r) => r.source },
    { header: 'Method', width: 24, value: (r) => r.method, wrap: true, tone: (r) => (r.unprotected ? TONES.breached : null) },
    { header: 'Backup product', width: 22, value: (r) => answerValue(ctx, r.app, 'app.backup.product'), wrap: true },
    { header: 'Application-aware', width: 12, value: (r) => answerValue(ctx, r.app, 'app.backup.applicationAware') },
    { header: 'Frequency', width: 12, value: (r) => answerValue(ctx, r.app, 'app.backup.frequency') },
    { header: 'Retention', width: 12, value: (r) => answerValue(ctx, r.app, 'app.backup.retention') },
    { header: 'Copies kept', width: 30, value: (r) => answerValue(ctx, r.app, 'app.backup.copyLocation'), wrap: true },
    { header: 'Replication', width: 22, value: (r) => answerValue(ctx, r.app, 'app.replication.technology') },
  ];
  workbook.addTable('Data protection', columns, rows, { definedName: 'DataProtectionTable', page: ctx.page, wide: true });
}

interface SystemRow {
  site: EngagementView['sites'][number];
  system: EngagementView['systems'][number] | null;
}

export function writeSitesSheet(workbook: WorkbookPlan, ctx: SheetContext): void {
  const rows: SystemRow[] = ctx.view.sites.flatMap((site): SystemRow[] => {
    const systems = ctx.view.systems.filter((s) => s.siteId === site.id);
    return systems.length > 0 ? systems.map((system) => ({ site, system })) : [{ site, system: null }];
  });
  const distance = (siteId: string) =>
    ctx.view.siteDistances
      .filter((d) => d.siteAId === siteId || d.siteBId === siteId)
      .map((d) => `${ctx.view.sites.find((s) => s.id === (d.siteAId === siteId ? d.siteBId : d.siteAId))?.name ?? '?'}: ${d.km} km`)
      .join('\n');
  const columns: Column<SystemRow>[] = [
    { header: 'Site', width: 20, value: (r) => r.site.name, wrap: true },
    { header: 'Location', width: 20, value: (r) => r.site.location, wrap: true },
    { header: 'Datacenter tier', width: 12, value: (r) => r.site.datacenterTier },
    { header: 'Utility feeds', width: 10, value: (r) => r.site.utilityFeeds },
    { header: 'Distance to other sites', width: 22, value: (r) => distance(r.site.id), wrap: true },
    { header: 'System', width: 18, value: (r) => r.system?.name ?? '(no system)' },
    { header: 'Region', width: 14, value: (r) => r.system?.region ?? '' },
    { header: 'Nodes', width: 8, value: (r) => r.system?.nodeCount ?? null },
    { header: 'Identity', width: 13, value: (r) => r.system?.identityModel ?? '' },
    { header: 'State', width: 12, value: (r) => r.system?.state ?? '', tone: (r) => (r.system && r.system.state !== 'operational' ? TONES.unknown : null) },
    { header: 'Role', width: 11, value: (r) => r.system?.role ?? '' },
    { header: 'Public Azure allowed', width: 11, value: (r) => (r.system ? (r.system.publicAzureAllowed ? 'Yes' : 'No') : '') },
  ];
  workbook.addTable('Sites & systems', columns, rows, { definedName: 'SitesAndSystemsTable', page: ctx.page, wide: true });
}

export function writeVmsSheet(workbook: WorkbookPlan, ctx: SheetContext): void {
  type VmRow = EngagementView['vms'][number];
  const columns: Column<VmRow>[] = [
    { header: 'VM', width: 24, value: (v) => v.name },
    { header: 'Application', width: 24, value: (v) => (v.applicationId ? (ctx.applicationsById.get(v.applicationId)?.name ?? '') : '(not assigned)'), wrap: true },
    { header: 'Operating system', width: 34, value: (v) => v.os, wrap: true },
    { header: 'vCPU', width: 7, value: (v) => v.vcpu },
    { header: 'Memory (GB)', width: 11, value: (v) => v.memoryGb, numFmt: '#,##0.0' },
    { header: 'Provisioned (GB)', width: 13, value: (v) => v.provisionedGb, numFmt: '#,##0' },
    { header: 'Power state', width: 12, value: (v) => v.powerState },
    { header: 'Host', width: 24, value: (v) => v.host },
  ];
  workbook.addTable('VMs', columns, ctx.view.vms, { definedName: 'VmsTable', page: ctx.page });
}

export function writeAssumptionsSheet(workbook: WorkbookPlan, ctx: SheetContext): void {
  type Row = (typeof ASSUMPTIONS)[number];
  const used = ctx.assessment.assumptions;
  const columns: Column<Row>[] = [
    { header: 'Assumption', width: 40, value: (a) => a.label, wrap: true },
    { header: 'Unit', width: 12, value: (a) => ASSUMPTION_UNITS[a.unit].label },
    { header: 'Best case', width: 11, value: (a) => used[a.key].best },
    { header: 'Worst case', width: 11, value: (a) => used[a.key].worst },
    { header: 'Default best', width: 11, value: (a) => a.defaults.best },
    { header: 'Default worst', width: 11, value: (a) => a.defaults.worst },
    { header: 'Changed', width: 9, value: (a) => (used[a.key].best !== a.defaults.best || used[a.key].worst !== a.defaults.worst ? 'Yes' : ''), tone: (a) => (used[a.key].best !== a.defaults.best || used[a.key].worst !== a.defaults.worst ? TONES.unknown : null) },
    { header: 'What it means', width: 70, value: (a) => a.help, wrap: true },
  ];
  workbook.addTable('Assumptions', columns, ASSUMPTIONS, { definedName: 'AssumptionsTable', page: ctx.page });
}

export function writeFollowUpsSheet(workbook: WorkbookPlan, ctx: SheetContext): void {
  const rows = collectFollowUps(ctx.view.applications);
  const columns: Column<FollowUp>[] = [
    { header: 'Follow up with', width: 22, value: (r) => r.person, wrap: true },
    { header: 'By', width: 12, value: (r) => r.due },
    { header: 'Application', width: 24, value: (r) => r.application, wrap: true },
    { header: 'Component', width: 16, value: (r) => r.component },
    { header: 'Question', width: 56, value: (r) => r.question, wrap: true },
    { header: 'Note', width: 36, value: (r) => r.note, wrap: true },
  ];
  workbook.addTable('Follow-ups', columns, rows, { definedName: 'FollowUpsTable', page: ctx.page });
}
