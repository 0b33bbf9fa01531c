import type Database from 'better-sqlite3';
import type { Logo } from '../../../shared/api/profileContract';
import type { CheckedImage } from '../images';
import { storedLogo } from '../images';

/**
 * The customer's logo in the engagement file (table `customer_logo`, format 5). Branding only:
 * it is not part of the signed content. The store calls these inside its own transaction, with
 * the audit entry beside them.
 */

export function readCustomerLogo(db: Database.Database): Logo | null {
  const row = db.prepare('SELECT data FROM customer_logo WHERE id = 1').get() as { data: Buffer } | undefined;
  return storedLogo(row?.data);
}

/** Replaces the logo, or removes it when `logo` is null; answers what the audit trail records. */
export function writeCustomerLogo(
  db: Database.Database,
  logo: { fileName: string; image: CheckedImage; bytes: Buffer } | null,
  at: string,
): { fileName: string; width: number; height: number } | null {
  db.prepare('DELETE FROM customer_logo').run();
  if (!logo) return null;
  db.prepare('INSERT INTO customer_logo (id, file_name, media_type, width, height, data, set_at) VALUES (1, ?, ?, ?, ?, ?, ?)').run(
    logo.fileName,
    logo.image.mediaType,
    logo.image.width,
    logo.image.height,
    logo.bytes,
    at,
  );
  return { fileName: logo.fileName, width: logo.image.width, height: logo.image.height };
}

/** The file name of the logo in place, for the audit trail's "before". */
export function customerLogoName(db: Database.Database): string | null {
  const row = db.prepare('SELECT file_name FROM customer_logo WHERE id = 1').get() as { file_name: string } | undefined;
  return row?.file_name ?? null;
}
