import { MAX_CELL_TEXT, MAX_XML_DEPTH, MAX_XML_TOKEN_BYTES } from './limits';

/**
 * A SAX-style scanner for the XML inside an .xlsx package, fed the bytes of one part chunk by
 * chunk. It reports each element's start and end to a handler, by a small number the handler
 * chose for the names it cares about, and copies the text of the elements the handler asks for
 * (entities decoded) into one reusable buffer. It makes no object per element or attribute and
 * no string the handler did not ask for, which is what keeps a sheet of millions of cells cheap.
 *
 * Everything is bounded before it is held: a tag, comment, processing instruction or CDATA
 * section longer than MAX_XML_TOKEN_BYTES, text wanted by the handler longer than
 * MAX_CELL_TEXT, or elements nested deeper than MAX_XML_DEPTH end the scan; text nobody
 * asked for is skipped without being kept. A DOCTYPE (where entities would be declared) is
 * refused wherever it appears, and entities other than XML's five and character references are
 * an error, so nothing is ever expanded.
 */

export type XmlProblemKind = 'doctype' | 'malformed' | 'token-too-long' | 'text-too-long';

/** Why a scan stopped; the reader that drove it turns this into a message naming the file and part. */
export class XmlProblem extends Error {
  constructor(
    readonly kind: XmlProblemKind,
    message: string,
  ) {
    super(message);
  }
}

export interface XmlHandler {
  /** An element starts; its attributes can be read with `scanner.attribute` during this call. */
  open(name: number, scanner: XmlScanner): void;
  /** An element ends (right after `open` for an empty element such as `<c r="A1"/>`). */
  close(name: number, scanner: XmlScanner): void;
}

/** What the scanner does with the text it meets: skips it, copies it into `text`, or only counts its bytes. */
export const SKIP = 0;
export const COPY = 1;
export const COUNT = 2;
export type Capture = typeof SKIP | typeof COPY | typeof COUNT;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const AMP = 0x26;
const SEMICOLON = 0x3b;
const COLON = 0x3a;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const EQUALS = 0x3d;
const CR = 0x0d;
const LF = 0x0a;

/** Attributes noted per element; the elements a reader looks into have two or three. */
const MAX_ATTRIBUTES_KEPT = 16;

const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x09 || byte === 0x0d;

const COMMENT_OPEN = Buffer.from('<!--');
const COMMENT_CLOSE = Buffer.from('-->');
const CDATA_OPEN = Buffer.from('<![CDATA[');
const CDATA_CLOSE = Buffer.from(']]>');
const DOCTYPE_OPEN = Buffer.from('<!DOCTYPE');
const PI_CLOSE = Buffer.from('?>');

function startsWith(bytes: Buffer, at: number, prefix: Buffer): boolean {
  for (let k = 0; k < prefix.length; k += 1) if (bytes[at + k] !== prefix[k]) return false;
  return true;
}

const NAMED_ENTITIES: Record<string, number> = { amp: 0x26, lt: 0x3c, gt: 0x3e, quot: 0x22, apos: 0x27 };

export class XmlScanner {
  /** What happens to text from here on; the handler sets it in `open` and `close`. */
  capture: Capture = SKIP;
  /** Text copied (COPY) since the handler last set `textLength` to 0, as UTF-8 in `text[0..textLength)`. */
  text: Buffer = Buffer.allocUnsafe(4096);
  /** Bytes of text copied or counted since the handler last reset it; bounded by MAX_CELL_TEXT. */
  textLength = 0;
  /** Where the last `attribute` call found its value: `bytes[valueStart..valueEnd)`, entities not decoded. */
  bytes: Buffer = Buffer.alloc(0);
  valueStart = 0;
  valueEnd = 0;

  /** Set by `pause`: the scan stops after the element the handler is at, keeping the rest for `resume`. */
  paused = false;
  private carry: Buffer | null = null;
  /** The last chunk ended on a CR in copied text: a LF starting the next one belongs to it. */
  private crAtEnd = false;
  /** Per open element: its name's hash (to check the end tag) and the handler's number for it. */
  private readonly stack = new Int32Array(MAX_XML_DEPTH);
  private readonly ids = new Int32Array(MAX_XML_DEPTH);
  private depth = 0;
  private rootSeen = false;
  private started = false;
  /** The attributes of the element being opened, four numbers each: where its name and its value start and end in `bytes`. */
  private readonly found = new Int32Array(4 * MAX_ATTRIBUTES_KEPT);
  private attributeCount = 0;
  private readonly names: Buffer[];

  /** `names` are the local names (without a namespace prefix) the handler cares about: each is reported as its index + 1, any other as 0. */
  constructor(
    private readonly handler: XmlHandler,
    names: readonly string[],
  ) {
    this.names = names.map((name) => Buffer.from(name, 'utf8'));
  }

