import type ExcelJS from 'exceljs';
import type { SheetModel } from './sheetModel';
import { unsupported } from './unsupported';
import type { ZipWriter } from './zipStream';

/**
 * Pictures on a page (the logos on the Cover): each picture's bytes once in `xl/media`, and per
 * sheet a drawing that places them, anchored at a cell with an offset and a size, as exceljs
 * places them.
 */

/** EMUs, the drawing's unit, per pixel at 96 dpi. */
const EMU_PER_PIXEL = 9525;

export interface Picture {
  imageId: number;
  /** Where the picture's top left corner is: a cell and an offset into it, in EMUs. */
  from: { nativeCol: number; nativeColOff: number; nativeRow: number; nativeRowOff: number };
  /** Its size in pixels. */
  ext: { width: number; height: number };
}

interface MediaModel {
  type: string;
  imageId?: number;
  hyperlinks?: unknown;
  range?: { tl?: Picture['from']; br?: unknown; ext?: Picture['ext']; editAs?: string };
}

/** The sheet's pictures, anchored by their top left corner and a size; anything else is refused. */
export function picturesOf(model: SheetModel): Picture[] {
  return (model.media as MediaModel[]).map((medium) => {
    const where = `sheet ${model.name}`;
    if (medium.type !== 'image' || medium.imageId === undefined) throw unsupported(`a ${medium.type} picture`, where);
    const range = medium.range;
    if (!range?.tl || !range.ext || range.br || (range.editAs && range.editAs !== 'oneCell') || medium.hyperlinks) {
      throw unsupported('a picture placed other than by its corner and size (two-cell anchors, links)', where);
    }
    return { imageId: medium.imageId, from: range.tl, ext: range.ext };
  });
}

/** The workbook's picture files, each written once however many sheets show it. */
export class WorkbookMedia {
  private readonly written = new Map<number, string>();
  readonly extensions = new Set<string>();

  constructor(private readonly book: ExcelJS.Workbook) {}

  /** The picture's file name in `xl/media`, writing it the first time it is asked for. */
  async file(zip: ZipWriter, imageId: number): Promise<string> {
    let name = this.written.get(imageId);
    if (name) return name;
    const image = this.book.getImage(imageId) as ExcelJS.Image & { buffer?: Buffer };
    const bytes = image.buffer ?? (image.base64 !== undefined ? Buffer.from(image.base64.slice(image.base64.indexOf(',') + 1), 'base64') : null);
    if (!bytes) throw unsupported('a picture read from a file name', `picture ${imageId + 1}`);
    name = `image${imageId + 1}.${image.extension}`;
    await zip.add(`xl/media/${name}`, bytes);
    this.extensions.add(image.extension);
    this.written.set(imageId, name);
    return name;
  }
}

function pictureXml(picture: Picture, index: number): string {
  const { from, ext } = picture;
  return (
    '<xdr:oneCellAnchor editAs="oneCell">' +
    `<xdr:from><xdr:col>${from.nativeCol}</xdr:col><xdr:colOff>${from.nativeColOff}</xdr:colOff><xdr:row>${from.nativeRow}</xdr:row><xdr:rowOff>${from.nativeRowOff}</xdr:rowOff></xdr:from>` +
    `<xdr:ext cx="${Math.floor(ext.width * EMU_PER_PIXEL)}" cy="${Math.floor(ext.height * EMU_PER_PIXEL)}"/>` +
    `<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="${index + 1}" name="Picture ${index + 1}"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>` +
    `<xdr:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="rId${index + 1}" cstate="print"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>` +
    '<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>'
  );
}

/** Writes `xl/drawings/drawing{number}.xml`, which places the sheet's pictures, and its relationships to their files. */
export async function writeDrawing(zip: ZipWriter, number: number, pictures: readonly Picture[], media: WorkbookMedia): Promise<void> {
  const files: string[] = [];
  for (const picture of pictures) files.push(await media.file(zip, picture.imageId));
  await zip.add(
    `xl/drawings/drawing${number}.xml`,
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' +
      pictures.map(pictureXml).join('') +
      '</xdr:wsDr>',
  );
  const relationships = files.map((file, index) => `<Relationship Id="rId${index + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../media/${file}"/>`);
  await zip.add(
    `xl/drawings/_rels/drawing${number}.xml.rels`,
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationships.join('')}</Relationships>`,
  );
}
