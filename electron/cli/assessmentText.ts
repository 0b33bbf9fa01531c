import type { Assessment } from '../../shared/rules/assessment';
import { formatRange, formatTarget } from '../../shared/rules/format';

function table(rows: string[][], indent: string): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `${indent}${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}`.trimEnd());
}

/** `cwb assess` without --json: per application, one line per scope and then its findings. */
export function assessmentText(assessment: Assessment): string {
  const lines: string[] = [`Assessment as of ${assessment.asOf} (rules ${assessment.rulesVersion}, catalogue ${assessment.catalogueVersion})`];
  for (const app of assessment.applications) {
    lines.push(
      '',
      `${app.name} — policy ${app.policy?.name ?? 'none'}, ${app.statefulness}, confidence ${app.confidence.level}`,
      ...table(
        [
          ['scope', 'scheme', 'target RTO / RPO', 'achievable RTO / RPO', 'compliance'],
          ...app.scopes.map((scope) => [
            scope.scope,
            scope.scheme,
            `${formatTarget(scope.target.rtoMinutes)} / ${formatTarget(scope.target.rpoMinutes)}`,
            `${formatRange(scope.achievable.rto)} / ${formatRange(scope.achievable.rpo)}`,
            scope.required ? scope.compliance : `${scope.compliance} (not required)`,
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
  lines.push('', `${summary.applications} application${summary.applications === 1 ? '' : 's'}; findings: ${severities || 'none'}`);
  return lines.join('\n');
}
