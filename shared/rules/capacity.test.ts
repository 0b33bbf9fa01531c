import { describe, expect, it } from 'vitest';
import type { AzureStackSystem, HardwareProfile } from '../domain/engagement';
import { defaultAssumptions } from './assumptions';
import { amount, capacityFigures, checkCapacity, emptyPart, usableMemory, usableVcpu, vmLimit, type DemandPart } from './capacity';

const figures = capacityFigures(defaultAssumptions());

const system = (nodeCount: number): AzureStackSystem => ({
  id: 'sys', name: 'hub-b', siteId: 'site', region: 'west', nodeCount, identityModel: 'connected', state: 'operational', role: 'secondary', publicAzureAllowed: false,
});
const profile = (memoryGbPerNode: number | null, physicalCoresPerNode: number | null = 32, usableStorageGbPerNode: number | null = 10_000): HardwareProfile => ({
  id: 'p', name: 'Gen 1', memoryGbPerNode, physicalCoresPerNode, usableStorageGbPerNode,
});
const load = (values: Partial<DemandPart>): DemandPart => ({ ...emptyPart('its own VMs'), ...values });

describe('usable memory: N·H − (242 + 4·N) − (H + 0.15·(N−1)·H + V·(N−2))', () => {
  // Worked by hand from the documented formula with the default assumptions.
  const cases = [
    { nodes: 4, node: 384, largest: 32, total: 1536, overhead: 258, reserve: 620.8, usable: 657.2 },
    { nodes: 8, node: 768, largest: 128, total: 6144, overhead: 274, reserve: 2342.4, usable: 3527.6 },
    { nodes: 16, node: 1024, largest: 0, total: 16384, overhead: 306, reserve: 3328, usable: 12750 },
    { nodes: 5, node: 384, largest: 32, total: 1920, overhead: 262, reserve: 710.4, usable: 947.6 },
    { nodes: 4, node: 384, largest: 112, total: 1536, overhead: 258, reserve: 780.8, usable: 497.2 },
  ];
  for (const c of cases) {
    it(`${c.nodes} nodes of ${c.node} GB with a largest VM of ${c.largest} GB leave ${c.usable} GB`, () => {
      const supply = usableMemory(c.nodes, c.node, c.largest, figures);
      expect(supply.total).toBeCloseTo(c.total, 6);
      expect(supply.overhead).toBeCloseTo(c.overhead, 6);
      expect(supply.reserve).toBeCloseTo(c.reserve, 6);
      expect(supply.usable).toBeCloseTo(c.usable, 6);
      expect(supply.working).toContain(`${amount(c.usable)} GB for tenant VMs`);
    });
  }

  it('a larger VM costs its own memory and again in the reserve for every node beyond two', () => {
    // 4 nodes: resizing the largest VM from 32 to 112 GB takes 80 GB more reserve per node beyond two: 160 GB.
    expect(usableMemory(4, 384, 32, figures).usable - usableMemory(4, 384, 112, figures).usable).toBeCloseTo(160, 6);
  });

  it('leaves nothing, and says so, when the reserve for a huge VM is larger than what is left', () => {
    const supply = usableMemory(4, 256, 448, figures);
    expect(supply.usable).toBe(0);
    expect(supply.working).toMatch(/nothing is left for tenant VMs \(−501\.2 GB\)/);
  });

  it('follows the assumptions, which releases change', () => {
    const custom = capacityFigures({ ...defaultAssumptions(), infrastructureMemory: { best: 300, worst: 300 }, hostReserve: { best: 10, worst: 10 } });
    // 4 × 384 − (300 + 16) − (384 + 0.1 × 3 × 384 + 32 × 2) = 1536 − 316 − 563.2
    expect(usableMemory(4, 384, 32, custom).usable).toBeCloseTo(656.8, 6);
  });
});

describe('cores and VM count', () => {
  it('shares cores at the assumed ratio, less the infrastructure, and only the survivors count while a node is down', () => {
    expect(usableVcpu(4, 32, figures, false).usable).toBe(4 * 32 * 4 - 146);
    expect(usableVcpu(4, 32, figures, true).usable).toBe(3 * 32 * 4 - 146);
    expect(usableVcpu(4, 32, figures, false).working).toMatch(/4 vCPU per core \(assumed\)/);
  });

  it('allows 60 VMs per node and 700 per system', () => {
    expect(vmLimit(8, figures).usable).toBe(480);
    expect(vmLimit(12, figures).usable).toBe(700);
  });
});

