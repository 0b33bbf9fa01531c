import { readEngagementDocument, toEngagementDocument, type EngagementDocument } from '../../shared/interchange/engagementJson';
import { buildDemoEngagement } from '../core/demo';
import { EngagementStore } from '../core/store/engagementStore';

type DocumentApplication = EngagementDocument['applications'][number];

/**
 * An engagement of `applications` applications with realistic answers: the demo's twelve
 * (stateful and stateless, replicated and backed up, tested and untested, unknowns, dependencies)
 * copied over and over with fresh ids, each copy depending only on its own members. Written
 * through the JSON interchange path, so building 10,000 applications takes seconds.
 */
export function buildRealisticEngagement(path: string, scratch: string, applications: number): void {
  const demo = buildDemoEngagement(scratch, 'bench');
  const template = toEngagementDocument(demo.view(), { exportedAt: new Date().toISOString(), appVersion: 'bench' });
  demo.close();
  const apps: DocumentApplication[] = [];
  const vms: EngagementDocument['vms'] = [];
  for (let copy = 0; apps.length < applications; copy += 1) {
    const renamed = (id: string) => `${id}-${copy}`;
    const remap = (answers: DocumentApplication['answers']) => {
      const dependencies = answers['app.dependencies'];
      if (dependencies?.state.status !== 'answered' || !Array.isArray(dependencies.state.value)) return answers;
      const value = (dependencies.state.value as string[]).map(renamed);
      return { ...answers, 'app.dependencies': { ...dependencies, state: { status: 'answered' as const, value } } };
    };
    for (const app of template.applications) {
      apps.push({
        id: renamed(app.id),
        name: `${app.name} ${String(copy).padStart(4, '0')}`,
        answers: remap(app.answers),
        components: app.components.map((component) => ({ ...component, id: renamed(component.id) })),
      });
    }
    for (const vm of template.vms) {
      vms.push({ ...vm, id: renamed(vm.id), name: `${vm.name}-${copy}`, applicationId: vm.applicationId && renamed(vm.applicationId) });
    }
  }
  const kept = new Set(apps.slice(0, applications).map((app) => app.id));
  const reading = readEngagementDocument({
    ...template,
    engagement: { ...template.engagement, title: `${applications} applications` },
    // A dependency on an application past the cut would dangle; the last copy may be partial.
    applications: apps.slice(0, applications).map((app) => {
      const dependencies = app.answers['app.dependencies'];
      if (dependencies?.state.status !== 'answered' || !Array.isArray(dependencies.state.value)) return app;
      const value = (dependencies.state.value as string[]).filter((id) => kept.has(id));
      return { ...app, answers: { ...app.answers, 'app.dependencies': { ...dependencies, state: { status: 'answered', value } } } };
    }),
    vms: vms.filter((vm) => vm.applicationId === null || kept.has(vm.applicationId)),
  });
  if (!reading.ok) throw new Error(`The benchmark engagement is invalid: ${reading.problems[0]!.path}: ${reading.problems[0]!.message}`);
  EngagementStore.createFromDocument(path, reading.document, 'bench').close();
}
