import { COPY, SKIP, XmlScanner, type XmlHandler } from './xmlScanner';

/**
 * The workbook's shared strings, kept compactly: the text of all of them, one after the other,
 * as UTF-8 in one buffer, with where each one starts. A sheet of 100,000 rows has hundreds of
 * thousands of distinct strings; as JavaScript strings each would cost its own object and
 * header, here they cost their bytes and four more. A string becomes a JavaScript string only
 * when a cell the import reads asks for it.
 */
const LONG_STRING_BYTES = 4096;
const MADE_STRINGS_KEPT_BYTES = 32 * 1024 ** 2;

export class SharedStrings {
  private bytes: Buffer;
  private used = 0;
  private starts = new Uint32Array(1024);
  /** One bit per string: set when all of its bytes are ASCII, which decodes faster. */
  private ascii = new Uint8Array(128);
  private count = 0;
  /**
   * Strings already made, so that a sheet showing one in every row makes it once: a long one
   * from the first time it is asked for, any other from the second (an OS, a host, an
   * application, a power state), so that a name asked for once is never held twice.
   */
  private readonly made = new Map<number, string>();
  private madeBytes = 0;
  /** One bit per string: set once it has been asked for. */
  private asked = new Uint8Array(0);

  /**
   * `capacity`: the size of the part the strings come from, which their text never exceeds. It
   * is reserved at once, never copied to grow, and only the pages the text fills take memory.
   */
  constructor(capacity = 0) {
    this.bytes = Buffer.allocUnsafe(Math.max(4096, capacity));
  }

  get size(): number {
    return this.count;
  }

  add(text: Buffer, length: number): void {
    if (this.used + length > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.used + length, this.bytes.length * 2));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    if (this.count + 2 > this.starts.length) {
      const bigger = new Uint32Array(this.starts.length * 2);
      bigger.set(this.starts);
      this.starts = bigger;
      const flags = new Uint8Array(bigger.length >> 3);
      flags.set(this.ascii);
      this.ascii = flags;
    }
    // Most strings are a few bytes, for which a loop beats Buffer's copy and its checks; it notes on the way whether all are ASCII.
    let ascii: boolean;
    if (length < 64) {
      const bytes = this.bytes;
      let any = 0;
      for (let k = 0, at = this.used; k < length; k += 1) any |= bytes[at + k] = text[k]!;
      ascii = any < 0x80;
    } else {
      text.copy(this.bytes, this.used, 0, length);
      ascii = isAscii(text, length);
    }
    this.starts[this.count] = this.used;
    if (ascii) this.ascii[this.count >> 3]! |= 1 << (this.count & 7);
    this.used += length;
    this.count += 1;
    this.starts[this.count] = this.used;
  }

  /** UTF-8 bytes of string `index`; 0 for an index the table does not have. */
  byteLength(index: number): number {
    return index >= 0 && index < this.count ? this.starts[index + 1]! - this.starts[index]! : 0;
  }

  /** String `index`, or null when it is empty or the table has no such string (as Excel shows both: an empty cell). */
  get(index: number): string | null {
    if (!(index >= 0 && index < this.count)) return null;
    const start = this.starts[index]!;
    const end = this.starts[index + 1]!;
    if (start === end) return null;
    if (this.asked.length === 0) this.asked = new Uint8Array((this.count >> 3) + 1);
    // Only a string asked for before can have been kept: a name asked for once is not looked up.
    const again = (this.asked[index >> 3]! & (1 << (index & 7))) !== 0;
    if (again) {
      const known = this.made.get(index);
      if (known !== undefined) return known;
    } else this.asked[index >> 3]! |= 1 << (index & 7);
    const value = this.ascii[index >> 3]! & (1 << (index & 7)) ? this.bytes.toString('latin1', start, end) : this.bytes.toString('utf8', start, end);
    if ((again || end - start >= LONG_STRING_BYTES) && this.madeBytes + (end - start) <= MADE_STRINGS_KEPT_BYTES) {
      this.made.set(index, value);
      this.madeBytes += end - start;
    }
    return value;
  }
}

/** Element names the shared strings part uses, numbered as the scanner reports them. */
const SI = 1;
const T = 2;
const RPH = 3;
const NAMES = ['si', 't', 'rPh'];

/**
 * Reads `<sst>`: each `<si>` is one string, the text of its `<t>` (plain) or of the `<t>` of each
 * run `<r>` (rich text, formatting dropped). Phonetic guides (`<rPh>`, Japanese readings) are not
 * part of the text Excel shows, so they are left out.
 */
export class SharedStringsReader implements XmlHandler {
  readonly strings: SharedStrings;
  readonly scanner: XmlScanner;
  private inString = false;
  private phonetic = 0;

  constructor(partBytes: number) {
    this.strings = new SharedStrings(partBytes);
    this.scanner = new XmlScanner(this, NAMES);
  }

  open(name: number, scanner: XmlScanner): void {
    if (name === SI) {
      this.inString = true;
      this.phonetic = 0;
      scanner.textLength = 0;
    } else if (name === RPH) this.phonetic += 1;
    else if (name === T && this.inString && this.phonetic === 0) scanner.capture = COPY;
  }

  close(name: number, scanner: XmlScanner): void {
    if (name === T) scanner.capture = SKIP;
    else if (name === RPH) this.phonetic -= 1;
    else if (name === SI && this.inString) {
      this.inString = false;
      this.strings.add(scanner.text, scanner.textLength);
    }
  }
}

function isAscii(bytes: Buffer, length: number): boolean {
  for (let i = 0; i < length; i += 1) if (bytes[i]! >= 0x80) return false;
  return true;
}
