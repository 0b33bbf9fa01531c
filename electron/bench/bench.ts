/**
 * `npm run bench`: each measurement is a ratio against a baseline timed in the same run on the
 * same machine, so figures compare across machines. `--json` prints one JSON object on the last line;
 * `--only import,open` runs only the parts named (open, autosave, assess, plan, import, export).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EngagementView } from '../../shared/domain/engagement';
import { findArchetype } from '../../shared/questions/archetypes';
import { assessEngagement } from '../../shared/rules/engine';
import { EngagementStore } from '../core/store/engagementStore';
import { Workbench } from '../core/workbench';
import { buildRealisticEngagement } from './largeEngagement';
import { benchImport, benchImportMemory } from './importBench';
import { benchExport } from './exportBench';
import { benchPlan } from './planBench';

const json = process.argv.includes('--json');
const dir = mkdtempSync(join(tmpdir(), 'cwb-bench-'));

function time(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** 2,000 applications, half from an archetype with components, all with a few answers of their own. */
function buildLargeEngagement(path: string, applications: number): void {
  const store = EngagementStore.create(path, { customer: 'Bench', title: 'Large' }, 'bench');
  const archetype = findArchetype('sql-server-availability-group')!;
  const policy = store.policies()[0]!.id;
  store.batch('building the benchmark engagement in', () => {
    for (let i = 0; i < applications; i += 1) {
      const name = `Application ${String(i).padStart(5, '0')}`;
      const app = i % 2 === 0 ? store.addApplicationFrom(name, archetype) : store.addApplication(name);
      store.setAnswer(app.id, null, 'app.owner', { status: 'answered', value: `Owner ${i}` });
      store.setAnswer(app.id, null, 'app.criticality', { status: 'answered', value: 'standard' });
      store.setAnswer(app.id, null, 'app.policy', { status: 'answered', value: policy });
      store.setAnswer(app.id, null, 'app.impactRadius', { status: 'unknown', followUpWith: 'Someone', followUpBy: '' });
    }
  });
  store.close();
}

function benchOpen(): { ratio: number; engagementMs: number; rawMs: number } {
  const path = join(dir, 'large.cwb');
  buildLargeEngagement(path, 2000);
  const runs = 7;
  const opened: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    raw.push(
      time(() => {
        const db = new Database(path, { readonly: true });
        db.prepare('SELECT * FROM application ORDER BY position').all();
        db.prepare('SELECT * FROM component ORDER BY position').all();
        db.prepare('SELECT * FROM answer').all();
        db.close();
      }),
    );
    opened.push(
      time(() => {
        const store = EngagementStore.open(path, 'bench');
        store.view();
        store.close();
      }),
    );
  }
  const engagementMs = median(opened);
  const rawMs = median(raw);
  return { ratio: engagementMs / rawMs, engagementMs, rawMs };
}

/** The rules over a 10,000-application snapshot ÷ loading that snapshot from the file (open + view). */
function benchAssess(): { ratio: number; assessMs: number; loadMs: number } {
  const path = join(dir, 'assess-10k.cwb');
  buildRealisticEngagement(path, join(dir, 'assess-template.cwb'), 10_000);
  const runs = 5;
  const loads: number[] = [];
  const assessments: number[] = [];
  const asOf = new Date().toISOString().slice(0, 10);
  for (let i = 0; i < runs; i += 1) {
    let view: EngagementView | undefined;
    loads.push(
      time(() => {
        const store = EngagementStore.open(path, 'bench');
        view = store.view();
        store.close();
      }),
    );
    let assessed = 0;
    assessments.push(
      time(() => {
        assessed = assessEngagement(view!, { asOf }).applications.length;
      }),
    );
    if (assessed !== 10_000) throw new Error(`assessed ${assessed} applications, expected 10,000`);
  }
  const assessMs = median(assessments);
  const loadMs = median(loads);
  return { ratio: assessMs / loadMs, assessMs, loadMs };
}

/**
 * p99 of one answer saved through the API ÷ p99 of a raw single-row insert with the same
 * durability settings. The two alternate, save by save, so that both meet the same moments of a
 * busy disk: measured one after the other, a stall during either run decided the ratio.
 */
async function benchAutosave(): Promise<{ ratio: number; apiP99Ms: number; rawP99Ms: number }> {
  const samples = 300;
  const rawPath = join(dir, 'raw.sqlite');
  const db = new Database(rawPath);
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE answer (application_id TEXT, question_id TEXT, state_json TEXT, PRIMARY KEY (application_id, question_id))');
  const insert = db.prepare('INSERT OR REPLACE INTO answer VALUES (?, ?, ?)');

  const workbench = new Workbench({ host: 'cli', dataDir: join(dir, 'data'), engagementFolder: dir, actor: 'bench' });
  await workbench.dispatch('engagement.create', { path: join(dir, 'autosave.cwb'), customer: 'Bench', title: 'Autosave' });
  const added = await workbench.dispatch('application.add', { name: 'Billing' });
  if (!('result' in added)) throw new Error(added.error.message);
  const applicationId = (added.result as { id: string }).id;
  const raw: number[] = [];
  const api: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    raw.push(time(() => db.transaction(() => insert.run('a', `q${i % 20}`, `{"v":${i}}`))()));
    const start = performance.now();
    const saved = await workbench.dispatch('answer.set', {
      applicationId,
      questionId: 'app.owner',
      state: { status: 'answered', value: `Owner ${i}` },
    });
    api.push(performance.now() - start);
    if ('error' in saved) throw new Error(saved.error.message);
  }
  db.close();
  workbench.close();
  const apiP99Ms = percentile(api, 99);
  const rawP99Ms = percentile(raw, 99);
  return { ratio: apiP99Ms / rawP99Ms, apiP99Ms, rawP99Ms };
}

