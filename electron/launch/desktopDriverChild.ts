/**
 * Run by driverPerRuntime.test.ts under a second runtime (node --import tsx): the steps the
 * desktop main process takes before its window, then the core opening the demo, answering a
 * question, and reading both back through a second Workbench. Prints one JSON object.
 *
 * argv: the driver cache to look in, and a scratch folder for the data and engagement folders.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngagementView } from '../../shared/domain/engagement';
import { Workbench } from '../core/workbench';
import { prepareDesktopDriver, selfCheckDialog } from './desktopSelfCheck';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const [cacheRoot, scratch] = process.argv.slice(2);
if (cacheRoot === undefined || scratch === undefined) throw new Error('usage: desktopDriverChild.ts CACHE_ROOT SCRATCH');

function report(result: unknown): void {
  process.stdout.write(JSON.stringify(result));
}

async function call<T>(workbench: Workbench, method: string, input: unknown): Promise<T> {
  const outcome = await workbench.dispatch(method, input);
  if ('error' in outcome) throw new Error(`${method}: ${outcome.error.message}`);
  return outcome.result as T;
}

const driver = prepareDesktopDriver({ appRoot: projectRoot, packaged: false, tempDir: scratch, cacheRoot });
if (!driver.ok) {
  report({ ok: false, dialog: selfCheckDialog(driver, true) });
} else {
  const options = { host: 'cli' as const, dataDir: join(scratch, 'data'), engagementFolder: join(scratch, 'engagements'), actor: 'runtime test' };
  const first = new Workbench(options);
  const demo = await call<EngagementView>(first, 'engagement.openDemo', {});
  const application = demo.applications.find((candidate) => candidate.name === 'Telemetry Dashboards');
  if (application === undefined) throw new Error('the demo has no Telemetry Dashboards application');
  await call(first, 'answer.set', { applicationId: application.id, questionId: 'app.criticality', state: { status: 'answered', value: 'deferrable' } });
  first.close();
  const second = new Workbench(options);
  const reread = await call<EngagementView>(second, 'engagement.open', { path: demo.path });
  second.close();
  const again = reread.applications.find((candidate) => candidate.id === application.id);
  report({
    ok: true,
    binding: driver.binding,
    moduleVersion: driver.moduleVersion,
    customer: reread.details.customer,
    applications: reread.applications.map((candidate) => candidate.name),
    criticality: again?.answers['app.criticality']?.state,
  });
}
