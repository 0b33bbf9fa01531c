import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSESSMENT_STATES, COMPLIANCE_VALUES, FINDING_CODES } from '../../shared/rules/assessment';
import { assessEngagement } from '../../shared/rules/engine';
import { recoveryPlans } from '../../shared/rules/plan';
import { buildDemoEngagement } from './demo';
import { EngagementStore } from './store/engagementStore';
import { useTempDir } from './testSupport';

describe('the demo engagement', () => {
  const tempDir = useTempDir();

  it('raises every finding code, shows every compliance value and every assessment state', () => {
    const store = buildDemoEngagement(join(tempDir(), 'demo.cwb'), 'tester');
    try {
      const view = store.view();
      const assessment = assessEngagement(view, { asOf: '2026-12-01' });
      const { applications, summary } = assessment;
      // The recovery plans raise the codes about systems in a disaster; the applications raise the rest.
      const planCodes = recoveryPlans(view, assessment).disasters.flatMap((d) => d.findings.map((f) => f.code));
      expect([...new Set([...Object.keys(summary.findingsByCode), ...planCodes])].sort()).toEqual([...FINDING_CODES].sort());
      expect([...new Set(applications.flatMap((a) => a.scopes.map((s) => s.compliance)))].sort()).toEqual([...COMPLIANCE_VALUES].sort());
      expect(ASSESSMENT_STATES.filter((state) => summary.assessment[state] === 0)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('shows a recovery plan with a surviving system short of memory, an application held back by a dependency, and a cycle', () => {
    const store = buildDemoEngagement(join(tempDir(), 'demo.cwb'), 'tester');
    try {
      const view = store.view();
      const plans = recoveryPlans(view, assessEngagement(view, { asOf: '2026-12-01' }));
      const site = plans.disasters.find((d) => d.disaster.key === 'site:Rotterdam DC1')!;
      expect(site.capacity.find((c) => c.name === 'ash-ehv-01')?.memoryGb.status).toBe('short');
      const node = plans.disasters.find((d) => d.disaster.key === 'node:ash-rtm-01')!;
      const epr = node.waves.flatMap((w) => w.applications).find((a) => a.name === 'Patient Records (EPR)');
      expect(epr).toMatchObject({ ownCompliance: 'met', compliance: 'breached', heldBackBy: { name: 'Integration Engine (HL7)' } });
      expect(site.cycles).toEqual([['Integration Engine (HL7)', 'Lab Results Portal']]);
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
