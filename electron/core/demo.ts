import { renameSync, rmSync } from 'node:fs';
import type { AnswerState } from '../../shared/domain/engagement';
import { findArchetype } from '../../shared/questions/archetypes';
import { EngagementStore } from './store/engagementStore';
import { POLICIES, SITES, SYSTEMS, VMS } from './store/tables';

export const DEMO_FILE_NAME = 'Demo - Fabrikam Regional Health.cwb';

/** Who the demo's answers are attributed to, so nobody mistakes them for a real interview. */
const DEMO_ACTOR = 'demo data';
const DAY = 24 * 60;

/** A demo answer: a plain value, or an open question with the person to ask. */
type DemoValue = unknown;
const unknown = (followUpWith: string, followUpBy = ''): AnswerState => ({ status: 'unknown', followUpWith, followUpBy });
const notApplicable = (reason: string): AnswerState => ({ status: 'not-applicable', reason });

interface DemoApplication {
  name: string;
  archetype?: string;
  /** Values by question id; `$rtm`, `$ehv`, `$policy:<key>` and `$app:<name>` are replaced by ids. */
  answers: Record<string, DemoValue | AnswerState>;
  /** Tiers to add, or to complete when the archetype already made one of that name. */
  components?: { name: string; answers: Record<string, DemoValue | AnswerState> }[];
  vms?: DemoVm[];
  notes?: Record<string, string>;
}

/** A VM; `largestDiskGb` where the inventory listed its disks one by one. */
interface DemoVm {
  name: string;
  os: string;
  vcpu: number;
  memoryGb: number;
  provisionedGb: number;
  largestDiskGb?: number;
}

const windows = 'Microsoft Windows Server 2022 (64-bit)';
const linux = 'Ubuntu Linux 22.04 (64-bit)';

/**
 * A hospital group with a main and a secondary datacenter: enough variety (stateful and
 * stateless, connected and disconnected systems, tested and untested failover, common
 * misconceptions, open questions, one application nobody has interviewed and one left out of
 * scope) to try every screen on, and to raise every finding code and show every compliance value.
 */