  write(chunk: Buffer): void {
    let bytes = chunk;
    if (this.carry !== null) {
      bytes = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    let i = 0;
    if (!this.started) {
      if (bytes.length < 3) {
        this.carry = Buffer.from(bytes);
        return;
      }
      this.started = true;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
      else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        throw new XmlProblem('malformed', 'it is written in UTF-16, which Excel never uses for a workbook part');
      }
    }
    this.bytes = bytes;
    const n = bytes.length;
    if (this.crAtEnd) {
      this.crAtEnd = false;
      if (bytes[i] === LF && this.capture !== SKIP) i += 1;
    }
    while (i < n) {
      if (this.paused) {
        this.carry = Buffer.from(bytes.subarray(i));
        return;
      }
      if (bytes[i] !== LT) {
        if (this.capture === SKIP) {
          const next = bytes.indexOf(LT, i);
          const end = next < 0 ? n : next;
          if (this.depth === 0) this.onlySpace(bytes, i, end);
          i = end;
        } else {
          i = this.captureText(bytes, i, n);
          if (i < 0) return;
        }
        continue;
      }
      const next = i + 1 < n ? bytes[i + 1]! : -1;
      let end: number;
      if (next === SLASH) end = this.closeTag(bytes, i, n);
      else if (next === BANG) end = this.declaration(bytes, i, n);
      else if (next === QUESTION) end = this.skipUntil(bytes, i, n, PI_CLOSE, i + 2);
      else if (next === -1) end = -1;
      else end = this.openTag(bytes, i, n);
      if (end < 0) {
        this.keep(bytes, i);
        return;
      }
      i = end;
    }
  }

  /** Stops the scan after the current element, so that the handler's work can be taken before more is read. */
  pause(): void {
    this.paused = true;
  }

  /** Goes on with what a pause left unread (it may pause again). */
  resume(): void {
    this.paused = false;
    this.write(Buffer.alloc(0));
  }

  /** The part has ended: anything left open or half-read means it was cut short. */
  end(): void {
    if (this.carry !== null && this.carry.length > 0 && this.started) throw new XmlProblem('malformed', 'it ends in the middle of a tag');
    if (!this.rootSeen) throw new XmlProblem('malformed', 'it holds no XML element');
    if (this.depth > 0) throw new XmlProblem('malformed', 'it ends before its elements are closed');
  }

  /**
   * Finds the attribute `name` (exact, prefix included) of the element being opened and sets
   * `valueStart`/`valueEnd` to its value; false when the element does not have it.
   */
  attribute(name: Buffer): boolean {
    const bytes = this.bytes;
    const found = this.found;
    for (let k = 0; k < this.attributeCount; k += 1) {
      const nameStart = found[k * 4]!;
      if (found[k * 4 + 1]! - nameStart === name.length && startsWith(bytes, nameStart, name)) {
        this.valueStart = found[k * 4 + 2]!;
        this.valueEnd = found[k * 4 + 3]!;
        return true;
      }
    }
    return false;
  }

  /** Keeps an unfinished token for the next chunk, as long as it stays within bounds. */
  private keep(bytes: Buffer, from: number): void {
    if (bytes.length - from > MAX_XML_TOKEN_BYTES) this.tooLong();
    this.carry = Buffer.from(bytes.subarray(from));
  }

  private onlySpace(bytes: Buffer, from: number, to: number): void {
    for (let k = from; k < to; k += 1) {
      if (!isSpace(bytes[k]!)) throw new XmlProblem('malformed', this.rootSeen ? 'it holds text after its last element' : 'it does not start with an XML element');
    }
  }

  /** Copies or counts text up to the next '<'; returns where it stopped, or -1 when an entity is cut by the chunk's end (kept for the next one). */
  private captureText(bytes: Buffer, from: number, n: number): number {
    let start = from;
    let i = from;
    for (; i < n; i += 1) {
      const byte = bytes[i]!;
      if (byte === LT) break;
      if (byte === AMP) {
        this.append(bytes, start, i);
        const semicolon = bytes.indexOf(SEMICOLON, i + 1);
        if (semicolon < 0 || semicolon > i + 12) {
          if (semicolon < 0 && n - i <= 12) {
            this.keep(bytes, i);
            return -1;
          }
          throw new XmlProblem('malformed', 'it holds an "&" that starts no entity');
        }
        this.appendCodePoint(this.entity(bytes, i + 1, semicolon));
        i = semicolon;
        start = semicolon + 1;
      } else if (byte === CR) {
        // XML reads a line break written CR LF, or CR alone, as LF.
        this.append(bytes, start, i);
        this.appendCodePoint(LF);
        if (i + 1 >= n) this.crAtEnd = true;
        else if (bytes[i + 1] === LF) i += 1;
        start = i + 1;
      }
    }
    this.append(bytes, start, i);
    return i;
  }

