import { joinPath } from '../files/filePath';

/** The engagement file's folder and name, with "workbook.xlsx" in place of ".cwb": the export lands beside the engagement. */
export function suggestedWorkbookPath(engagementPath: string): string {
  const cut = Math.max(engagementPath.lastIndexOf('/'), engagementPath.lastIndexOf('\\'));
  const folder = cut >= 0 ? engagementPath.slice(0, cut) : '';
  const name = (cut >= 0 ? engagementPath.slice(cut + 1) : engagementPath).replace(/\.cwb$/i, '');
  return joinPath(folder, `${name} - workbook.xlsx`);
}
