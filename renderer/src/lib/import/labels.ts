import type { ImportPreset, SkipReason } from '../../../../shared/api/importContract';

export const PRESET_LABELS: Record<ImportPreset, string> = {
  rvtools: 'looks like an RVTools export (vInfo)',
  'azure-migrate': 'looks like an Azure Migrate import file',
  generic: 'read as a plain table',
};

export const ENCODING_LABELS = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 (Excel “Unicode text”)',
  'utf-16be': 'UTF-16 big-endian',
  'windows-1252': 'Windows-1252 (Western European)',
} as const;

export const DELIMITER_LABELS = {
  ',': 'Comma  ,',
  ';': 'Semicolon  ;',
  '\t': 'Tab',
} as const;

export const SKIP_LABELS: Record<SkipReason, string> = {
  'no-name': 'without a name',
  duplicate: 'duplicate name',
  template: 'template',
  'powered-off': 'powered off',
  totals: 'totals row',
};

/** "3 skipped: 2 templates, 1 powered off", or null when nothing is skipped. */
export function skippedSummary(skipped: Partial<Record<SkipReason, number>>): string | null {
  const parts = Object.entries(skipped)
    .filter(([, count]) => (count ?? 0) > 0)
    .map(([reason, count]) => `${count} ${SKIP_LABELS[reason as SkipReason]}`);
  if (parts.length === 0) return null;
  const total = Object.values(skipped).reduce((sum, count) => sum + (count ?? 0), 0);
  return `${total} skipped (${parts.join(', ')})`;
}

export const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString()} ${count === 1 ? one : many}`;
