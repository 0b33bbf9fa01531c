/**
 * The row where each VM name first appeared in a file, names compared as `toLowerCase()`
 * compares them. A Map keyed by the lower-cased name made a string and a map entry per row,
 * the largest part of reading a row into a VM (a third of it at 20,000 rows); here a name is
 * hashed in place, case folded as it is read, into an open-addressed table of row indexes, and
 * lower-cased only to confirm a match.
 */
export class FirstRows {
  private slots = new Int32Array(1024);
  private readonly hashes: number[] = [];
  private readonly names: string[] = [];
  private readonly rows: number[] = [];

  /** The row `name` first appeared in; undefined when this is its first row, which is then recorded. */
  firstRow(name: string, row: number): number | undefined {
    const hash = caseFreeHash(name);
    const mask = this.slots.length - 1;
    let at = hash & mask;
    for (let slot = this.slots[at]!; slot !== 0; slot = this.slots[at]!) {
      const known = slot - 1;
      if (this.hashes[known] === hash && sameName(this.names[known]!, name)) return this.rows[known];
      at = (at + 1) & mask;
    }
    this.hashes.push(hash);
    this.names.push(name);
    this.rows.push(row);
    this.slots[at] = this.names.length;
    // Kept at most half full, so that a probe stays short.
    if (this.names.length * 2 > this.slots.length) this.grow();
    return undefined;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let known = 0; known < this.hashes.length; known += 1) {
      let at = this.hashes[known]! & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = known + 1;
    }
    this.slots = slots;
  }
}

function sameName(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/** FNV-1a over the name's lower-case form: ASCII letters folded as they are read, any other name lower-cased first. */
function caseFreeHash(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i += 1) {
    let code = name.charCodeAt(i);
    if (code >= 0x80) return rawHash(name.toLowerCase());
    if (code >= 0x41 && code <= 0x5a) code |= 0x20;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  return hash;
}

function rawHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}
