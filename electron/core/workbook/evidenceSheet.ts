import { ATTACHMENT_KINDS, kindOfMediaType, type AttachmentMeta } from '../../../shared/domain/attachment';
import { attachmentPlace } from '../../../shared/attachments/place';
import type { SheetContext } from './resultSheets';
import type { Column } from './table';
import type { WorkbookPlan } from './workbookPlan';

export const EVIDENCE_SHEET = 'Evidence';

/**
 * The attached files, each with its SHA-256, so whoever holds the workbook can check a copy of the
 * evidence against it. Written only when there are attachments: a workbook of an engagement
 * without any reads as it always did.
 */
export function writeEvidenceSheet(workbook: WorkbookPlan, ctx: SheetContext): void {
  if (ctx.view.attachments.length === 0) return;
  const rows = ctx.view.attachments.map((meta) => ({ meta, ...attachmentPlace(meta, ctx.view.applications) }));
  type Row = (typeof rows)[number];
  const kind = (meta: AttachmentMeta) => {
    const found = kindOfMediaType(meta.mediaType);
    return found ? ATTACHMENT_KINDS[found].label : meta.mediaType;
  };
  const columns: Column<Row>[] = [
    { header: 'Application', width: 24, value: (r) => r.application ?? '', wrap: true },
    { header: 'Component', width: 16, value: (r) => r.component ?? '', wrap: true },
    { header: 'Question', width: 44, value: (r) => r.question ?? '(the application as a whole)', wrap: true },
    { header: 'File', width: 30, value: (r) => r.meta.name, wrap: true },
    { header: 'Type', width: 16, value: (r) => kind(r.meta) },
    { header: 'Size (bytes)', width: 12, value: (r) => r.meta.size, numFmt: '#,##0' },
    { header: 'SHA-256', width: 68, value: (r) => r.meta.sha256 },
    { header: 'Attached by', width: 18, value: (r) => r.meta.attachedBy },
    { header: 'Attached (UTC)', width: 17, value: (r) => r.meta.attachedAt.slice(0, 16).replace('T', ' ') },
  ];
  workbook.addTable(EVIDENCE_SHEET, columns, rows, { definedName: 'EvidenceTable', page: ctx.page, wide: true });
}
