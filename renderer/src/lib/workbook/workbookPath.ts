import { joinPath } from '../files/filePath';

export type ExportFormat = 'xlsx' | 'html' | 'pdf' | 'docx';

/** Beside the engagement file, named after it: "… - workbook.xlsx" or "… - report.pdf". */
export function suggestedExportPath(engagementPath: string, format: ExportFormat): string {
  const cut = Math.max(engagementPath.lastIndexOf('/'), engagementPath.lastIndexOf('\\'));
  const folder = cut >= 0 ? engagementPath.slice(0, cut) : '';
  const name = (cut >= 0 ? engagementPath.slice(cut + 1) : engagementPath).replace(/\.cwb$/i, '');
  return joinPath(folder, `${name} - ${format === 'xlsx' ? 'workbook' : 'report'}.${format}`);
}

/** The same path with the extension of another format, so switching format keeps a typed folder and name. */
export function withFormat(path: string, from: ExportFormat, to: ExportFormat): string {
  const base = path.replace(new RegExp(`\\.${from}$`, 'i'), '');
  const swapped = from === 'xlsx' && to !== 'xlsx' ? base.replace(/ - workbook$/, ' - report') : to === 'xlsx' && from !== 'xlsx' ? base.replace(/ - report$/, ' - workbook') : base;
  return `${swapped}.${to}`;
}
