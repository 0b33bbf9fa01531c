/**
 * The order applications come back in after a disaster: an application starts once everything it
 * depends on is back, so each one's wave is one after the latest wave among its dependencies, and
 * applications without a dependency between them share a wave. Applications that depend on each
 * other in a circle have no such order: they are reported as cycles and placed, with everything
 * that waits for them, after every application that can be ordered.
 */

export interface DependencyOrder {
  /** Wave number per id, from 1. */
  wave: ReadonlyMap<string, number>;
  /** Ids per wave, in the order they were given. */
  waves: string[][];
  /** Each group of ids that depend on each other in a circle, in the order they were given. */
  cycles: string[][];
  /** The cycle an id belongs to, if any (an index into `cycles`). */
  cycleOf: ReadonlyMap<string, number>;
  /** Every id, each after all it depends on outside its own cycle: the order to work times out in. */
  order: string[];
}

/**
 * Strongly connected components (Tarjan), without recursion so that a chain of ten thousand
 * dependencies cannot overflow the stack. Components come out dependencies first.
 */
function components(ids: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let next = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; edge: number }[] = [{ id: root, edge: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = edges.get(frame.id) ?? [];
      if (frame.edge < targets.length) {
        const target = targets[frame.edge++]!;
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ id: target, edge: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        found.push(component);
      }
    }
  }
  return found;
}

/**
 * Orders `ids` by `dependsOn` (dependencies outside `ids` are ignored: they are not part of this
 * recovery). The order of `ids` decides the order within a wave and within a cycle.
 */
export function dependencyOrder(ids: readonly string[], dependsOn: (id: string) => readonly string[]): DependencyOrder {
  const position = new Map(ids.map((id, i) => [id, i]));
  const edges = new Map<string, string[]>();
  for (const id of ids) edges.set(id, dependsOn(id).filter((dep) => dep !== id && position.has(dep)));
  const byPosition = (a: string, b: string) => position.get(a)! - position.get(b)!;

  const found = components(ids, edges);
  const componentOf = new Map<string, number>();
  found.forEach((members, i) => members.forEach((id) => componentOf.set(id, i)));
  const cyclic = found.map((members) => members.length > 1);
  // Whether a component is, or waits for, a cycle; components come dependencies first.
  const tainted: boolean[] = [];
  const level: number[] = [];
  const outside = (i: number) => found[i]!.flatMap((id) => edges.get(id)!.map((dep) => componentOf.get(dep)!)).filter((c) => c !== i);
  found.forEach((_, i) => {
    const deps = outside(i);
    tainted[i] = cyclic[i]! || deps.some((c) => tainted[c]);
    if (!tainted[i]) level[i] = 1 + Math.max(0, ...deps.map((c) => level[c]!));
  });
  const orderedLast = Math.max(0, ...found.map((_, i) => (tainted[i] ? 0 : level[i]!)));
  found.forEach((_, i) => {
    if (tainted[i]) level[i] = Math.max(orderedLast + 1, 1 + Math.max(0, ...outside(i).map((c) => level[c]!)));
  });

  // Levels are numbered without gaps as waves 1, 2, 3...
  const numbers = new Map([...new Set(level)].sort((a, b) => a - b).map((l, i) => [l, i + 1]));
  const wave = new Map<string, number>();
  const waves: string[][] = [];
  for (const id of ids) {
    const n = numbers.get(level[componentOf.get(id)!]!)!;
    wave.set(id, n);
    (waves[n - 1] ??= []).push(id);
  }
  const cycles = found.filter((_, i) => cyclic[i]).map((members) => [...members].sort(byPosition));
  cycles.sort((a, b) => byPosition(a[0]!, b[0]!));
  const cycleOf = new Map<string, number>();
  cycles.forEach((members, i) => members.forEach((id) => cycleOf.set(id, i)));
  return { wave, waves, cycles, cycleOf, order: found.flatMap((members) => [...members].sort(byPosition)) };
}