  private append(bytes: Buffer, from: number, to: number): void {
    const length = to - from;
    if (length <= 0) return;
    this.grow(length);
    if (this.capture === COPY) {
      // Most cell values are a few bytes, for which a loop beats Buffer's copy and its checks.
      if (length < 64) {
        const text = this.text;
        for (let k = 0, at = this.textLength; k < length; k += 1) text[at + k] = bytes[from + k]!;
      } else bytes.copy(this.text, this.textLength, from, to);
    }
    this.textLength += length;
  }

  private grow(more: number): void {
    const needed = this.textLength + more;
    if (needed > MAX_CELL_TEXT) {
      throw new XmlProblem('text-too-long', `a cell holds more than ${MAX_CELL_TEXT.toLocaleString('en-US')} bytes of text`);
    }
    if (this.capture === COPY && needed > this.text.length) {
      const bigger = Buffer.allocUnsafe(Math.min(MAX_CELL_TEXT, Math.max(needed, this.text.length * 2)));
      this.text.copy(bigger, 0, 0, this.textLength);
      this.text = bigger;
    }
  }

  private appendCodePoint(code: number): void {
    const length = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    this.grow(length);
    if (this.capture !== COPY) {
      this.textLength += length;
      return;
    }
    const text = this.text;
    let at = this.textLength;
    if (length === 1) text[at++] = code;
    else if (length === 2) {
      text[at++] = 0xc0 | (code >> 6);
      text[at++] = 0x80 | (code & 0x3f);
    } else if (length === 3) {
      text[at++] = 0xe0 | (code >> 12);
      text[at++] = 0x80 | ((code >> 6) & 0x3f);
      text[at++] = 0x80 | (code & 0x3f);
    } else {
      text[at++] = 0xf0 | (code >> 18);
      text[at++] = 0x80 | ((code >> 12) & 0x3f);
      text[at++] = 0x80 | ((code >> 6) & 0x3f);
      text[at++] = 0x80 | (code & 0x3f);
    }
    this.textLength = at;
  }

  /** The character an entity stands for: one of XML's five, or a character reference. */
  private entity(bytes: Buffer, from: number, to: number): number {
    const name = bytes.toString('latin1', from, to);
    if (name.charCodeAt(0) === 0x23) {
      const code = name.charCodeAt(1) === 0x78 ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      const digits = name.charCodeAt(1) === 0x78 ? /^#x[0-9a-fA-F]+$/ : /^#[0-9]+$/;
      // Only characters XML allows: no NUL, no lone surrogate, nothing past Unicode's last plane.
      if (!digits.test(name) || code === 0 || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff || code === 0xfffe || code === 0xffff) {
        throw new XmlProblem('malformed', `it holds the character reference "&${name};", which is no character XML allows`);
      }
      return code;
    }
    const code = NAMED_ENTITIES[name];
    if (code === undefined) throw new XmlProblem('malformed', `it uses the entity "&${name.slice(0, 40)};", which nothing declares`);
    return code;
  }

  /** A name's hash, so that each end tag can be checked against its start tag without keeping the name. */
  private static hash(bytes: Buffer, from: number, to: number): number {
    let hash = 0x811c9dc5;
    for (let k = from; k < to; k += 1) hash = Math.imul(hash ^ bytes[k]!, 0x01000193);
    return hash;
  }

  /** The handler's number for an element's local name (the part after any prefix such as "x:"). */
  private nameId(bytes: Buffer, from: number, to: number): number {
    let local = from;
    for (let k = from; k < to; k += 1) if (bytes[k] === COLON) local = k + 1;
    const length = to - local;
    const names = this.names;
    for (let id = 0; id < names.length; id += 1) {
      const name = names[id]!;
      if (name.length === length && name[0] === bytes[local] && startsWith(bytes, local, name)) return id + 1;
    }
    return 0;
  }

