import type { EngagementView } from '../../../shared/domain/engagement';
import type { ViewPart } from '../../../shared/api/editContract';
import { applications, readApplications } from './applications';
import { attachments } from './attachments';
import { assumptions } from './assumptions';
import { hardwareProfiles } from './hardwareProfiles';
import { details, policies, siteDistances, sites, systems, vms } from './setup';
import { activeSignoff } from './signoffs';
import type { StoreContext } from './storeContext';

/** The whole engagement as the rules, the screens and the deliverables read it. */
export function engagementView(store: StoreContext): EngagementView {
  return {
    path: store.path,
    schemaVersion: store.schemaVersion,
    details: details(store),
    sites: sites(store),
    systems: systems(store),
    hardwareProfiles: hardwareProfiles(store),
    siteDistances: siteDistances(store),
    policies: policies(store),
    applications: applications(store),
    vms: vms(store),
    assumptions: assumptions(store),
    access: { readOnly: store.access.readOnly, reason: store.access.reason },
    signoff: activeSignoff(store),
    attachments: attachments(store),
  };
}

/**
 * Parts of the engagement, for a window that knows what changed (an undo names the parts it
 * touched): reading 50,000 VMs again after an answer changed back would only cost time. With
 * `applicationIds`, only those applications (the ones gone are simply absent).
 */
export function engagementParts(store: StoreContext, parts: readonly ViewPart[], applicationIds?: readonly string[]): Partial<EngagementView> {
  const wanted = new Set(parts);
  const result: Partial<EngagementView> = {};
  if (wanted.has('details')) {
    Object.assign(result, {
      path: store.path,
      schemaVersion: store.schemaVersion,
      details: details(store),
      access: { readOnly: store.access.readOnly, reason: store.access.reason },
      signoff: activeSignoff(store),
    });
  }
  if (wanted.has('setup')) {
    Object.assign(result, { sites: sites(store), systems: systems(store), siteDistances: siteDistances(store), policies: policies(store), assumptions: assumptions(store) });
  }
  if (wanted.has('applications')) {
    result.applications = applicationIds ? applicationIds.flatMap((id) => readApplications(store, id)) : applications(store);
    // The evidence attached to them comes with the applications (all of it: the list is small).
    result.attachments = attachments(store);
  }
  if (wanted.has('vms')) result.vms = vms(store);
  return result;
}
