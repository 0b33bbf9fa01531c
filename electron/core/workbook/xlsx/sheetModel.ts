import type ExcelJS from 'exceljs';
import type { CellStyle } from './styleSheet';
import { onlyKeys, unsupported } from './unsupported';

/** What the writer reads from exceljs's model of a sheet, and what of it the writer refuses. */

/** The parts of exceljs's worksheet model this writer reads; the typings leave most of it out. */
export interface SheetModel {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  properties: { tabColor?: unknown; outlineProperties?: unknown; outlineLevelRow?: number; outlineLevelCol?: number; defaultColWidth?: number };
  views: { workbookViewId?: number; showGridLines?: boolean; state?: string; xSplit?: number; ySplit?: number; topLeftCell?: string; activeCell?: string }[];
  cols?: { min: number; max: number; width?: number; hidden?: boolean; style?: object; outlineLevel?: number }[];
  rows: { number: number; height?: number; hidden?: boolean; style?: object; outlineLevel?: number; cells: CellModel[] }[];
  merges: string[];
  autoFilter: null | string | { from: { row: number; column: number }; to: { row: number; column: number } };
  conditionalFormattings: { ref: string; rules: Record<string, unknown>[] }[];
  dataValidations: Record<string, ExcelJS.DataValidation>;
  sheetProtection: null | Record<string, unknown>;
  pageSetup: Partial<ExcelJS.PageSetup> & Record<string, unknown>;
  headerFooter: Partial<ExcelJS.HeaderFooter> | null;
  rowBreaks: unknown[];
  media: unknown[];
  tables: unknown[];
}

export interface CellModel {
  address: string;
  type: ExcelJS.ValueType;
  value?: unknown;
  style?: CellStyle;
  comment?: { note?: string | { texts?: { text: string }[] } };
}

export function isEmpty(value: object | null | undefined): boolean {
  return !value || Object.values(value).every((inner) => inner === undefined || inner === null || inner === false);
}

/** What a sheet model holds that this writer would otherwise leave out in silence. */
export function refuseUnsupported(model: SheetModel): void {
  const where = `sheet ${model.name}`;
  const { properties, pageSetup } = model;
  if (properties.tabColor || properties.outlineProperties || properties.outlineLevelRow || properties.outlineLevelCol || properties.defaultColWidth) throw unsupported('tab colours, outlines or default widths', where);
  if (model.tables.length > 0) throw unsupported('Excel tables', where);
  if (model.rowBreaks.length > 0 || (pageSetup.colBreaks as unknown[] | null)?.length) throw unsupported('page breaks', where);
  if (pageSetup.printArea || pageSetup.printTitlesColumn) throw unsupported('a print area or print title columns', where);
  if (pageSetup.showRowColHeaders || pageSetup.showGridLines || pageSetup.horizontalCentered || pageSetup.verticalCentered) throw unsupported('print options', where);
  if (pageSetup.blackAndWhite || pageSetup.draft || pageSetup.firstPageNumber || (pageSetup as { usePrinterDefaults?: boolean }).usePrinterDefaults || (pageSetup as { copies?: number }).copies) {
    throw unsupported('these printer settings', where);
  }
  if (pageSetup.pageOrder === 'overThenDown' || (pageSetup.cellComments && pageSetup.cellComments !== 'None') || (pageSetup.errors && pageSetup.errors !== 'displayed')) {
    throw unsupported('page order, printed notes or printed errors', where);
  }
  const footer = model.headerFooter;
  if (footer && (footer.differentFirst || footer.differentOddEven || footer.evenHeader || footer.evenFooter || footer.firstHeader || footer.firstFooter)) throw unsupported('first-page or even-page headers', where);
  for (const view of model.views) {
    onlyKeys(view, ['workbookViewId', 'showGridLines', 'state', 'xSplit', 'ySplit', 'topLeftCell', 'activeCell'], 'the sheet view setting', where);
    if ((view.state && view.state !== 'frozen' && view.state !== 'normal') || (view.workbookViewId ?? 0) !== 0) throw unsupported(`a ${view.state} sheet view`, where);
  }
  if (model.sheetProtection) onlyKeys(model.sheetProtection, ['sheet', 'selectLockedCells', 'selectUnlockedCells'], 'the sheet protection setting (a password, say)', where);
}