/** The parts of the bench, in the order they run; `--only import,open` runs just those. */
const PARTS = ['open', 'autosave', 'assess', 'plan', 'import', 'export'] as const;
type Part = (typeof PARTS)[number];

function chosenParts(argv: string[]): ReadonlySet<Part> {
  const at = argv.findIndex((arg) => arg === '--only' || arg.startsWith('--only='));
  if (at < 0) return new Set(PARTS);
  const value = argv[at]!.startsWith('--only=') ? argv[at]!.slice('--only='.length) : (argv[at + 1] ?? '');
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(PARTS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    console.error(`--only takes a comma-separated list of ${PARTS.join(', ')}; got "${value}".`);
    rmSync(dir, { recursive: true, force: true });
    process.exit(2);
  }
  return new Set(names as Part[]);
}

const parts = chosenParts(process.argv);
const round = (n: number) => Math.round(n * 100) / 100;
const results: Record<string, number> = {};
const lines: string[] = [];

try {
  if (parts.has('open')) {
    const open = benchOpen();
    results.open_2k_ratio = round(open.ratio);
    lines.push(`open_2k_ratio          ${results.open_2k_ratio}  (open + read 2,000 applications ${round(open.engagementMs)} ms ÷ raw SQLite read ${round(open.rawMs)} ms; goal ≤ 3)`);
  }
  if (parts.has('autosave')) {
    const autosave = await benchAutosave();
    results.autosave_p99_ratio = round(autosave.ratio);
    lines.push(`autosave_p99_ratio     ${results.autosave_p99_ratio}  (p99 answer.set ${round(autosave.apiP99Ms)} ms ÷ p99 raw insert ${round(autosave.rawP99Ms)} ms; goal ≤ 1.5)`);
  }
  if (parts.has('assess')) {
    const assess = benchAssess();
    results.assess_10k_ratio = round(assess.ratio);
    lines.push(`assess_10k_ratio       ${results.assess_10k_ratio}  (assess 10,000 applications ${round(assess.assessMs)} ms ÷ open + read them ${round(assess.loadMs)} ms)`);
  }
  if (parts.has('plan')) {
    const plan = benchPlan(dir);
    results.plan_10k_ratio = round(plan.ratio);
    lines.push(`plan_10k_ratio         ${results.plan_10k_ratio}  (capacity and recovery plans of ${plan.disasters} disasters for 10,000 applications ${round(plan.planMs)} ms ÷ open + read them ${round(plan.loadMs)} ms; goal ≤ 1)`);
  }
  if (parts.has('import')) {
    const importing = await benchImport(dir);
    const importMemory = await benchImportMemory(dir);
    results.import_20k_ratio = round(importing.ratio);
    results.import_20k_floor_ratio = round(importing.floorRatio);
    results.import_100k_rss_mb = importMemory.peakRssMb;
    lines.push(
      `import_20k_ratio       ${results.import_20k_ratio}  (import 20,000 RVTools rows ${round(importing.importMs)} ms ÷ raw exceljs streaming read ${round(importing.rawMs)} ms; goal ≤ 1.0)`,
      `import_20k_floor_ratio ${results.import_20k_floor_ratio}  (the same import ÷ unpacking the sheet and scanning its XML, nothing else, ${round(importing.floorMs)} ms; goal ≤ 2)`,
      `import_100k_rss_mb     ${results.import_100k_rss_mb}  (peak RSS of a process importing 100,000 rows; one only reading them with exceljs: ${importMemory.rawPeakRssMb}; goal < 300)`,
    );
  }
  if (parts.has('export')) {
    const exporting = await benchExport(dir);
    results.export_2k_ratio = round(exporting.ratio);
    results.export_2k_stream_ratio = round(exporting.streamRatio);
    results.export_2k_rss_mb = exporting.peakRssMb;
    lines.push(
      `export_2k_ratio        ${results.export_2k_ratio}  (workbook of 2,000 applications and 20,000 VMs ${round(exporting.exportMs)} ms ÷ exceljs in-memory write of the same cells ${round(exporting.inMemoryMs)} ms; goal ≤ 0.8)`,
      `export_2k_stream_ratio ${results.export_2k_stream_ratio}  (the same ÷ exceljs streaming write of the same cells ${round(exporting.streamingMs)} ms; goal ≤ 1.3)`,
      `export_2k_rss_mb       ${results.export_2k_rss_mb}  (peak RSS of a process opening, assessing and exporting that workbook; goal < 500)`,
    );
  }
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
  for (const line of lines) console.log(line);
  if (json) console.log(JSON.stringify(results));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
