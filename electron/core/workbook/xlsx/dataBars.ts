import type { SheetModel } from './sheetModel';
import { onlyKeys, unsupported } from './unsupported';
import { xmlText } from './xmlText';

/** Data bars, the one kind of conditional formatting the workbook uses (on the Summary). */

/** Excel ties each data bar to its 2010 description by an id; these are made from the bar's place, so the same workbook always gives the same file. */
function dataBarId(sheetNumber: number, index: number): string {
  const hex = (sheetNumber * 0x10000 + index).toString(16).toUpperCase().padStart(12, '0');
  return `{00000000-0000-4000-8000-${hex}}`;
}

export interface DataBar {
  ref: string;
  priority: number;
  cfvo: { type: string; value?: number }[];
  color: string;
  gradient: boolean;
  id: string;
}

export function dataBars(model: SheetModel, sheetNumber: number): DataBar[] {
  const bars: DataBar[] = [];
  for (const format of model.conditionalFormattings) {
    for (const rule of format.rules) {
      const { type, priority, gradient, cfvo, color } = rule as { type: string; priority: number; gradient?: boolean; cfvo: DataBar['cfvo']; color?: { argb?: string } };
      onlyKeys(rule, ['type', 'priority', 'gradient', 'cfvo', 'color'], 'the data bar setting', `${model.name}!${format.ref}`);
      if (type !== 'dataBar' || !color?.argb) throw unsupported(`conditional formatting other than plain data bars (${type})`, `${model.name}!${format.ref}`);
      for (const value of cfvo) if (!['num', 'min', 'max', 'percent', 'percentile'].includes(value.type)) throw unsupported(`a data bar bound of type ${value.type}`, `${model.name}!${format.ref}`);
      bars.push({ ref: format.ref, priority, cfvo, color: color.argb, gradient: gradient !== false, id: dataBarId(sheetNumber, bars.length) });
    }
  }
  return bars;
}

const X14 = 'http://schemas.microsoft.com/office/spreadsheetml/2009/9/main';

export function dataBarXml(bar: DataBar): string {
  const bounds = bar.cfvo.map((value) => `<cfvo type="${value.type}"${value.value !== undefined ? ` val="${value.value}"` : ''}/>`).join('');
  return (
    `<conditionalFormatting sqref="${xmlText(bar.ref)}"><cfRule type="dataBar" priority="${bar.priority}"><dataBar>${bounds}<color rgb="${xmlText(bar.color)}"/></dataBar>` +
    `<extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}" xmlns:x14="${X14}"><x14:id>${bar.id}</x14:id></ext></extLst></cfRule></conditionalFormatting>`
  );
}

/** Excel 2010's own description of each data bar, without which it draws them with a gradient and a border. */
export function dataBarExtensionXml(bars: DataBar[]): string {
  if (bars.length === 0) return '';
  const rules = bars.map((bar) => {
    const bounds = bar.cfvo.map((value) => (value.value !== undefined ? `<x14:cfvo type="${value.type}"><xm:f>${value.value}</xm:f></x14:cfvo>` : `<x14:cfvo type="${value.type}"/>`)).join('');
    return (
      '<x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">' +
      `<x14:cfRule type="dataBar" id="${bar.id}"><x14:dataBar minLength="0" maxLength="100"${bar.gradient ? '' : ' gradient="0"'}>${bounds}</x14:dataBar></x14:cfRule>` +
      `<xm:sqref>${xmlText(bar.ref)}</xm:sqref></x14:conditionalFormatting>`
    );
  });
  return `<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="${X14}"><x14:conditionalFormattings>${rules.join('')}</x14:conditionalFormattings></ext></extLst>`;
}
