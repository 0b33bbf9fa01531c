import type { Logo } from '../../../shared/api/profileContract';
import { storedLogo, type CheckedImage } from '../images';
import { now, type StoreContext } from './storeContext';

/**
 * The customer's logo in the engagement file (table `customer_logo`, format 5). Branding only:
 * it is not part of the signed content. Set through the store's one write-and-audit path.
 */

export function customerLogo(ctx: StoreContext): Logo | null {
  const row = ctx.db.prepare('SELECT data FROM customer_logo WHERE id = 1').get() as { data: Buffer } | undefined;
  return storedLogo(row?.data);
}

/** Replaces the logo (checked by `readLogoInput` before it gets here), or removes it when `logo` is null. */
export function setCustomerLogo(ctx: StoreContext, logo: { fileName: string; image: CheckedImage; bytes: Buffer } | null): Logo | null {
  return ctx.write('saving the customer logo in', () => {
    const before = ctx.db.prepare('SELECT file_name FROM customer_logo WHERE id = 1').pluck().get() as string | undefined;
    ctx.db.prepare('DELETE FROM customer_logo').run();
    if (logo) {
      ctx.db
        .prepare('INSERT INTO customer_logo (id, file_name, media_type, width, height, data, set_at) VALUES (1, ?, ?, ?, ?, ?, ?)')
        .run(logo.fileName, logo.image.mediaType, logo.image.width, logo.image.height, logo.bytes, now());
    }
    const engagementId = ctx.db.prepare('SELECT id FROM engagement LIMIT 1').pluck().get() as string;
    const after = logo ? { fileName: logo.fileName, width: logo.image.width, height: logo.image.height } : null;
    ctx.audit(logo ? 'update' : 'delete', 'customer-logo', engagementId, null, before ?? null, after);
    return customerLogo(ctx);
  });
}
