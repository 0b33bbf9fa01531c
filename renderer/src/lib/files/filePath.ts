export const ENGAGEMENT_EXTENSION = '.cwb';

/** Characters that Windows, macOS or Linux refuse in a file name. */
const UNSAFE_IN_FILE_NAME = /[\\/:*?"<>|]/g;

/** "<Customer> - <Title>.cwb", leaving out whichever part is still empty. */
export function suggestedFileName(customer: string, title: string): string {
  const parts = [customer, title].map((part) => part.replace(UNSAFE_IN_FILE_NAME, '-').trim()).filter(Boolean);
  return `${parts.length > 0 ? parts.join(' - ') : 'New engagement'}${ENGAGEMENT_EXTENSION}`;
}

/** Joins with the separator the folder already uses, so Windows paths stay Windows paths. */
export function joinPath(folder: string, name: string): string {
  if (!folder) return name;
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`;
}
