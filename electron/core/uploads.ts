import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { safeFileName } from '../../shared/files/fileName';
import { MAX_UNCOMPRESSED_BYTES } from './import/limits';
import { MAX_WORKBOOK_BYTES } from './workbook/loadWorkbook';
import { MAX_ATTACHMENT_BYTES } from '../../shared/domain/attachment';

/**
 * Files a browser sends (browser mode cannot hand the app a path): each one is written into its
 * own folder under the app's data folder, read from there by the import like any chosen file,
 * and removed once used, when the wizard lets go of it, or, if the app stopped first, a day later.
 */

/** An inventory or a filled-in workbook to import, or a file to attach as evidence. */
export const UPLOAD_PURPOSES = ['inventory', 'answers', 'evidence'] as const;
export type UploadPurpose = (typeof UPLOAD_PURPOSES)[number];

/**
 * The largest file each import reads, as its own limits say: an inventory .xlsx may unpack to
 * 2048 MB (a CSV is refused past 256 MB by the import itself, naming the limit), a filled-in
 * workbook may be 256 MB.
 */
export const UPLOAD_LIMITS: Record<UploadPurpose, number> = { inventory: MAX_UNCOMPRESSED_BYTES, answers: MAX_WORKBOOK_BYTES, evidence: MAX_ATTACHMENT_BYTES };

/** What a refusal for size says after the limit. */
export const UPLOAD_TOO_LARGE: Record<UploadPurpose, string> = {
  inventory: 'the most this import reads. Delete the sheets you do not need and save it again.',
  answers: 'the most this import reads. Delete the sheets you do not need and save it again.',
  evidence: 'the most an attachment may be. Keep larger files beside the engagement.',
};

const STALE_MS = 24 * 3600 * 1000;

export class Uploads {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = resolve(dataDir, 'uploads');
  }

  /** A new, empty place for one file, named as the user's file was (made safe), so messages name it as they know it. */
  place(fileName: string): string {
    const folder = join(this.root, randomBytes(9).toString('base64url'));
    mkdirSync(folder, { recursive: true });
    const name = basename(fileName.replace(/\\/g, '/'));
    const extension = /\.[A-Za-z0-9]{1,5}$/.exec(name)?.[0] ?? '';
    return join(folder, safeFileName(name.slice(0, name.length - extension.length), extension, 'upload'));
  }

  /** Whether `path` is a file this class placed (and so may be removed by it). */
  owns(path: string): boolean {
    const absolute = resolve(path);
    return absolute.startsWith(this.root + sep) && dirname(dirname(absolute)) === this.root;
  }

  /** Removes an uploaded file and its folder; any other path is left alone. */
  discard(path: string): void {
    if (this.owns(path)) rmSync(dirname(resolve(path)), { recursive: true, force: true });
  }

  /** Removes what an app that stopped before cleaning up left behind, once it is a day old. */
  sweep(now = Date.now()): void {
    let folders: string[];
    try {
      folders = readdirSync(this.root);
    } catch {
      return;
    }
    for (const name of folders) {
      const folder = join(this.root, name);
      try {
        if (now - statSync(folder).mtimeMs > STALE_MS) rmSync(folder, { recursive: true, force: true });
      } catch {
        // Gone already, or in use: the next sweep tries again.
      }
    }
  }
}
