import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSESSMENT_STATES, COMPLIANCE_VALUES, FINDING_CODES } from '../../shared/rules/assessment';
import { assessEngagement } from '../../shared/rules/engine';
import { buildDemoEngagement } from './demo';
import { EngagementStore } from './store/engagementStore';
import { useTempDir } from './testSupport';

describe('the demo engagement', () => {
  const tempDir = useTempDir();

  it('raises every finding code, shows every compliance value and every assessment state', () => {
    const store = buildDemoEngagement(join(tempDir(), 'demo.cwb'), 'tester');
    try {
      const { applications, summary } = assessEngagement(store.view(), { asOf: '2026-12-01' });
      expect(Object.keys(summary.findingsByCode).sort()).toEqual([...FINDING_CODES].sort());
      expect([...new Set(applications.flatMap((a) => a.scopes.map((s) => s.compliance)))].sort()).toEqual([...COMPLIANCE_VALUES].sort());
      expect(ASSESSMENT_STATES.filter((state) => summary.assessment[state] === 0)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('keeps its hospital wording, which a new engagement does not start with', () => {
    const demo = buildDemoEngagement(join(tempDir(), 'demo.cwb'), 'tester');
    const fresh = EngagementStore.create(join(tempDir(), 'new.cwb'), { customer: 'Contoso', title: 'DR review' }, 'tester');
    try {
      expect(demo.policies().find((p) => p.id === 'policy-mission-critical')?.description).toMatch(/patient care/);
      const words = fresh.policies().map((p) => p.description);
      expect(words).toHaveLength(4);
      for (const description of words) expect(description).not.toMatch(/patient|care|clinic|hospital/i);
    } finally {
      demo.close();
      fresh.close();
    }
  });
});
