import type { Assessment, ScopeResult } from '../../shared/rules/assessment';
import { ASSESSMENT_STATES } from '../../shared/rules/assessment';
import { formatRange, formatTarget } from '../../shared/rules/format';
import { ASSESSMENT_LABELS, COMPLIANCE_WORDS, notAssessedWhy } from '../../shared/rules/labels';

function table(rows: string[][], indent: string): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `${indent}${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}`.trimEnd());
}

function compliance(scope: ScopeResult): string {
  return scope.complianceIfAssumed ? `${scope.compliance} (would be ${COMPLIANCE_WORDS[scope.complianceIfAssumed]})` : scope.compliance;
}

/** `cwb assess` without --json: per application, one line per scope and then its findings. */
export function assessmentText(assessment: Assessment): string {
  const lines: string[] = [`Assessment as of ${assessment.asOf} (rules ${assessment.rulesVersion}, catalogue ${assessment.catalogueVersion})`];
  for (const app of assessment.applications) {
    if (app.assessment === 'not-assessed') {
      lines.push('', `${app.name} — not assessed: ${notAssessedWhy('it')}`);
      continue;
    }
    if (app.assessment === 'out-of-scope') {
      lines.push('', `${app.name} — out of scope: ${app.outOfScopeReason ?? ''}`);
      continue;
    }
    lines.push(
      '',
      `${app.name} — ${ASSESSMENT_LABELS[app.assessment].toLowerCase()}, policy ${app.policy?.name ?? 'none'}, ${app.statefulness}, confidence ${app.confidence.level}`,
      ...table(
        [
          ['scope', 'scheme', 'target RTO / RPO', 'achievable RTO / RPO', 'compliance'],
          ...app.scopes.map((scope) => [
            scope.scope,
            scope.scheme,
            `${formatTarget(scope.target.rtoMinutes, scope.target.rtoSource)} / ${formatTarget(scope.target.rpoMinutes, scope.target.rpoSource)}`,
            `${formatRange(scope.achievable.rto)} / ${formatRange(scope.achievable.rpo)}`,
            compliance(scope),
          ]),
        ],
        '  ',
      ),
    );
    if (app.findings.length === 0) {
      lines.push('  no findings');
      continue;
    }
    lines.push(`  findings:`, ...table(app.findings.map((finding) => [finding.severity, finding.code, finding.scope ?? '', finding.title]), '    '));
  }
  const { summary } = assessment;
  const severities = Object.entries(summary.findingsBySeverity)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(', ');
  const states = ASSESSMENT_STATES.filter((state) => summary.assessment[state] > 0)
    .map((state) => `${summary.assessment[state]} ${ASSESSMENT_LABELS[state].toLowerCase()}`)
    .join(', ');
  lines.push('', `${summary.applications} application${summary.applications === 1 ? '' : 's'}${states ? ` (${states})` : ''}; findings: ${severities || 'none'}`);
  return lines.join('\n');
}
