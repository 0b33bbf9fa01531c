import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EngagementView } from '../../shared/domain/engagement';
import { assessEngagement } from '../../shared/rules/engine';
import { recoveryPlans } from '../../shared/rules/plan';
import { EngagementStore } from '../core/store/engagementStore';
import { buildRealisticEngagement } from './largeEngagement';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Every disaster's capacity checks and recovery plan for 10,000 applications ÷ loading that
 * engagement from the file (open + view), medians of 5. The plans read the assessment, which the
 * app, the workbook and the report have made already (assess_10k_ratio times it), so it is made
 * before the clock starts.
 */
export function benchPlan(dir: string): { ratio: number; planMs: number; loadMs: number; disasters: number } {
  const path = join(dir, 'plan-10k.cwb');
  buildRealisticEngagement(path, join(dir, 'plan-template.cwb'), 10_000);
  const asOf = new Date().toISOString().slice(0, 10);
  const loads: number[] = [];
  const plans: number[] = [];
  let disasters = 0;
  for (let i = 0; i < 5; i += 1) {
    let start = performance.now();
    const store = EngagementStore.open(path, 'bench');
    const view: EngagementView = store.view();
    store.close();
    loads.push(performance.now() - start);
    const assessment = assessEngagement(view, { asOf });
    start = performance.now();
    const planned = recoveryPlans(view, assessment);
    plans.push(performance.now() - start);
    disasters = planned.disasters.length;
    const covered = new Set(planned.disasters.flatMap((d) => d.waves.flatMap((w) => w.applications.map((a) => a.applicationId))));
    const hosted = assessment.applications.filter((a) => a.hostingSystemId !== null).length;
    if (covered.size !== hosted) throw new Error(`the plans cover ${covered.size} applications, expected the ${hosted} whose system is known`);
  }
  const planMs = median(plans);
  const loadMs = median(loads);
  return { ratio: planMs / loadMs, planMs, loadMs, disasters };
}
