import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { z } from 'zod';
import { CustomerName, EngagementTitle, type EngagementView } from '../../shared/domain/engagement';
import { assessEngagement } from '../../shared/rules/engine';
import { APP_VERSION } from '../../shared/version';
import { buildDemoEngagement } from '../core/demo';
import { CwbError, toErrorBody, validationError } from '../core/errors';
import { engagementJson, readEngagementJsonFile, writeFileAtomically } from '../core/interchange';
import { defaultDataDir, defaultEngagementFolder, resolveActor } from '../core/settings';
import { EngagementStore } from '../core/store/engagementStore';
import { withEngagementExtension, Workbench } from '../core/workbench';
import { assessmentText } from './assessmentText';
import { terminalText } from './terminalText';
import { isIsoDate } from '../../shared/dates/isoDate';
import { ACTOR_OPTION, parse, requireFile, UsageError, type Io } from './args';
import { importAnswersCommand } from './workbookCommands';
import { reportCommand, REPORT_USAGE } from './reportCommand';
import { importCommand, IMPORT_USAGE } from './importCommand';
import { planCommand, PLAN_USAGE } from './planCommand';
import { exportSourceWorkbook } from '../core/workbook/exportWorkbook';
import { brandingOf } from '../core/report/branding';
import { ProfileStore } from '../core/profile';
import { exportSource } from '../core/signoff/history';
import { reopenCommand, restoreCommand, signoffCommand, SIGNOFF_USAGE, snapshotsCommand, verifyCommand } from './signoffCommands';
import { ensureRendererBuilt, RENDERER_DIST } from '../server/rendererBuild';
import { startBrowserMode, type BrowserModeServer } from '../server/server';
import { mergeCommand, MERGE_USAGE } from './mergeCommand';
import { attachCommand, attachmentsCommand, ATTACHMENT_USAGE } from './attachmentCommands';
import { todayUtc } from '../../shared/rules/format';

export const USAGE = `Continuity Workbook ${APP_VERSION} — command line

Usage:
  cwb create FILE --customer NAME --title TITLE [--json]   create an empty engagement file
  cwb create FILE --from IN.json [--json]                  create an engagement file from an exported JSON document
  cwb info FILE [--json]                                   describe an engagement file (read-only)
  cwb export FILE --format json -o OUT.json                write the engagement as a JSON document (read-only)
  cwb export FILE --format xlsx -o OUT.xlsx [--as-of YYYY-MM-DD]
                                                           write the assessment workbook (read-only; a signed engagement as signed)
  cwb import-answers FILE WORKBOOK.xlsx [--apply] [--json] show the answers a filled-in workbook changes; --apply applies them
${REPORT_USAGE}
${IMPORT_USAGE}
${SIGNOFF_USAGE}
${MERGE_USAGE}
${ATTACHMENT_USAGE}
  cwb assess FILE [--json] [--app NAME] [--as-of YYYY-MM-DD]
                                                           assess the engagement: schemes, estimates, findings (read-only)
${PLAN_USAGE}
  cwb demo FILE [--json]                                   write the demo engagement to FILE
  cwb serve [FILE] [--demo] [--port N] [--no-open]         start browser mode (optionally opening FILE or the demo)
  cwb help                                                 this text

Commands that write (create, demo, import, import-answers --apply, signoff, reopen, restore, merge, attach, serve) take
--actor NAME: the name their changes are recorded under. Without it: CWB_ACTOR, then the consultant
profile in the app's data folder, then the operating-system account.

Exit codes: 0 success, 1 the operation failed (message on stderr), 2 wrong usage, 3 (merge) conflicts left to decide.`;

const defaultIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error, what);
  return parsed.data;
}

/** The `--json` shape of `create`, `demo` and `info`: a public contract, documented in the README. */
export function describeEngagement(view: EngagementView) {
  const answers = view.applications.flatMap((app) => [
    ...Object.values(app.answers),
    ...app.components.flatMap((component) => Object.values(component.answers)),
  ]);
  return {
    file: view.path,
    schemaVersion: view.schemaVersion,
    appVersion: APP_VERSION,
    engagement: {
      id: view.details.id,
      customer: view.details.customer,
      title: view.details.title,
      status: view.details.status,
      consultants: view.details.consultants,
      workshopDates: view.details.workshopDates,
      createdAt: view.details.createdAt,
      updatedAt: view.details.updatedAt,
    },
    counts: {
      sites: view.sites.length,
      systems: view.systems.length,
      policies: view.policies.length,
      applications: view.applications.length,
      components: view.applications.reduce((sum, app) => sum + app.components.length, 0),
      vms: view.vms.length,
      answers: answers.length,
      unknowns: answers.filter((a) => a.state.status === 'unknown').length,
    },
  };
}

