import type { EngagementView } from '../../../shared/domain/engagement';
import { applications } from './applications';
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
