import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_VERSION } from '../../shared/questions/catalogue';
import { ASSESSMENT_STATES, COMPLIANCE_VALUES, FINDING_CODES, RULES_VERSION, SEVERITIES } from '../../shared/rules/assessment';
import { ASSUMPTION_KEYS } from '../../shared/rules/assumptions';
import { FINDING_SEVERITIES } from '../../shared/rules/engine';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The rows of the markdown table whose header row starts with these cells. */
function tableRows(header: string): string[][] {
  const start = README.indexOf(header);
  expect(start, `a table headed "${header}" in the README`).toBeGreaterThan(-1);
  const lines = README.slice(start).split('\n');
  const rows: string[][] = [];
  for (const line of lines.slice(2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((cell) => cell.trim()));
  }
  return rows;
}

describe('the README states the public contract as the code has it', () => {
  it('lists every finding code with exactly the severities the rules can give it', () => {
    const rows = tableRows('| code | severity | what it means |');
    const documented = Object.fromEntries(rows.map(([code, severity]) => [code!.replace(/`/g, ''), severity!.split(/ or |, /).sort()]));
    expect(Object.keys(documented).sort()).toEqual([...FINDING_CODES].sort());
    for (const code of FINDING_CODES) {
      expect(documented[code], code).toEqual([...(FINDING_SEVERITIES[code] ?? [])].sort());
      for (const severity of documented[code]!) expect(SEVERITIES).toContain(severity);
    }
  });

  it('names every compliance value, assessment state and estimate assumption, and the versions', () => {
    const compliance = README.slice(README.indexOf('- **Compliance** per scope'), README.indexOf('- **Unknown stays unknown**'));
    for (const value of COMPLIANCE_VALUES) expect(compliance).toContain(`\`${value}\``);
    const states = README.slice(README.indexOf('- **Assessment state** per application'), README.indexOf('- **Scheme** per scope'));
    for (const state of ASSESSMENT_STATES) expect(states).toContain(`\`${state}\``);
    expect(tableRows('| key | what | unit | best | worst |').map(([key]) => key!.replace(/`/g, ''))).toEqual([...ASSUMPTION_KEYS]);
    expect(README).toContain(`"catalogueVersion": ${CATALOGUE_VERSION},`);
    expect(README).toContain(`(rules version ${RULES_VERSION},\nquestion catalogue ${CATALOGUE_VERSION})`);
  });
});