const APPLICATIONS: DemoApplication[] = [
  {
    name: 'Patient Records (EPR)',
    archetype: 'sql-server-availability-group',
    answers: {
      'app.owner': 'Dr. Ines Vermeulen, CMIO', 'app.criticality': 'mission-critical', 'app.policy': '$policy:mission-critical',
      'app.hostingSystem': '$rtm', 'app.dataSizeGb': 2400, 'app.mayRunInAzure': false, 'app.impactRadius': 'site',
      'app.replication.target': '$ehv', 'app.failover.lastTest': '2026-03-14', 'app.assumptions': ['zero-data-loss'],
      'app.failover.testScheme': 'replication-failover', 'app.failover.testSucceeded': true, 'app.failover.testDuration': 75,
      'app.failover.testDataLoss': 2, 'app.recoversOn.system': '$ehv', 'app.recoversOn.site': '$ehv',
      'app.rpo.site': 0, 'app.dependencies': ['$app:Integration Engine (HL7)', '$app:Radiology PACS Archive'],
    },
    // The archetype's SQL Server tier, whose data is replicated by the availability group and backed up as well.
    components: [{ name: 'SQL Server', answers: { 'component.protection.application': ['application-backup', 'replication'] } }],
    notes: {
      'app.mayRunInAzure': 'Data must stay in the country; no public cloud.',
      'app.failover.testDuration': 'Failover rehearsal in March: 75 minutes from the go decision to clinicians logged in at Eindhoven.',
    },
    vms: [
      { name: 'epr-app-01', os: windows, vcpu: 8, memoryGb: 32, provisionedGb: 200 },
      { name: 'epr-app-02', os: windows, vcpu: 8, memoryGb: 32, provisionedGb: 200 },
      { name: 'epr-sql-01', os: windows, vcpu: 16, memoryGb: 128, provisionedGb: 3000 },
      { name: 'epr-sql-02', os: windows, vcpu: 16, memoryGb: 128, provisionedGb: 3000 },
    ],
  },
  {
    name: 'Lab Results Portal',
    archetype: 'sql-server-availability-group',
    answers: {
      // Results arrive through the integration engine, which in turn needs the portal's orders: a circle.
      'app.dependencies': ['$app:Integration Engine (HL7)'],
      'app.owner': 'Marc Janssens, Lab IT lead', 'app.criticality': 'mission-critical', 'app.policy': '$policy:mission-critical',
      'app.hostingSystem': '$rtm', 'app.dataSizeGb': 350, 'app.mayRunInAzure': unknown('Privacy officer', '2026-12-05'),
      'app.impactRadius': 'site', 'app.replication.target': '$rtm', 'app.failover.lastTest': unknown('Marc Janssens'), 'app.assumptions': [],
    },
    vms: [
      { name: 'lab-web-01', os: windows, vcpu: 4, memoryGb: 16, provisionedGb: 120 },
      { name: 'lab-sql-01', os: windows, vcpu: 8, memoryGb: 64, provisionedGb: 600 },
    ],
  },
  {
    name: 'Appointment Booking Web',
    archetype: 'stateless-web-farm',
    answers: {
      'app.owner': 'Sara de Wit, Patient Services', 'app.criticality': 'business-critical', 'app.policy': '$policy:business-critical',
      'app.hostingSystem': '$rtm', 'app.mayRunInAzure': true, 'app.impactRadius': 'site', 'app.activeActive': true,
      'app.loadBalancerPlacement': 'inside-system', 'app.failover.lastTest': notApplicable('Never failed over; runs in both sites'),
      'app.recoversOn.system': '$ehv', 'app.recoversOn.site': '$ehv',
      'app.assumptions': ['availability-set-across-systems'], 'app.dependencies': ['$app:Patient Records (EPR)'],
    },
    vms: [
      { name: 'book-web-01', os: linux, vcpu: 2, memoryGb: 4, provisionedGb: 40 },
      { name: 'book-web-02', os: linux, vcpu: 2, memoryGb: 4, provisionedGb: 40 },
      { name: 'book-web-03', os: linux, vcpu: 2, memoryGb: 4, provisionedGb: 40 },
    ],
  },
  {
    name: 'Radiology PACS Archive',
    archetype: 'file-server',
    answers: {
      'app.dependencies': [],
      'app.owner': 'Tom Peeters, Radiology IT', 'app.criticality': 'business-critical', 'app.policy': '$policy:business-critical',
      'app.hostingSystem': '$rtm', 'app.dataSizeGb': 38_000, 'app.mayRunInAzure': false, 'app.impactRadius': 'site',
      'app.backup.product': 'Veeam Agent for Windows 6', 'app.failover.lastTest': notApplicable('No failover; restore only'),
      'app.assumptions': ['host-level-backup'], 'app.backup.copyLocation': ['same-system', 'other-site'],
      'app.recoversOn.system': 'new-hardware', 'app.recoversOn.site': 'new-hardware',
    },
    notes: {
      'app.dataSizeGb': '38 TB of images; grows about 4 TB a year.',
      'app.recoversOn.site': 'No other system has room for 40 TB of images: a replacement would be bought.',
    },
    vms: [{ name: 'pacs-arch-01', os: windows, vcpu: 8, memoryGb: 32, provisionedGb: 40_000 }],
  },
  {
    name: 'Pharmacy Dispensing',
    archetype: 'sql-server-availability-group',
    answers: {
      'app.dependencies': [],
      'app.owner': unknown('Head of Pharmacy'), 'app.criticality': 'mission-critical', 'app.policy': '$policy:mission-critical',
      'app.hostingSystem': '$rtm', 'app.dataSizeGb': 120, 'app.mayRunInAzure': false, 'app.impactRadius': 'region',
      'app.replication.target': '$ehv', 'app.failover.lastTest': '2024-09-02', 'app.assumptions': ['stretched-scale-unit'],
      'app.backup.exists': false,
    },
    notes: { 'app.backup.exists': 'The pharmacy team counts on the availability group instead of backups.' },
    vms: [
      { name: 'pharm-sql-01', os: windows, vcpu: 8, memoryGb: 32, provisionedGb: 300 },
      { name: 'pharm-sql-02', os: windows, vcpu: 8, memoryGb: 32, provisionedGb: 300 },
    ],
  },
  {
    name: 'Staff Rostering',
    answers: {
      'app.owner': 'Anja Smit, HR systems', 'app.criticality': 'standard', 'app.policy': '$policy:standard', 'app.statefulness': 'stateful',
      'app.hostingSystem': '$ehv', 'app.dataSizeGb': 40, 'app.mayRunInAzure': false, 'app.impactRadius': 'system',
      'app.backup.exists': true, 'app.backup.product': 'Azure Backup (MARS agent)', 'app.backup.inGuest': true,
      'app.backup.applicationAware': true, 'app.backup.frequency': DAY, 'app.backup.retention': 90 * DAY,
      'app.backup.copyLocation': ['public-azure'], 'app.replication.technology': 'none', 'app.activeActive': false,
      'app.failover.lastTest': 'never', 'app.assumptions': [], 'app.dependencies': [], 'app.recoversOn.system': 'public-azure',
    },
    notes: { 'app.mayRunInAzure': 'HR data may not be processed in a public cloud; the backup service was chosen before that rule.' },
    vms: [{ name: 'rost-app-01', os: windows, vcpu: 4, memoryGb: 16, provisionedGb: 150 }],
    components: [
      {
        name: 'Rostering server',
        answers: {
          'component.role': 'application', 'component.statefulness': 'stateful', 'component.instances': 1,
          'component.availabilitySet': false, 'component.loadBalancer': 'none', 'component.dataSources': ['application', 'disk'],
          'component.protection.application': ['application-backup'], 'component.protection.disk': [],
        },
      },
    ],
  },
  {
    name: 'Intranet',
    archetype: 'stateless-web-farm',
    answers: {
      'app.dependencies': [],
      'app.owner': 'Communications team lead', 'app.criticality': 'deferrable', 'app.policy': '$policy:deferrable',
      'app.hostingSystem': '$ehv', 'app.mayRunInAzure': true, 'app.impactRadius': 'node',
      'app.failover.lastTest': notApplicable('Rebuilt from templates'), 'app.assumptions': [],
    },
    vms: [
      { name: 'intra-web-01', os: linux, vcpu: 2, memoryGb: 8, provisionedGb: 60 },
      { name: 'intra-web-02', os: linux, vcpu: 2, memoryGb: 8, provisionedGb: 60 },
    ],
  },
  {
    name: 'Finance ERP',
    archetype: 'sql-server-availability-group',
    answers: {
      'app.dependencies': [],
      'app.owner': 'Koen Bakker, Finance director', 'app.criticality': 'business-critical', 'app.policy': '$policy:business-critical',
      'app.hostingSystem': '$rtm', 'app.dataSizeGb': 900, 'app.mayRunInAzure': unknown('Koen Bakker', '2026-12-10'),
      'app.impactRadius': 'site', 'app.replication.technology': 'azure-site-recovery', 'app.failover.lastTest': '2026-06-20',
      'app.assumptions': ['multiple-node-failures'], 'app.rto.site': 2 * 60, 'app.rpo.site': 10, 'app.backup.applicationAware': false,
      'app.recoversOn.system': '$ehv', 'app.recoversOn.site': '$ehv',
    },
    notes: {
      'app.backup.applicationAware': 'Nightly crash-consistent disk copies; the DBA was not sure about VSS.',
      'app.replication.technology': 'Site Recovery to Eindhoven since the 2406 update; the availability group was retired.',
    },
    vms: [
      { name: 'fin-app-01', os: windows, vcpu: 8, memoryGb: 32, provisionedGb: 200, largestDiskGb: 128 },
      { name: 'fin-sql-01', os: windows, vcpu: 16, memoryGb: 96, provisionedGb: 2048, largestDiskGb: 1536 },
    ],
  },
  {
    name: 'Integration Engine (HL7)',
    answers: {
      'app.owner': 'Rik Mulder, Integration', 'app.criticality': 'mission-critical', 'app.policy': '$policy:mission-critical',
      'app.statefulness': unknown('Integration architect'), 'app.hostingSystem': '$rtm', 'app.mayRunInAzure': false,
      'app.impactRadius': 'site', 'app.backup.exists': unknown('Rik Mulder'), 'app.replication.technology': 'none',
      'app.activeActive': false, 'app.assumptions': unknown('Rik Mulder'), 'app.dependencies': ['$app:Lab Results Portal'],
    },
    notes: { 'app.dependencies': 'Lab orders go out through the engine and results come back through it.' },
    vms: [{ name: 'hl7-eng-01', os: windows, vcpu: 4, memoryGb: 16, provisionedGb: 250 }],
    components: [
      {
        name: 'Interface engine',
        answers: { 'component.role': 'integration', 'component.statefulness': unknown('Integration architect'), 'component.instances': 1 },
      },
    ],
  },
  {
    name: 'Document Scanning',
    archetype: 'file-server',
    answers: {
      'app.owner': 'Records office', 'app.criticality': 'standard', 'app.policy': '$policy:standard',
      'app.hostingSystem': unknown('Infrastructure team'), 'app.dataSizeGb': 1500, 'app.impactRadius': 'system',
    },
  },
  {
    name: 'Print Services',
    answers: {
      'app.dependencies': [],
      'app.criticality': 'deferrable', 'app.policy': '$policy:deferrable', 'app.statefulness': 'stateless', 'app.hostingSystem': '$ehv',
      'app.mayRunInAzure': true, 'app.impactRadius': 'vm',
    },
    components: [
      {
        name: 'Print spoolers',
        answers: { 'component.role': 'application', 'component.statefulness': 'stateless', 'component.instances': 2, 'component.availabilitySet': true, 'component.loadBalancer': 'none' },
      },
    ],
    vms: [
      { name: 'print-01', os: windows, vcpu: 2, memoryGb: 4, provisionedGb: 60 },
      { name: 'print-02', os: windows, vcpu: 2, memoryGb: 4, provisionedGb: 60 },
    ],
  },
  { name: 'Telemetry Dashboards', answers: {}, vms: [{ name: 'tele-graf-01', os: linux, vcpu: 4, memoryGb: 8, provisionedGb: 200 }] },
  {
    name: 'Legacy Fax Gateway',
    answers: { 'app.outOfScope': 'Switched off in January 2027; faxes move to the secure messaging service.', 'app.owner': 'Facilities IT' },
    vms: [{ name: 'fax-gw-01', os: windows, vcpu: 2, memoryGb: 4, provisionedGb: 80 }],
  },
];

