import { describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../../shared/api/importContract';
import { columnSamples, likelyColumn, suggestGrouping } from './groupingSuggestion';

const mapping = (columns: ImportMapping['columns']): ImportMapping => ({ columns, memoryUnit: 'MiB', storageUnit: 'MiB' });
const rows = (...cells: string[][]) => cells.map((row) => ({ cells: row }));

describe('the grouping the import wizard offers first', () => {
  const headers = ['VM', 'Folder ID', 'Folder', 'Annotation', 'Application'];

  it('groups by the application column when it has values', () => {
    const data = rows(['erp-db01', 'group-v138', '/DC1/vm/ERP', 'ERP database', 'ERP'], ['crm-web01', 'group-v139', '/DC1/vm/CRM', '', 'CRM']);
    expect(suggestGrouping(mapping({ name: ['VM'], application: ['Application'] }), headers, data)).toEqual({ kind: 'column', column: 'Application' });
  });

  it('passes over an application column that is empty in the first rows, to the annotation', () => {
    const data = rows(['erp-db01', 'group-v138', '/DC1/vm/ERP', 'ERP database', ''], ['crm-web01', 'group-v139', '/DC1/vm/CRM', 'CRM front end', '']);
    expect(suggestGrouping(mapping({ name: ['VM'], application: ['Application'] }), headers, data)).toEqual({ kind: 'column', column: 'Annotation' });
  });

  it('takes a folder path, never the folder id beside it', () => {
    const data = rows(['erp-db01', 'group-v138', '/DC1/vm/ERP', '', ''], ['crm-web01', 'group-v139', '/DC1/vm/CRM', '', '']);
    expect(suggestGrouping(mapping({ name: ['VM'] }), headers, data)).toEqual({ kind: 'column', column: 'Folder' });
    expect(likelyColumn(headers, data, { kind: 'none' })).toBe('Folder');
  });

  it('falls back to the start of the name when most names share a delimiter, and to none when they do not', () => {
    const ids = ['VM', 'Folder ID'];
    expect(suggestGrouping(mapping({ name: ['VM'] }), ids, rows(['erp-db01', 'group-v1'], ['crm-web01', 'group-v2'], ['legacy', 'group-v3']))).toEqual({
      kind: 'prefix',
      delimiter: '-',
    });
    expect(suggestGrouping(mapping({ name: ['VM'] }), ids, rows(['wadfs1', 'group-v1'], ['wowas1', 'group-v2'], ['erp-db', 'group-v3']))).toEqual({ kind: 'none' });
    expect(likelyColumn(ids, rows(['wadfs1', 'group-v1']), { kind: 'none' })).toBeNull();
  });

  it('lists the first distinct values of each column, in the headers’ order', () => {
    expect(columnSamples(['A', 'B'], rows(['x', ''], ['x', 'b1'], ['y', 'b2'], ['z', 'b3'], ['w', 'b4']))).toEqual([
      ['x', 'y', 'z'],
      ['b1', 'b2', 'b3'],
    ]);
  });
});
