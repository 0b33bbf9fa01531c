import {
  DATACENTER_TIERS,
  ENGAGEMENT_STATUSES,
  IDENTITY_MODELS,
  SYSTEM_ROLES,
  SYSTEM_STATES,
} from '../../../../shared/domain/engagement';

type LabelsOf<T extends readonly string[]> = Record<T[number], string>;

/** What each stored value is called on screen; the order of the shared lists is kept. */
export const STATUS_LABELS: LabelsOf<typeof ENGAGEMENT_STATUSES> = {
  draft: 'Draft',
  'in-review': 'In review',
  'signed-off': 'Signed off',
};

export const TIER_LABELS: LabelsOf<typeof DATACENTER_TIERS> = {
  'tier-1': 'Tier 1',
  'tier-2': 'Tier 2',
  'tier-3': 'Tier 3',
  'tier-4': 'Tier 4',
  unknown: 'Unknown',
};

export const IDENTITY_LABELS: LabelsOf<typeof IDENTITY_MODELS> = {
  connected: 'Connected',
  disconnected: 'Disconnected',
};

export const STATE_LABELS: LabelsOf<typeof SYSTEM_STATES> = {
  operational: 'Operational',
  planned: 'Planned',
  none: 'None',
};

export const ROLE_LABELS: LabelsOf<typeof SYSTEM_ROLES> = {
  primary: 'Primary',
  secondary: 'Secondary',
};

/** The options of a select, in the order the shared list declares them. */
export function optionsOf<T extends string>(values: readonly T[], labels: Record<T, string>): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: labels[value] }));
}