/** The demo's policies speak of a hospital; a new engagement starts from neutral words. */
const HOSPITAL_POLICY_WORDS: Record<string, string> = {
  'policy-mission-critical': 'Stops patient care, revenue or legal duties within minutes.',
  'policy-business-critical': 'Delays care or hurts the business within hours; paper workarounds exist for a short while.',
};

function isAnswerState(value: unknown): value is AnswerState {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'status' in value;
}

/** Writes the demo engagement to `path` in one go: built under a temporary name, then renamed. */
export function buildDemoEngagement(path: string, actor: string): EngagementStore {
  const temporary = `${path}.building-${process.pid}`;
  rmSync(temporary, { force: true });
  try {
    const store = EngagementStore.create(temporary, { customer: 'Fabrikam Regional Health', title: 'BC/DR assessment — Azure Stack Hub workloads' }, DEMO_ACTOR);
    try {
      store.batch('building the demo engagement in', () => fill(store));
    } finally {
      store.close();
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return EngagementStore.open(path, actor);
}

function fill(store: EngagementStore): void {
  store.updateDetails({
    consultants: 'Alex Morgan, Priya Raman',
    workshopDates: '2026-11-30 to 2026-12-02',
    scopeNotes: 'All IaaS workloads on the Azure Stack Hub systems in Rotterdam and Eindhoven. Out of scope: medical devices, SaaS.',
  });
  const rotterdam = store.save(SITES, { name: 'Rotterdam DC1', location: 'Rotterdam, NL', datacenterTier: 'tier-3', utilityFeeds: 2 });
  const eindhoven = store.save(SITES, { name: 'Eindhoven DC2', location: 'Eindhoven, NL', datacenterTier: 'tier-2', utilityFeeds: 1 });
  store.setSiteDistance(rotterdam.id, eindhoven.id, 110);
  // Eindhoven runs on the older, smaller nodes, and Site Recovery's services besides: a Rotterdam site loss does not fit.
  const gen2 = store.saveHardwareProfile({ name: 'Gen 2, 768 GB', memoryGbPerNode: 768, physicalCoresPerNode: 48, usableStorageGbPerNode: 20_000 });
  const gen1 = store.saveHardwareProfile({ name: 'Gen 1, 384 GB', memoryGbPerNode: 384, physicalCoresPerNode: 32, usableStorageGbPerNode: 16_000 });
  const system = (name: string, siteId: string, nodeCount: number, role: 'primary' | 'secondary', hardwareProfileId: string, siteRecoveryTarget: boolean) =>
    store.save(SYSTEMS, { name, siteId, region: 'Netherlands', nodeCount, identityModel: 'connected', state: 'operational', role, publicAzureAllowed: true, hardwareProfileId, siteRecoveryTarget });
  const ids: Record<string, string> = {
    $rtm: system('ash-rtm-01', rotterdam.id, 8, 'primary', gen2.id, false).id,
    $ehv: system('ash-ehv-01', eindhoven.id, 4, 'secondary', gen1.id, true).id,
  };
  store.save(SYSTEMS, { name: 'ash-rtm-02', siteId: rotterdam.id, region: 'Netherlands', nodeCount: 4, identityModel: 'disconnected', state: 'planned', role: 'secondary', publicAzureAllowed: false, hardwareProfileId: gen1.id });
  for (const policy of store.policies()) {
    ids[`$policy:${policy.id.replace(/^policy-/, '')}`] = policy.id;
    const words = HOSPITAL_POLICY_WORDS[policy.id];
    if (words) store.save(POLICIES, { ...policy, description: words });
  }

  // Applications first, so that dependencies can name applications added later in the list.
  const created = APPLICATIONS.map((demo) => {
    const archetype = demo.archetype ? findArchetype(demo.archetype) : undefined;
    const app = archetype ? store.addApplicationFrom(demo.name, archetype) : store.addApplication(demo.name);
    ids[`$app:${demo.name}`] = app.id;
    return { demo, app };
  });
  const resolve = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(resolve) : typeof value === 'string' && value.startsWith('$') ? ids[value] : value;
  const state = (value: unknown): AnswerState => (isAnswerState(value) ? value : { status: 'answered', value: resolve(value) });

  for (const { demo, app } of created) {
    for (const [questionId, value] of Object.entries(demo.answers)) {
      store.setAnswer(app.id, null, questionId, state(value), demo.notes?.[questionId]);
    }
    for (const template of demo.components ?? []) {
      // A tier the archetype already made is completed; any other is added.
      const component = app.components.find((c) => c.name === template.name) ?? store.addComponent(app.id, template.name);
      for (const [questionId, value] of Object.entries(template.answers)) store.setAnswer(app.id, component.id, questionId, state(value));
    }
    for (const vm of demo.vms ?? []) store.save(VMS, { ...vm, applicationId: app.id, powerState: 'poweredOn', host: '' });
  }
  // Development and test VMs nobody has put in an application, running on the secondary system.
  for (let i = 1; i <= 15; i += 1) {
    const name = `ehv-devtest-${String(i).padStart(2, '0')}`;
    store.save(VMS, { name, applicationId: null, os: i % 3 === 0 ? linux : windows, vcpu: 4, memoryGb: 32, provisionedGb: 250, powerState: 'poweredOn', host: 'ash-ehv-01' });
  }
}