describe('a system against what it must carry', () => {
  it('is short of memory by what is missing, and names the node count that would carry it', () => {
    // 4 × 384 GB with a largest VM of 32 GB leaves 657.2 GB; 900 GB does not fit. Five nodes leave 947.6 GB.
    const result = checkCapacity(system(4), profile(384), [load({ memoryGb: 900, vcpu: 100, storageGb: 5_000, vms: 30, largestVmGb: 32 })], figures, { nodeDown: false });
    expect(result.memoryGb).toMatchObject({ needed: 900, status: 'short' });
    expect(result.memoryGb.usable).toBeCloseTo(657.2, 6);
    expect(result.memoryGb.short).toBeCloseTo(242.8, 6);
    expect(result.vcpu.status).toBe('enough');
    expect(result).toMatchObject({ status: 'short', nodesToCover: 5, nodesNote: null });
  });

  it('needs six nodes when five fall short by a little', () => {
    expect(checkCapacity(system(4), profile(384), [load({ memoryGb: 948, largestVmGb: 32, vms: 10 })], figures, { nodeDown: false }).nodesToCover).toBe(6);
  });

  it('near miss: exactly what is usable fits', () => {
    const usable = usableMemory(4, 384, 32, figures).usable;
    const result = checkCapacity(system(4), profile(384), [load({ memoryGb: usable, largestVmGb: 32, vms: 10 })], figures, { nodeDown: false });
    expect(result).toMatchObject({ status: 'enough', nodesToCover: null, memoryGb: { status: 'enough', short: 0 } });
  });

  it('says when no scale unit is big enough, and when there are more VMs than one system may hold', () => {
    const huge = checkCapacity(system(4), profile(384), [load({ memoryGb: 20_000, largestVmGb: 32, vms: 10 })], figures, { nodeDown: false });
    expect(huge).toMatchObject({ status: 'short', nodesToCover: null });
    expect(huge.nodesNote).toMatch(/Even 16 nodes/);
    const many = checkCapacity(system(16), profile(1024), [load({ memoryGb: 100, largestVmGb: 4, vms: 701 })], figures, { nodeDown: false });
    expect(many.vms).toMatchObject({ status: 'short', short: 1 });
    expect(many.nodesNote).toMatch(/More VMs than one system may hold \(700\)/);
  });

  it('is unknown, never enough, without a hardware profile or with a figure missing', () => {
    const none = checkCapacity(system(4), null, [load({ memoryGb: 1, vms: 1 })], figures, { nodeDown: false });
    expect(none).toMatchObject({ status: 'unknown', hardwareProfile: null, memoryGb: { usable: null, short: null, status: 'unknown' } });
    expect(none.memoryGb.working).toBe('Not known: the system has no hardware profile.');
    const noCores = checkCapacity(system(4), profile(384, null), [load({ memoryGb: 1, vms: 1 })], figures, { nodeDown: false });
    expect(noCores.vcpu.status).toBe('unknown');
    expect(noCores.vcpu.working).toMatch(/does not give the physical cores per node/);
  });

  it('counts VMs without sizes, names them, and does not call it enough', () => {
    const part = load({ memoryGb: 64, vcpu: 8, storageGb: 500, vms: 3, largestVmGb: 32, unsized: { memoryGb: ['db02', 'db03'] } });
    const result = checkCapacity(system(4), profile(384), [part], figures, { nodeDown: false });
    expect(result.memoryGb).toMatchObject({ status: 'unknown', short: null, unknownCount: 2, unknownNames: ['db02', 'db03'] });
    expect(result.vms.status).toBe('enough');
    expect(result.status).toBe('unknown');
  });

  it('is short whatever the unknown sizes add, once the known part alone is too much', () => {
    const part = load({ memoryGb: 700, vms: 3, largestVmGb: 32, unsized: { memoryGb: ['db02'] } });
    expect(checkCapacity(system(4), profile(384), [part], figures, { nodeDown: false }).memoryGb.status).toBe('short');
  });

  it('checks a node loss on the surviving nodes’ cores', () => {
    // 4 × 32 × 4 − 146 = 366 vCPU with every node; 3 × 32 × 4 − 146 = 238 with one down.
    const part = load({ memoryGb: 100, vcpu: 300, vms: 20, largestVmGb: 16 });
    expect(checkCapacity(system(4), profile(384), [part], figures, { nodeDown: false }).vcpu.status).toBe('enough');
    const down = checkCapacity(system(4), profile(384), [part], figures, { nodeDown: true });
    expect(down.vcpu).toMatchObject({ status: 'short', usable: 238, short: 62 });
    // Five nodes: 4 surviving × 32 × 4 − 146 = 366.
    expect(down.nodesToCover).toBe(5);
  });
});
