import { describe, expect, it } from 'vitest';
import { FirstRows } from './firstRows';

describe('the first row of each VM name', () => {
  it('finds a name again in any case, as toLowerCase compares them, and keeps the row it first appeared in', () => {
    const rows = new FirstRows();
    expect(rows.firstRow('WEB01', 2)).toBeUndefined();
    expect(rows.firstRow('web01', 3)).toBe(2);
    expect(rows.firstRow('Web01', 9)).toBe(2);
    expect(rows.firstRow('WEB1', 4)).toBeUndefined();
    // Beyond ASCII: "É" and "é" are one name; the Kelvin sign lower-cases to an ASCII "k".
    expect(rows.firstRow('SERVEUR-É1', 5)).toBeUndefined();
    expect(rows.firstRow('serveur-é1', 6)).toBe(5);
    expect(rows.firstRow('kube01', 7)).toBeUndefined();
    expect(rows.firstRow('\u212Aube01', 8)).toBe(7);
    expect(rows.firstRow('\u212Aube02', 10)).toBeUndefined();
    expect(rows.firstRow('KUBE02', 11)).toBe(10);
  });

  it('agrees with a map of lower-cased names over many names, through every growth of its table', () => {
    const rows = new FirstRows();
    const reference = new Map<string, number>();
    for (let row = 1; row <= 30_000; row += 1) {
      // Each name comes back now and then in another case.
      const n = row % 7 === 0 ? row - 3 : row;
      const name = row % 2 === 0 ? `Host-${n}` : `HOST-${n}`;
      const expected = reference.get(name.toLowerCase());
      if (expected === undefined) reference.set(name.toLowerCase(), row);
      expect(rows.firstRow(name, row)).toBe(expected);
    }
  });
});
