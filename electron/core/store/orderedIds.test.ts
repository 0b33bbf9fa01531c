import { describe, expect, it } from 'vitest';
import { orderedIds } from './orderedIds';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ordered ids', () => {
  it('are version 7 UUIDs carrying the time, each sorting after the one before', () => {
    const at = Date.UTC(2026, 11, 6, 12, 0, 0, 123);
    const next = orderedIds(at);
    const ids = Array.from({ length: 5000 }, () => next());
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(ids[0]!.replace('-', '').slice(0, 12), 16)).toBe(at);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('differ between two runs started in the same millisecond', () => {
    const at = Date.now();
    const first = orderedIds(at);
    const second = orderedIds(at);
    const ids = new Set(Array.from({ length: 1000 }, () => [first(), second()]).flat());
    expect(ids.size).toBe(2000);
  });
});
