import type { DisruptionScope, RecoveryTarget } from './engagement';

const H = 60;
const D = 24 * H;

type Targets = Record<DisruptionScope, RecoveryTarget>;

function targets(entries: Record<DisruptionScope, [rto: number | null, rpo: number | null]>): Targets {
  return Object.fromEntries(
    Object.entries(entries).map(([scope, [rtoMinutes, rpoMinutes]]) => [scope, { rtoMinutes, rpoMinutes }]),
  ) as Targets;
}

/**
 * The tiers a new engagement starts with, in minutes. They are a starting point for the
 * conversation, not a standard: the consultant edits them with the customer. Node loss has
 * an RPO of 0 throughout because a failed host loses no data that was already on disk.
 */
export const DEFAULT_POLICIES: readonly { key: string; name: string; description: string; targets: Targets }[] = [
  {
    key: 'mission-critical',
    name: 'Mission-critical',
    description: 'Its outage stops the business or breaks a legal duty within minutes.',
    targets: targets({ vm: [15, 5], node: [5, 0], system: [H, 15], site: [4 * H, 15], region: [D, H] }),
  },
  {
    key: 'business-critical',
    name: 'Business-critical',
    description: 'Its outage hurts the business within hours; workarounds hold for a short while.',
    targets: targets({ vm: [H, 15], node: [15, 0], system: [4 * H, H], site: [D, 4 * H], region: [3 * D, D] }),
  },
  {
    key: 'standard',
    name: 'Standard',
    description: 'Can wait a working day; a day of lost changes is acceptable.',
    targets: targets({ vm: [8 * H, D], node: [H, 0], system: [D, D], site: [3 * D, D], region: [7 * D, D] }),
  },
  {
    key: 'deferrable',
    name: 'Deferrable',
    description: 'Rebuilt when time allows; no site or region target.',
    targets: targets({ vm: [3 * D, 7 * D], node: [4 * H, 0], system: [7 * D, 7 * D], site: [null, null], region: [null, null] }),
  },
];
