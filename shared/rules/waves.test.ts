import { describe, expect, it } from 'vitest';
import { dependencyOrder } from './waves';

const graph = (edges: Record<string, string[]>) => (id: string) => edges[id] ?? [];

describe('recovery waves', () => {
  it('orders a diamond: the shared dependency first, the two in parallel, the top last', () => {
    // Portal needs Orders and Billing; both need the Database.
    const order = dependencyOrder(['Portal', 'Orders', 'Billing', 'Database'], graph({ Portal: ['Orders', 'Billing'], Orders: ['Database'], Billing: ['Database'] }));
    expect(order.waves).toEqual([['Database'], ['Orders', 'Billing'], ['Portal']]);
    expect(order.cycles).toEqual([]);
    expect(order.order.indexOf('Database')).toBeLessThan(order.order.indexOf('Orders'));
    expect(order.order.indexOf('Billing')).toBeLessThan(order.order.indexOf('Portal'));
  });

  it('puts applications without dependencies between them in one wave', () => {
    expect(dependencyOrder(['A', 'B', 'C'], graph({})).waves).toEqual([['A', 'B', 'C']]);
  });

  it('ignores dependencies on applications this disaster does not take down', () => {
    expect(dependencyOrder(['A'], graph({ A: ['Elsewhere'] })).waves).toEqual([['A']]);
  });

  it('reports a cycle and places it, and what waits for it, after everything that can be ordered', () => {
    // Scheduling and Billing need each other; Reporting needs Billing; Web needs Database, which is orderable.
    const order = dependencyOrder(
      ['Scheduling', 'Billing', 'Reporting', 'Web', 'Database'],
      graph({ Scheduling: ['Billing'], Billing: ['Scheduling', 'Database'], Reporting: ['Billing'], Web: ['Database'] }),
    );
    expect(order.cycles).toEqual([['Scheduling', 'Billing']]);
    expect(order.waves).toEqual([['Database'], ['Web'], ['Scheduling', 'Billing'], ['Reporting']]);
    expect(order.cycleOf.get('Billing')).toBe(0);
    expect(order.cycleOf.has('Reporting')).toBe(false);
    // Times are worked out dependencies first: the database before the cycle, the cycle before Reporting.
    expect(order.order.indexOf('Database')).toBeLessThan(order.order.indexOf('Billing'));
    expect(order.order.indexOf('Scheduling')).toBeLessThan(order.order.indexOf('Reporting'));
  });

  it('near miss: a chain that only looks circular is ordered, with no cycle reported', () => {
    const order = dependencyOrder(['A', 'B', 'C'], graph({ A: ['B'], B: ['C'] }));
    expect(order.cycles).toEqual([]);
    expect(order.waves).toEqual([['C'], ['B'], ['A']]);
  });

  it('orders a chain of ten thousand without running out of stack', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `app-${i}`);
    const order = dependencyOrder(ids, (id) => {
      const i = Number(id.slice(4));
      return i > 0 ? [`app-${i - 1}`] : [];
    });
    expect(order.waves).toHaveLength(10_000);
    expect(order.wave.get('app-9999')).toBe(10_000);
  });
});
