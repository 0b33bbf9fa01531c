import { MAX_LOGO_BYTES, MAX_LOGO_PIXELS, type Logo, type LogoInput } from '../../shared/api/profileContract';
import { CwbError } from './errors';

/**
 * Logos come from outside (a file the consultant picked, an engagement file someone sent), so
 * they are judged by their bytes: a PNG or JPEG signature, a header whose dimensions make sense,
 * and an end marker showing the file arrived whole. The extension and the claimed type count
 * for nothing; anything else is refused before it is stored or printed.
 */

export interface CheckedImage {
  mediaType: Logo['mediaType'];
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_END = Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  if (bytes.toString('latin1', 12, 16) !== 'IHDR' || bytes.readUInt32BE(8) !== 13) return null;
  if (!bytes.subarray(bytes.length - 8).equals(PNG_END)) return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The start-of-frame markers that carry a JPEG's size (every SOFn but the DHT, JPG and DAC codes). */
const JPEG_FRAME_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return null;
  if (bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9) return null;
  let offset = 2;
  // Walks the segments up to the frame header; each says its own length, which is checked against the file.
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    const length = bytes.readUInt16BE(offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length) return null;
    if (JPEG_FRAME_MARKERS.has(marker)) return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    if (marker === 0xda) return null;
    offset += 2 + length;
  }
  return null;
}

/** What the bytes are, or why they are not a logo the app accepts; `name` is only for the message. */
export function checkImage(bytes: Buffer, name: string): CheckedImage {
  if (bytes.length === 0) throw new CwbError('VALIDATION', `${name} is empty; choose the image again.`, { field: 'logo' });
  if (bytes.length > MAX_LOGO_BYTES) {
    throw new CwbError('VALIDATION', `${name} is ${Math.ceil(bytes.length / 1024)} KB; a logo may be at most ${MAX_LOGO_BYTES / 1024} KB. Save a smaller PNG or JPEG.`, { field: 'logo' });
  }
  const png = pngSize(bytes);
  const jpeg = png ? null : jpegSize(bytes);
  const size = png ?? jpeg;
  if (!size) {
    throw new CwbError('VALIDATION', `${name} is not a complete PNG or JPEG image (whatever its name says). Save the logo as PNG or JPEG and choose it again.`, { field: 'logo' });
  }
  if (size.width < 1 || size.height < 1 || size.width > MAX_LOGO_PIXELS || size.height > MAX_LOGO_PIXELS) {
    throw new CwbError('VALIDATION', `${name} is ${size.width} × ${size.height} pixels; a logo must be between 1 and ${MAX_LOGO_PIXELS} pixels each way.`, { field: 'logo' });
  }
  return { mediaType: png ? 'image/png' : 'image/jpeg', ...size };
}

/** A logo as sent by a screen: decoded and checked. */
export function readLogoInput(input: LogoInput): { image: CheckedImage; bytes: Buffer } {
  const bytes = Buffer.from(input.base64, 'base64');
  return { image: checkImage(bytes, input.fileName), bytes };
}

export function logoView(image: CheckedImage, bytes: Buffer): Logo {
  return { ...image, dataUrl: `data:${image.mediaType};base64,${bytes.toString('base64')}` };
}

/** A stored logo read back: checked again, since the file holding it may have been edited; null when it fails. */
export function storedLogo(bytes: Buffer | null | undefined): Logo | null {
  if (!bytes) return null;
  try {
    return logoView(checkImage(bytes, 'The stored logo'), bytes);
  } catch {
    return null;
  }
}