function printEngagement(view: EngagementView, json: boolean, io: Io): void {
  const description = describeEngagement(view);
  if (json) {
    io.out(JSON.stringify(description, null, 2));
    return;
  }
  const { engagement, counts } = description;
  io.out(
    [
      `${engagement.customer} — ${engagement.title}`,
      `  file:         ${description.file}`,
      `  status:       ${engagement.status}`,
      `  format:       ${description.schemaVersion}`,
      `  sites:        ${counts.sites}`,
      `  systems:      ${counts.systems}`,
      `  policies:     ${counts.policies}`,
      `  applications: ${counts.applications} (${counts.components} components, ${counts.vms} VMs)`,
      `  answers:      ${counts.answers} (${counts.unknowns} unknown)`,
    ].join('\n'),
  );
}

function openInBrowser(url: string): void {
  const graphical = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!graphical || process.env.CI) return;
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser to open is fine: the URL is printed.
  }
}

/**
 * Browser mode as `cwb serve` starts it, up to the line it prints. A FILE that cannot be opened
 * does not stop it: the message goes to stderr and to the start screen, which says why.
 * `renderer` is for tests, which serve a stand-in page instead of building the interface.
 */
export async function startServing(
  args: string[],
  io: Io,
  renderer: { dir: string; build: boolean } = { dir: RENDERER_DIST, build: true },
): Promise<{ running: BrowserModeServer; workbench: Workbench }> {
  const { values, positionals } = parse(args, {
    port: { type: 'string' },
    'no-open': { type: 'boolean' },
    demo: { type: 'boolean' },
    ...ACTOR_OPTION,
  });
  if (positionals.length > 1) throw new UsageError('cwb serve takes at most one FILE.');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got "${values.port}".`);

  const workbench = new Workbench({
    host: 'browser',
    dataDir: defaultDataDir(),
    engagementFolder: defaultEngagementFolder(),
    // Without --actor or CWB_ACTOR the workbench asks the profile each time, so editing it takes effect at once.
    actor: values.actor?.trim() || process.env.CWB_ACTOR?.trim() || undefined,
  });
  const opening = positionals[0]
    ? await workbench.dispatch('engagement.open', { path: resolve(positionals[0]) })
    : values.demo
      ? await workbench.dispatch('engagement.openDemo', {})
      : null;
  if (opening && 'error' in opening) {
    io.err(`cwb: ${opening.error.message}`);
    workbench.startupNotice = opening.error.message;
  }

  if (renderer.build) await ensureRendererBuilt(io.err);
  const running = await startBrowserMode({ workbench, rendererDir: renderer.dir, port });
  io.out(`Continuity Workbook running at ${running.url}`);
  if (!values['no-open']) openInBrowser(running.url);
  return { running, workbench };
}

async function serve(args: string[], io: Io): Promise<number> {
  const { running, workbench } = await startServing(args, io);
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  workbench.close();
  return 0;
}

async function run(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'create': {
      const { values, positionals } = parse(rest, {
        customer: { type: 'string' },
        title: { type: 'string' },
        from: { type: 'string' },
        json: { type: 'boolean' },
        ...ACTOR_OPTION,
      });
      const file = withEngagementExtension(requireFile(positionals, 'create'));
      if (values.from !== undefined && (values.customer !== undefined || values.title !== undefined)) {
        throw new UsageError('cwb create takes either --from IN.json or --customer and --title, not both.');
      }
      let store: EngagementStore;
      if (values.from !== undefined) {
        const document = readEngagementJsonFile(resolve(values.from));
        mkdirSync(dirname(file), { recursive: true });
        store = EngagementStore.createFromDocument(file, document, resolveActor(values.actor));
      } else {
        const customer = checked(CustomerName, values.customer ?? '', '--customer');
        const title = checked(EngagementTitle, values.title ?? '', '--title');
        mkdirSync(dirname(file), { recursive: true });
        store = EngagementStore.create(file, { customer, title }, resolveActor(values.actor));
      }
      try {
        printEngagement(store.view(), Boolean(values.json), io);
      } finally {
        store.close();
      }
      return 0;
    }
    case 'info': {
      const { values, positionals } = parse(rest, { json: { type: 'boolean' } });
      printEngagement(EngagementStore.inspect(requireFile(positionals, 'info')), Boolean(values.json), io);
      return 0;
    }
    case 'export': {
      const { values, positionals } = parse(rest, {
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        'as-of': { type: 'string' },
      });
      const file = requireFile(positionals, 'export');
      if (values.format === undefined) throw new UsageError('cwb export needs --format json or --format xlsx.');
      if (values.format !== 'json' && values.format !== 'xlsx') throw new UsageError(`cwb export knows --format json and --format xlsx, not "${values.format}".`);
      if (values.output === undefined) throw new UsageError(`cwb export needs -o OUT.${values.format}, the file to write.`);
      const output = resolve(values.output);
      if (output === file) throw new UsageError(`cwb export -o must name a new ${values.format.toUpperCase()} file, not the engagement file itself.`);
      if (values.format === 'json') {
        if (values['as-of'] !== undefined) throw new UsageError('--as-of applies to --format xlsx only.');
        writeFileAtomically(output, EngagementStore.read(file, (store) => engagementJson(store.view(), undefined, store.attachmentsForDocument())));
        return 0;
      }
      const asOf = values['as-of'] ?? todayUtc();
      if (!isIsoDate(asOf)) throw new UsageError(`--as-of must be a date as YYYY-MM-DD, got "${asOf}".`);
      const { customerLogo, ...source } = EngagementStore.read(file, (store) => ({ ...exportSource(store, asOf), customerLogo: store.customerLogo() }));
      await exportSourceWorkbook(output, source, undefined, brandingOf(new ProfileStore(defaultDataDir()).read(), customerLogo));
      return 0;
    }
    case 'import-answers':
      return importAnswersCommand(rest, io);
    case 'report':
      return reportCommand(rest);
    case 'import':
      return importCommand(rest, io);
    case 'signoff':
      return signoffCommand(rest, io);
    case 'reopen':
      return reopenCommand(rest, io);
    case 'verify':
      return verifyCommand(rest, io);
    case 'snapshots':
      return snapshotsCommand(rest, io);
    case 'restore':
      return restoreCommand(rest, io);
    case 'merge':
      return mergeCommand(rest, io);
    case 'attach':
      return attachCommand(rest, io);
    case 'attachments':
      return attachmentsCommand(rest, io);
    case 'assess': {
      const { values, positionals } = parse(rest, {
        json: { type: 'boolean' },
        app: { type: 'string' },
        'as-of': { type: 'string' },
      });
      const file = requireFile(positionals, 'assess');
      const asOf = values['as-of'] ?? todayUtc();
      if (!isIsoDate(asOf)) throw new UsageError(`--as-of must be a date as YYYY-MM-DD, got "${asOf}".`);
      const view = EngagementStore.inspect(file);
      let applicationIds: string[] | undefined;
      if (values.app !== undefined) {
        const wanted = values.app.trim().toLowerCase();
        const found = view.applications.find((app) => app.name.toLowerCase() === wanted);
        if (!found) throw new CwbError('NOT_FOUND', `No application named "${values.app}" in this engagement.`);
        applicationIds = [found.id];
      }
      const assessment = assessEngagement(view, { asOf, applicationIds });
      io.out(values.json ? JSON.stringify(assessment, null, 2) : assessmentText(assessment));
      return 0;
    }
    case 'plan':
      return planCommand(rest, io);
    case 'demo': {
      const { values, positionals } = parse(rest, { json: { type: 'boolean' }, ...ACTOR_OPTION });
      const file = withEngagementExtension(requireFile(positionals, 'demo'));
      if (existsSync(file)) throw new CwbError('ALREADY_EXISTS', `${file} already exists; choose another name.`);
      mkdirSync(dirname(file), { recursive: true });
      const store = buildDemoEngagement(file, resolveActor(values.actor));
      try {
        printEngagement(store.view(), Boolean(values.json), io);
      } finally {
        store.close();
      }
      return 0;
    }
    case 'serve':
      return serve(rest, io);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE);
      return 0;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function main(argv: string[], given: Io = defaultIo): Promise<number> {
  const json = argv.includes('--json');
  const io: Io = { out: (text) => given.out(terminalText(text, json)), err: (text) => given.err(terminalText(text, json)) };
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`cwb: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    const body = toErrorBody(error);
    io.err(json ? JSON.stringify({ error: body }) : `cwb: ${body.message}`);
    return 1;
  }
}