  /** An element's start tag, its attributes noted on the way; -1 when the chunk ends inside it. */
  private openTag(bytes: Buffer, at: number, n: number): number {
    let i = at + 1;
    while (i < n) {
      const byte = bytes[i]!;
      if (byte === GT || byte === SLASH || isSpace(byte)) break;
      i += 1;
    }
    const nameEnd = i;
    if (nameEnd === at + 1 && i < n) throw new XmlProblem('malformed', 'it holds a "<" that starts no element');
    const found = this.found;
    let count = 0;
    let empty = false;
    for (;;) {
      while (i < n && isSpace(bytes[i]!)) i += 1;
      if (i >= n) return -1;
      let byte = bytes[i]!;
      if (byte === GT) break;
      if (byte === SLASH) {
        if (i + 1 >= n) return -1;
        if (bytes[i + 1] !== GT) throw new XmlProblem('malformed', 'a tag is not closed');
        empty = true;
        i += 1;
        break;
      }
      const attributeStart = i;
      while (i < n && (byte = bytes[i]!) !== EQUALS && !isSpace(byte) && byte !== GT && byte !== SLASH && byte !== LT) i += 1;
      const attributeEnd = i;
      while (i < n && isSpace(bytes[i]!)) i += 1;
      if (i >= n) return -1;
      if (bytes[i] !== EQUALS || attributeEnd === attributeStart) throw new XmlProblem('malformed', 'an attribute has no value');
      i += 1;
      while (i < n && isSpace(bytes[i]!)) i += 1;
      if (i >= n) return -1;
      const quote = bytes[i]!;
      if (quote !== QUOTE && quote !== APOSTROPHE) throw new XmlProblem('malformed', 'an attribute value is not quoted');
      const valueEnd = bytes.indexOf(quote, i + 1);
      if (valueEnd < 0 || valueEnd >= n) return -1;
      if (count < MAX_ATTRIBUTES_KEPT) {
        found[count * 4] = attributeStart;
        found[count * 4 + 1] = attributeEnd;
        found[count * 4 + 2] = i + 1;
        found[count * 4 + 3] = valueEnd;
        count += 1;
      }
      i = valueEnd + 1;
      if (i - at > MAX_XML_TOKEN_BYTES) this.tooLong();
    }
    if (i - at > MAX_XML_TOKEN_BYTES) this.tooLong();
    if (this.depth === 0 && this.rootSeen) throw new XmlProblem('malformed', 'it holds more than one root element');
    if (this.depth >= MAX_XML_DEPTH) throw new XmlProblem('malformed', `its elements nest deeper than ${MAX_XML_DEPTH} levels`);
    this.rootSeen = true;
    const id = this.nameId(bytes, at + 1, nameEnd);
    this.ids[this.depth] = id;
    this.stack[this.depth++] = XmlScanner.hash(bytes, at + 1, nameEnd);
    this.attributeCount = count;
    this.handler.open(id, this);
    if (empty) {
      this.depth -= 1;
      this.handler.close(id, this);
    }
    return i + 1;
  }

  private closeTag(bytes: Buffer, at: number, n: number): number {
    const end = bytes.indexOf(GT, at + 2);
    if (end < 0 || end >= n) return -1;
    let nameEnd = end;
    while (nameEnd > at + 2 && isSpace(bytes[nameEnd - 1]!)) nameEnd -= 1;
    if (this.depth === 0 || this.stack[this.depth - 1] !== XmlScanner.hash(bytes, at + 2, nameEnd)) {
      throw new XmlProblem('malformed', `the end tag </${bytes.toString('utf8', at + 2, Math.min(nameEnd, at + 42))}> closes no element it opened`);
    }
    this.depth -= 1;
    this.handler.close(this.ids[this.depth]!, this);
    return end + 1;
  }

  /** `<!--`, `<![CDATA[` or `<!DOCTYPE`: a comment is skipped, CDATA is text, a DOCTYPE ends the scan. */
  private declaration(bytes: Buffer, at: number, n: number): number {
    if (n - at < COMMENT_OPEN.length) return -1;
    if (startsWith(bytes, at, COMMENT_OPEN)) return this.skipUntil(bytes, at, n, COMMENT_CLOSE, at + 4);
    if (n - at < CDATA_OPEN.length) return -1;
    if (startsWith(bytes, at, DOCTYPE_OPEN)) throw new XmlProblem('doctype', 'it holds a DOCTYPE');
    if (!startsWith(bytes, at, CDATA_OPEN)) throw new XmlProblem('malformed', 'it holds a "<!" that is neither a comment nor CDATA');
    const end = bytes.indexOf(CDATA_CLOSE, at + CDATA_OPEN.length);
    if (end < 0) return -1;
    if (end - at > MAX_XML_TOKEN_BYTES) this.tooLong();
    if (this.depth === 0) throw new XmlProblem('malformed', 'it holds CDATA outside its elements');
    if (this.capture !== SKIP) this.append(bytes, at + CDATA_OPEN.length, end);
    return end + CDATA_CLOSE.length;
  }

  private skipUntil(bytes: Buffer, at: number, n: number, close: Buffer, from: number): number {
    const end = bytes.indexOf(close, from);
    if (end < 0 || end + close.length > n) return -1;
    if (end - at > MAX_XML_TOKEN_BYTES) this.tooLong();
    return end + close.length;
  }

  private tooLong(): never {
    throw new XmlProblem('token-too-long', `one of its tags (or comments) is longer than ${MAX_XML_TOKEN_BYTES.toLocaleString('en-US')} bytes`);
  }
}
