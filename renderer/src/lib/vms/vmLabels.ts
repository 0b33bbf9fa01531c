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

/** A size in GB as a table shows it (whole GB from 100 up, one decimal below); a dash where the inventory did not say. */
export function sizeLabel(gb: number | null): string {
  if (gb === null) return '—';
  return `${gb.toLocaleString(undefined, { maximumFractionDigits: gb >= 100 ? 0 : 1 })} GB`;
}
