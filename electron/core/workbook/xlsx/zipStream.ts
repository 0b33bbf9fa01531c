import type { FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, type ZlibOptions } from 'node:zlib';

/**
 * A zip file written as it is produced: each entry's text is compressed in chunks of about a
 * megabyte and written straight out, so memory stays flat whatever the size of the workbook.
 * Each chunk is compressed on its own (on libuv's thread pool, while the next chunk is being
 * built) and ends on a byte boundary without closing the stream, so the chunks of an entry
 * join into one valid deflate stream; the last one closes it. Sizes and checksums are filled
 * into each entry's header once known, so the file has no data descriptors and every reader
 * finds everything where the header says.
 */

const compress = promisify<Buffer, ZlibOptions, Buffer>(deflateRaw);

/** Text gathered before it is compressed: large enough to compress well, small enough to stay flat. */
const CHUNK_CHARACTERS = 1 << 20;
const LEVEL = 6;
/** The classic zip format counts sizes, offsets and entries in 32 and 16 bits. */
const MAX_BYTES = 0xffff_ffff;
const MAX_ENTRIES = 0xffff;

/** Where the zip goes: bytes appended in order, and header fields filled in afterwards. */
export interface ZipOutput {
  append(data: Buffer): Promise<void>;
  overwrite(position: number, data: Buffer): Promise<void>;
}

export class FileOutput implements ZipOutput {
  private position = 0;
  constructor(private readonly file: FileHandle) {}

  async append(data: Buffer): Promise<void> {
    await this.file.write(data, 0, data.length, this.position);
    this.position += data.length;
  }

  async overwrite(position: number, data: Buffer): Promise<void> {
    await this.file.write(data, 0, data.length, position);
  }
}

export class BufferOutput implements ZipOutput {
  private readonly chunks: Buffer[] = [];
  private length = 0;

  async append(data: Buffer): Promise<void> {
    this.chunks.push(data);
    this.length += data.length;
  }

  async overwrite(position: number, data: Buffer): Promise<void> {
    let start = 0;
    for (const chunk of this.chunks) {
      if (position >= start && position + data.length <= start + chunk.length) {
        data.copy(chunk, position - start);
        return;
      }
      start += chunk.length;
    }
    throw new Error(`no chunk holds bytes ${position}–${position + data.length}`);
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

interface EntryRecord {
  name: Buffer;
  offset: number;
  crc: number;
  compressedSize: number;
  size: number;
}

/** MS-DOS date and time, as zip headers keep them (two-second steps, from 1980). */
function dosDateTime(date: Date): { time: number; day: number } {
  const year = Math.max(1980, date.getUTCFullYear());
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    day: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

function tooLarge(what: string): Error {
  return new Error(`the workbook is too large for the zip format (${what})`);
}

export class ZipWriter {
  private offset = 0;
  private readonly entries: EntryRecord[] = [];
  private readonly stamp: { time: number; day: number };
  private open: ZipEntry | null = null;

  constructor(
    private readonly output: ZipOutput,
    modified: Date,
  ) {
    this.stamp = dosDateTime(modified);
  }

  /** Starts the next entry; the one before must be closed. */
  async entry(name: string): Promise<ZipEntry> {
    if (this.open) throw new Error(`${name} started before the entry before it was closed`);
    if (this.entries.length === MAX_ENTRIES) throw tooLarge('entries');
    const record: EntryRecord = { name: Buffer.from(name, 'utf8'), offset: this.offset, crc: 0, compressedSize: 0, size: 0 };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: deflate
    header.writeUInt16LE(0x0800, 6); // names in UTF-8
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.day, 12);
    header.writeUInt16LE(record.name.length, 26);
    await this.write(Buffer.concat([header, record.name]));
    this.entries.push(record);
    this.open = new ZipEntry(record, (data) => this.write(data), async () => {
      const sizes = Buffer.alloc(12);
      sizes.writeUInt32LE(record.crc, 0);
      sizes.writeUInt32LE(record.compressedSize, 4);
      sizes.writeUInt32LE(record.size, 8);
      await this.output.overwrite(record.offset + 14, sizes);
      this.open = null;
    });
    return this.open;
  }

  /** One entry whose text (or bytes) are all at hand. */
  async add(name: string, content: string | Buffer): Promise<void> {
    const entry = await this.entry(name);
    await (typeof content === 'string' ? entry.write(content) : entry.writeBytes(content));
    await entry.close();
  }

  /** Writes the central directory: the zip is complete after this. */
  async finish(): Promise<void> {
    if (this.open) throw new Error('the zip was finished with an entry still open');
    const start = this.offset;
    for (const entry of this.entries) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4); // made by: MS-DOS attributes, zip 2.0
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(0x0800, 8);
      header.writeUInt16LE(8, 10);
      header.writeUInt16LE(this.stamp.time, 12);
      header.writeUInt16LE(this.stamp.day, 14);
      header.writeUInt32LE(entry.crc, 16);
      header.writeUInt32LE(entry.compressedSize, 20);
      header.writeUInt32LE(entry.size, 24);
      header.writeUInt16LE(entry.name.length, 28);
      header.writeUInt32LE(entry.offset, 42);
      await this.write(Buffer.concat([header, entry.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
  }

  private async write(data: Buffer): Promise<void> {
    if (this.offset + data.length > MAX_BYTES) throw tooLarge('more than 4 GB');
    await this.output.append(data);
    this.offset += data.length;
  }
}

export class ZipEntry {
  private pending = '';
  /** The chunk being compressed while the next one is built. */
  private compressing: Promise<Buffer> | null = null;

  constructor(
    private readonly record: EntryRecord,
    private readonly output: (data: Buffer) => Promise<void>,
    private readonly closed: () => Promise<void>,
  ) {}

  /** Adds text to the entry; it is compressed and written out once a chunk's worth has gathered. */
  async write(text: string): Promise<void> {
    this.pending += text;
    if (this.pending.length >= CHUNK_CHARACTERS) await this.flush(false);
  }

  /** Adds bytes (a picture) to the entry, after any text before them. */
  async writeBytes(data: Buffer): Promise<void> {
    if (this.pending) await this.flush(false);
    await this.compressChunk(data, false);
  }

  async close(): Promise<void> {
    await this.flush(true);
    await this.drain();
    await this.closed();
  }

  private async flush(last: boolean): Promise<void> {
    const data = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    await this.compressChunk(data, last);
  }

  private async compressChunk(data: Buffer, last: boolean): Promise<void> {
    this.record.crc = crc32(data, this.record.crc);
    this.record.size += data.length;
    if (this.record.size > MAX_BYTES) throw tooLarge(`${this.record.name.toString()} over 4 GB`);
    const next = compress(data, { level: LEVEL, finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
    // Failures surface when the chunk is awaited below, never as an unhandled rejection meanwhile.
    next.catch(() => undefined);
    await this.drain();
    this.compressing = next;
  }

  private async drain(): Promise<void> {
    if (!this.compressing) return;
    const compressed = await this.compressing;
    this.compressing = null;
    this.record.compressedSize += compressed.length;
    await this.output(compressed);
  }
}
