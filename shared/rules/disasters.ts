import type { AzureStackSystem, Site } from '../domain/engagement';
import { byNameThenId } from './facts';

/**
 * The disasters a recovery plan is made for: the loss of one node of a system, of a whole system,
 * of a site, or of a region. Each takes down a set of systems (a node loss takes none whole: its
 * system runs on with one node fewer).
 */
export const DISASTER_KINDS = ['node', 'system', 'site', 'region'] as const;
export type DisasterKind = (typeof DISASTER_KINDS)[number];

export interface Disaster {
  kind: DisasterKind;
  /** The system, site or region's name as the engagement spells it. */
  name: string;
  /** How the CLI names it: `site:Rotterdam DC1`. */
  key: string;
  /** The system whose node fails (node loss only). */
  systemId: string | null;
  /** The systems it takes down whole. */
  lost: string[];
  /** "a node of ash-01 fails", "site Rotterdam DC1 is lost": for sentences. */
  event: string;
}

const regionKey = (region: string) => region.trim().toLowerCase();

function disaster(kind: DisasterKind, name: string, lost: string[], systemId: string | null): Disaster {
  const event =
    kind === 'node'
      ? `a node of ${name} fails`
      : kind === 'system'
        ? `the system ${name} is lost`
        : kind === 'site'
          ? `the site ${name} is lost`
          : `the region ${name} is lost`;
  return { kind, name, key: `${kind}:${name}`, systemId, lost, event };
}

/**
 * Every disaster worth a plan: a node and the whole of each operational system, each site with an
 * operational system, each region an operational system names. A region takes its systems and
 * every system on the same sites (a site lies in one region, whatever a blank region field says).
 */
export function disastersOf(input: { systems: readonly AzureStackSystem[]; sites: readonly Site[] }): Disaster[] {
  const systems = [...input.systems].sort(byNameThenId);
  const operational = systems.filter((s) => s.state === 'operational');
  const sites = [...input.sites].sort(byNameThenId).filter((site) => operational.some((s) => s.siteId === site.id));
  const regions = new Map<string, string>();
  for (const system of operational) if (system.region.trim() !== '' && !regions.has(regionKey(system.region))) regions.set(regionKey(system.region), system.region.trim());
  const onSites = (siteIds: ReadonlySet<string>) => systems.filter((s) => siteIds.has(s.siteId)).map((s) => s.id);
  return [
    ...operational.map((s) => disaster('node', s.name, [], s.id)),
    ...operational.map((s) => disaster('system', s.name, [s.id], null)),
    ...sites.map((site) => disaster('site', site.name, onSites(new Set([site.id])), null)),
    ...[...regions.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, name]) => disaster('region', name, onSites(new Set(systems.filter((s) => regionKey(s.region) === key).map((s) => s.siteId))), null)),
  ];
}

/** `node:SYSTEM`, `system:SYSTEM`, `site:SITE` or `region:REGION`, the name in any case. */
export function findDisaster(disasters: readonly Disaster[], text: string): Disaster | { problem: string } {
  const match = /^(node|system|site|region):(.+)$/i.exec(text.trim());
  if (!match) return { problem: `"${text}" is not a disaster: write node:SYSTEM, system:SYSTEM, site:SITE or region:REGION.` };
  const kind = match[1]!.toLowerCase() as DisasterKind;
  const name = match[2]!.trim().toLowerCase();
  const found = disasters.find((d) => d.kind === kind && d.name.toLowerCase() === name);
  if (found) return found;
  const offered = disasters.filter((d) => d.kind === kind).map((d) => d.name);
  const what = kind === 'node' || kind === 'system' ? 'operational system' : kind;
  return {
    problem: `No ${what} named "${match[2]!.trim()}" in this engagement${offered.length > 0 ? `; there ${offered.length === 1 ? 'is' : 'are'}: ${offered.join(', ')}` : ''}.`,
  };
}
