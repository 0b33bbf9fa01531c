import type { Vm } from '../../../../shared/domain/engagement';

const POWER_LABELS: Record<Vm['powerState'], string> = {
  poweredOn: 'On',
  poweredOff: 'Off',
  suspended: 'Suspended',
  unknown: '—',
};

export function powerLabel(state: Vm['powerState']): string {
  return POWER_LABELS[state];
}

/** A size in GB as a table shows it; a dash where the inventory did not say. */
export function sizeLabel(gb: number | null): string {
  return gb === null ? '—' : `${gb.toLocaleString()} GB`;
}
