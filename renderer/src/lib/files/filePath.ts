import { fileNamePart, safeFileName } from '../../../../shared/files/fileName';

export const ENGAGEMENT_EXTENSION = '.cwb';

/** "<Customer> - <Title>.cwb", leaving out whichever part is still empty, safe to join to the chosen folder. */
export function suggestedFileName(customer: string, title: string): string {
  const parts = [customer, title].map(fileNamePart).filter(Boolean);
  return safeFileName(parts.join(' - '), ENGAGEMENT_EXTENSION, 'New engagement');
}

/** Joins with the separator the folder already uses, so Windows paths stay Windows paths. */
export function joinPath(folder: string, name: string): string {
  if (!folder) return name;
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`;
}
