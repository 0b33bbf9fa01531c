import { safeFileName } from '../../../../shared/files/fileName';

/** Saves `text` as a file through the browser's (or the desktop's) own download, named after what it holds. */
export function download(baseName: string, extension: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = safeFileName(baseName, extension, 'Follow-ups');
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Puts `text` on the clipboard; resolves false when the system refused (then the text is shown to copy by hand). */
export async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
