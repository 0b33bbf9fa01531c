/**
 * Every limit the inventory import enforces, in one place (the README's limits table lists
 * them). Each is checked before the thing it bounds is held in memory, so that a file within
 * them never takes a process near a gigabyte, and one past them is refused with a message
 * naming the limit.
 */

const MiB = 1024 ** 2;

/** Sum of the declared unpacked sizes of every part of an .xlsx package. */
export const MAX_UNCOMPRESSED_BYTES = 2048 * MiB;
/** The shared strings part (the text of the workbook's cells), which is kept in memory while the sheet is read. */
export const MAX_SHARED_STRINGS_BYTES = 256 * MiB;
/** workbook.xml and its relationships, read whole to list the sheets. */
export const MAX_WORKBOOK_PART_BYTES = 8 * MiB;
/** Parts listed in a zip directory; a workbook has a few dozen. */
export const MAX_ZIP_ENTRIES = 100_000;
/** A CSV file. */
export const MAX_CSV_BYTES = 256 * MiB;
/** Data rows read from one sheet or CSV file. */
export const MAX_ROWS = 200_000;
/** Columns of a row: as many as an Excel sheet can have (A to XFD). */
export const MAX_COLUMNS = 16_384;
/** Text of one cell, one shared string or one CSV field (bytes of UTF-8 in an .xlsx, characters in a CSV). */
export const MAX_CELL_TEXT = MiB;
/** Text of one row of a sheet, or one line (record) of a CSV file. */
export const MAX_ROW_TEXT = 4 * MiB;
/**
 * Text in all the cells of one sheet, counting a shared string each time a cell shows it. It
 * bounds what the cells read can ever amount to as strings (a 200,000-row RVTools sheet of 45
 * columns holds about 200 MB), so that even a file built to repeat one long string everywhere
 * stays well under a gigabyte.
 */
export const MAX_SHEET_TEXT = 512 * MiB;
/** One XML tag, comment, processing instruction or CDATA section. */
export const MAX_XML_TOKEN_BYTES = MiB;
/** How deep the elements of a workbook part may nest (Excel's sheets use about six levels). */
export const MAX_XML_DEPTH = 256;

/** Text shown but never stored (a sample cell, a preview row's owner, site, notes...), beyond which it is cut. */
export const MAX_SHOWN_TEXT = 1000;
/** What may come before the first element of a package part (the XML declaration, comments). */
export const MAX_PROLOG_BYTES = 32 * 1024;

/** Text for display only, cut to MAX_SHOWN_TEXT characters. */
export const shown = (text: string) => (text.length > MAX_SHOWN_TEXT ? `${text.slice(0, MAX_SHOWN_TEXT)}…` : text);

/** "4 MB", "2048 MB": how the messages state a size. */
export const megabytes = (bytes: number) => `${Math.round(bytes / MiB)} MB`;
