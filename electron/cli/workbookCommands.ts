import { resolve } from 'node:path';
import type { AnswerChange, AnswerImportPreview, AnswerImportResult } from '../../shared/api/answerImportContract';
import { resolveActor } from '../core/settings';
import { EngagementStore } from '../core/store/engagementStore';
import { applyAnswerImportWithPreview, previewAnswerImport } from '../core/workbook/answerImport';
import { parse, UsageError, type Io, ACTOR_OPTION } from './args';

/** The `--json` shape of `cwb import-answers`: a public contract, documented in the README. */
export interface ImportAnswersJson {
  preview: AnswerImportPreview;
  /** Null for a dry run. */
  result: AnswerImportResult | null;
}

function changeLines(title: string, changes: AnswerChange[], detail: (change: AnswerChange) => string): string[] {
  if (changes.length === 0) return [];
  const where = (change: AnswerChange) => [change.application, change.component].filter(Boolean).join(' › ');
  return [
    `  ${title} (${changes.length}):`,
    ...changes.flatMap((change) => [`    row ${change.row}  ${where(change)}: ${change.question}`, `            ${detail(change)}`]),
  ];
}

export function answerImportText(preview: AnswerImportPreview, result: AnswerImportResult | null): string {
  const of = (kind: AnswerChange['kind']) => preview.changes.filter((change) => change.kind === kind);
  const changes = of('change');
  const exported = preview.exportedAt ? ` (exported ${preview.exportedAt.slice(0, 10)})` : '';
  const lines = [
    `Answers in ${preview.fileName}${exported}: ${preview.rowsRead} rows read, ${preview.editedRows} edited, ${preview.unchanged} already as the engagement has them.`,
    ...preview.warnings.map((warning) => `  warning: ${warning}`),
    ...changeLines('changes', changes, (c) => `${c.before} → ${c.after}${c.changedSinceExport ? '   (also changed in the app since the export)' : ''}`),
    ...changeLines('invalid, not applied', of('invalid'), (c) => `${c.after}: ${c.reason ?? ''}`),
    ...changeLines('ignored', of('ignored'), (c) => c.reason ?? ''),
  ];
  if (result) lines.push(`Applied ${result.applied} change${result.applied === 1 ? '' : 's'} from ${result.fileName}.`);
  else if (changes.length > 0) lines.push(`Dry run: nothing was changed. Run again with --apply to apply the ${changes.length} change${changes.length === 1 ? '' : 's'}.`);
  else lines.push('Nothing to apply.');
  return lines.join('\n');
}

/** `cwb import-answers FILE WORKBOOK.xlsx [--apply] [--json]`: a dry run unless told to apply. */
export async function importAnswersCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { apply: { type: 'boolean' }, json: { type: 'boolean' }, ...ACTOR_OPTION });
  const [file, workbook, extra] = positionals;
  if (!file || !workbook) throw new UsageError('cwb import-answers needs the engagement FILE and the WORKBOOK.xlsx to read answers from.');
  if (extra) throw new UsageError(`cwb import-answers takes FILE and WORKBOOK.xlsx, got also "${extra}".`);
  const path = resolve(file);
  const workbookPath = resolve(workbook);
  let preview: AnswerImportPreview;
  let result: AnswerImportResult | null = null;
  if (values.apply) {
    const store = EngagementStore.open(path, resolveActor(values.actor));
    try {
      ({ preview, result } = await applyAnswerImportWithPreview(workbookPath, store));
    } finally {
      store.close();
    }
  } else {
    preview = await previewAnswerImport(workbookPath, EngagementStore.inspect(path));
  }
  const output: ImportAnswersJson = { preview, result };
  io.out(values.json ? JSON.stringify(output, null, 2) : answerImportText(preview, result));
  return 0;
}
