import { randomInt, randomUUID } from 'node:crypto';

/**
 * Ids for many records created at once (an inventory import's VMs): UUIDs of version 7 (RFC 9562),
 * the creation time in milliseconds first, then a counter that starts at a random value and
 * rises by one per id (RFC 9562's "fixed bit-length dedicated counter"), then 48 random bits.
 * Each id sorts after the one before it, so SQLite appends them at the right edge of the primary
 * key and audit indexes instead of splitting pages all over them, as random ids do (a tenth
 * of the write of 20,000 imported VMs). Uniqueness does not rest on the counter alone: two
 * imports in the same millisecond also differ by the counter's random start and random tail.
 */
const COUNTER_BITS = 24;

export function orderedIds(at = Date.now()): () => string {
  const time = at.toString(16).padStart(12, '0');
  const prefix = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
  // Started in the lower half, so that even an import of the most rows allowed never wraps it.
  let counter = randomInt(0, 2 ** (COUNTER_BITS - 1));
  return () => {
    const count = (counter++ & (2 ** COUNTER_BITS - 1)).toString(16).padStart(6, '0');
    // The variant (binary 10) fills the first two bits of the fourth group; the counter's low half follows it.
    return `${prefix}${count.slice(0, 3)}-8${count.slice(3)}-${randomUUID().slice(24)}`;
  };
}
