import { resolve } from 'node:path';
import { formatBytes, MAX_ATTACHMENT_BYTES, MAX_ENGAGEMENT_ATTACHMENT_BYTES, type AttachmentMeta } from '../../shared/domain/attachment';
import { readEvidenceFile } from '../core/attachments/attachmentKind';
import type { EngagementView } from '../../shared/domain/engagement';
import { findQuestion } from '../../shared/questions/catalogue';
import { attachmentPlace } from '../../shared/attachments/place';
import { CwbError } from '../core/errors';
import { resolveActor } from '../core/settings';
import { EngagementStore } from '../core/store/engagementStore';
import { ACTOR_OPTION, parse, requireFile, UsageError, type Io } from './args';

export const ATTACHMENT_USAGE = `  cwb attach FILE --app NAME [--component NAME] [--question ID] PATH [--json]
                                                           attach evidence (PDF, PNG, JPEG, XLSX, CSV, TXT) to an application or an answer
  cwb attachments FILE [--json]                            list the attachments with their SHA-256 (read-only)`;

/** One attachment with the names of what it belongs to: the `--json` shape of both commands. */
function describeAttachment(meta: AttachmentMeta, view: Pick<EngagementView, 'applications'>) {
  return { ...meta, ...attachmentPlace(meta, view.applications) };
}

/** `cwb attach`: exit 0 attached, 1 refused (nothing stored), 2 wrong usage. */
export function attachCommand(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    app: { type: 'string' },
    component: { type: 'string' },
    question: { type: 'string' },
    json: { type: 'boolean' },
    ...ACTOR_OPTION,
  });
  const [file, path, extra] = positionals;
  if (!file || !path) throw new UsageError('cwb attach needs the engagement FILE and the PATH of the file to attach.');
  if (extra) throw new UsageError(`cwb attach takes FILE and PATH, got also "${extra}".`);
  if (!values.app?.trim()) throw new UsageError('cwb attach needs --app NAME: the application the evidence belongs to.');
  if (values.component !== undefined && values.question === undefined) throw new UsageError('--component needs --question: evidence for a component backs one of its answers.');
  if (values.question !== undefined && !findQuestion(values.question)) throw new UsageError(`--question "${values.question}" is not a question of the catalogue.`);
  const evidence = readEvidenceFile(resolve(path));
  const store = EngagementStore.open(resolve(file), resolveActor(values.actor));
  try {
    const view = store.view();
    const wanted = values.app.trim().toLowerCase();
    const app = view.applications.find((candidate) => candidate.name.toLowerCase() === wanted);
    if (!app) throw new CwbError('NOT_FOUND', `No application named "${values.app}" in this engagement.`);
    let componentId: string | null = null;
    if (values.component !== undefined) {
      const component = app.components.find((candidate) => candidate.name.toLowerCase() === values.component!.trim().toLowerCase());
      if (!component) throw new CwbError('NOT_FOUND', `${app.name} has no component named "${values.component}".`);
      componentId = component.id;
    }
    const meta = store.addAttachment({ applicationId: app.id, componentId, questionId: values.question ?? null }, evidence);
    const described = describeAttachment(meta, view);
    io.out(
      values.json
        ? JSON.stringify(described, null, 2)
        : `Attached ${meta.name} (${formatBytes(meta.size)}) to ${[described.application, described.component, described.question].filter(Boolean).join(' — ')}.\n  SHA-256: ${meta.sha256}`,
    );
    return 0;
  } finally {
    store.close();
  }
}

/** `cwb attachments`: read-only; the files are listed, never opened. */
export function attachmentsCommand(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  const file = requireFile(positionals, 'attachments');
  const view = EngagementStore.inspect(file);
  const listed = view.attachments.map((meta) => describeAttachment(meta, view));
  const totalBytes = view.attachments.reduce((sum, meta) => sum + meta.size, 0);
  if (values.json) {
    io.out(JSON.stringify({ file, totalBytes, limits: { perFileBytes: MAX_ATTACHMENT_BYTES, perEngagementBytes: MAX_ENGAGEMENT_ATTACHMENT_BYTES }, attachments: listed }, null, 2));
    return 0;
  }
  if (listed.length === 0) {
    io.out('No attachments.');
    return 0;
  }
  io.out(
    [
      `${listed.length} attachment${listed.length === 1 ? '' : 's'}, ${formatBytes(totalBytes)} of ${formatBytes(MAX_ENGAGEMENT_ATTACHMENT_BYTES)}:`,
      ...listed.map(
        (item) =>
          `  ${item.name} (${formatBytes(item.size)}) — ${[item.application, item.component, item.question].filter(Boolean).join(' — ')}\n    SHA-256 ${item.sha256}, attached by ${item.attachedBy} on ${item.attachedAt.slice(0, 16).replace('T', ' ')} UTC`,
      ),
    ].join('\n'),
  );
  return 0;
}
