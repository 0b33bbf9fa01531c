import { z } from 'zod';
import { IsoDate } from '../dates/isoDate';
import { DISRUPTION_SCOPES, type Answer, type DisruptionScope } from '../domain/engagement';
import { safeText } from '../text/safeText';

/**
 * The question catalogue: declarative data read by the interview screen, the store's
 * validation, the demo and archetypes, and later the workbook and the rules. Bump the version
 * whenever a question's meaning or its choices change; every answer records the version it
 * was given under.
 */
export const CATALOGUE_VERSION = 3;

export interface Choice {
  value: string;
  label: string;
  hint?: string;
  /** Withdrawn: answers given before still read and show their label, but it is no longer offered. */
  retired?: true;
}

/**
 * Applies only when another question of the same subject is answered with one of `anyOf` (or,
 * for lists, includes one), or with anything but `noneOf`.
 */
export type Applicability =
  | { questionId: string; anyOf: readonly (string | boolean)[]; noneOf?: undefined }
  | { questionId: string; noneOf: readonly (string | boolean)[]; anyOf?: undefined };

interface QuestionBase {
  id: string;
  /** Application-level questions are answered once; component-level ones once per tier. */
  level: 'application' | 'component';
  section: string;
  prompt: string;
  /** Why we ask and what a good answer looks like, in the consultant's words. */
  help: string;
  unknownAllowed: boolean;
  /** Optional questions refine the picture (e.g. a target that overrides the policy) and do not count towards progress. */
  optional?: boolean;
  /** The rules do not read it (who owns the application, which product...): answering only these does not start an assessment. */
  informational?: true;
  appliesWhen?: Applicability;
}

export type Question =
  | (QuestionBase & { type: 'choice'; choices: readonly Choice[] })
  /** `noneLabel`: the words for the empty list, when "none of these" would say it badly. */
  | (QuestionBase & { type: 'multi-choice'; choices: readonly Choice[]; noneLabel?: string })
  | (QuestionBase & { type: 'yes-no' })
  | (QuestionBase & { type: 'text'; maxLength: number; placeholder?: string })
  | (QuestionBase & { type: 'number'; unit: string; min: number; max: number; integer: boolean })
  | (QuestionBase & { type: 'duration'; max: number })
  /** `never`: the words for the answer "it never happened", stored as the value `never`. */
  | (QuestionBase & { type: 'date'; never?: string })
  /** `alternatives`: answers besides the engagement's systems (public Azure, new hardware). */
  | (QuestionBase & { type: 'system-reference'; alternatives?: readonly Choice[] })
  | (QuestionBase & { type: 'policy-reference' })
  | (QuestionBase & { type: 'application-references' });

export type QuestionType = Question['type'];

const MINUTES_PER_DAY = 24 * 60;

export const SCOPE_LABELS: Record<DisruptionScope, { short: string; event: string }> = {
  vm: { short: 'VM', event: 'a VM fails, or its data is corrupted or deleted by mistake' },
  node: { short: 'Node', event: 'one host node of the scale unit fails' },
  system: { short: 'System', event: 'the whole Azure Stack Hub system is lost' },
  site: { short: 'Site', event: 'the datacenter is lost' },
  region: { short: 'Region', event: 'the whole region is hit' },
};

const SCOPE_CHOICES: Choice[] = DISRUPTION_SCOPES.map((scope) => ({
  value: scope,
  label: `${SCOPE_LABELS[scope].short} loss`,
  hint: SCOPE_LABELS[scope].event,
}));

export const DATA_SOURCES = [
  { value: 'disk', label: 'Whole disks', hint: 'Block-level copies of entire virtual disks', prompt: 'How are the whole disks of this component protected?' },
  { value: 'file-folder', label: 'Files and folders', hint: 'Selected paths inside the guest', prompt: 'How are the files and folders of this component protected?' },
  { value: 'os-state', label: 'OS state', hint: 'System state, registry, configuration', prompt: 'How is the OS state of this component protected?' },
  { value: 'application', label: 'Application data', hint: 'Databases and other data that need quiescing', prompt: 'How is the application data of this component protected?' },
] as const satisfies readonly (Choice & { prompt: string })[];

/**
 * How a data source is protected: several methods may apply at once (replicated and backed up).
 * "Nothing" is the empty list; the retired `none` is how a single answer said so before.
 */
export const PROTECTION_METHODS = [
  { value: 'none', label: 'Nothing yet', retired: true },
  { value: 'in-guest-backup', label: 'In-guest backup', hint: 'An agent inside the VM' },
  { value: 'application-backup', label: 'Application backup', hint: 'The application’s own, consistent backup' },
  { value: 'replication', label: 'Replication', hint: 'Copies to another place, no history' },
  { value: 'redeploy', label: 'Rebuilt from source', hint: 'Templates, scripts or images recreate it' },
  { value: 'host-snapshot', label: 'Snapshots or backup on the hosts', hint: 'Not possible on Azure Stack Hub' },
  { value: 'storage-replication', label: 'Storage replication underneath', hint: 'Not possible on Azure Stack Hub' },
] as const satisfies readonly Choice[];

/** Protection that Azure Stack Hub does not allow: reported, never counted as a way back. */
export const UNSUPPORTED_PROTECTION: ReadonlySet<string> = new Set(['host-snapshot', 'storage-replication']);

/** Where an application recovers after losing its system, its site or its region, besides a named system. */
export const RECOVERY_ALTERNATIVES = [
  { value: 'public-azure', label: 'Public Azure', hint: 'Azure Site Recovery, or a restore into Azure' },
  { value: 'new-hardware', label: 'New hardware', hint: 'A system bought and installed after the disaster' },
] as const satisfies readonly Choice[];

/** The scopes an application must recover from somewhere else; one "where does it recover" question each. */
export const RECOVERY_SCOPES = ['system', 'site', 'region'] as const satisfies readonly DisruptionScope[];
export type RecoveryScope = (typeof RECOVERY_SCOPES)[number];

const recoveryTargetQuestions: Question[] = DISRUPTION_SCOPES.flatMap((scope): Question[] => [
  {
    id: `app.rto.${scope}`,
    level: 'application',
    section: 'Recovery targets',
    prompt: `Maximum downtime if ${SCOPE_LABELS[scope].event}`,
    help:
      'Leave this unanswered to keep the target of the adopted policy. Answer only when the owner needs ' +
      'something different, and ask what actually happens to the business after that long, not what feels comfortable.',
    unknownAllowed: true,
    optional: true,
    type: 'duration',
    max: 365 * MINUTES_PER_DAY,
  },
  {
    id: `app.rpo.${scope}`,
    level: 'application',
    section: 'Recovery targets',
    prompt: `Maximum data loss if ${SCOPE_LABELS[scope].event}`,
    help:
      'How much recent work may be lost, measured back from the moment of the failure. Zero across sites ' +
      'needs synchronous replication inside the application itself; Azure Stack Hub cannot provide it underneath.',
    unknownAllowed: true,
    optional: true,
    type: 'duration',
    max: 365 * MINUTES_PER_DAY,
  },
]);

const dataSourceProtectionQuestions: Question[] = DATA_SOURCES.map((source) => ({
  id: `component.protection.${source.value}`,
  level: 'component',
  section: 'Data protection',
  prompt: source.prompt,
  help:
    'Every kind of data that needs protecting needs a method, and often more than one: choose all that apply. ' +
    'Replication alone copies mistakes and corruption along with the data, so stateful data also needs a point-in-time copy.',
  unknownAllowed: true,
  appliesWhen: { questionId: 'component.dataSources', anyOf: [source.value] },
  type: 'multi-choice',
  noneLabel: 'Nothing protects it yet',
  choices: PROTECTION_METHODS,
}));

const recoveryPlaceQuestions: Question[] = RECOVERY_SCOPES.map((scope) => ({
  id: `app.recoversOn.${scope}`,
  level: 'application',
  section: 'Recovery targets',
  prompt: `Where does it come back if ${SCOPE_LABELS[scope].event}?`,
  help:
    'The Azure Stack Hub system it fails over, restores or is redeployed to, or public Azure, or new hardware bought ' +
    'after the disaster. The place must lie outside what the disaster reaches. Left unanswered, the assessment assumes ' +
    'the replication target or another operational system, and says so.',
  unknownAllowed: true,
  appliesWhen: { questionId: 'app.impactRadius', anyOf: DISRUPTION_SCOPES.slice(DISRUPTION_SCOPES.indexOf(scope)) },
  type: 'system-reference',
  alternatives: RECOVERY_ALTERNATIVES,
}));

export const QUESTIONS: readonly Question[] = [
  {
    id: 'app.statefulness',
    level: 'application',
    section: 'Workload',
    prompt: 'Does the application keep state of its own?',
    help:
      'Stateful tiers hold data that must be brought back after a disaster, so they need point-in-time ' +
      'copies as well as a way to run elsewhere. Stateless tiers can simply be redeployed or scaled out ' +
      'behind a load balancer. If any tier writes data that matters (a database, uploaded files, a queue), answer stateful.',
    unknownAllowed: true,
    type: 'choice',
    choices: [
      { value: 'stateful', label: 'Stateful', hint: 'Holds data that must survive' },
      { value: 'stateless', label: 'Stateless', hint: 'Can be rebuilt from code and configuration' },
    ],
  },
  {
    id: 'app.hostingSystem',
    level: 'application',
    section: 'Workload',
    prompt: 'Which Azure Stack Hub system runs it today?',
    help: 'Recovery options depend on where the application runs now and on whether another system exists somewhere a single disaster cannot reach.',
    unknownAllowed: true,
    type: 'system-reference',
  },
  {
    id: 'app.dataSizeGb',
    level: 'application',
    section: 'Workload',
    prompt: 'How much data does it hold in total?',
    help: 'Restore time grows with the amount of data. A rough figure is fine; the VM inventory’s used storage is a good first guess.',
    unknownAllowed: true,
    appliesWhen: { questionId: 'app.statefulness', anyOf: ['stateful'] },
    type: 'number',
    unit: 'GB',
    min: 0,
    max: 10_000_000,
    integer: false,
  },
  {
    id: 'app.mayRunInAzure',
    level: 'application',
    section: 'Workload',
    prompt: 'May the application run in public Azure, even temporarily?',
    help: 'If yes, Azure Site Recovery and Azure Backup become recovery options. Data residency, licensing and a disconnected deployment are the usual reasons for no.',
    unknownAllowed: true,
    type: 'yes-no',
  },
  {
    id: 'app.owner',
    level: 'application',
    section: 'Ownership',
    prompt: 'Who owns the application on the business side?',
    help: 'The owner agrees the recovery targets and signs off the assessment. A name and a role is enough; a team mailbox is not an owner.',
    unknownAllowed: true,
    informational: true,
    type: 'text',
    maxLength: 120,
    placeholder: 'Name, role',
  },
  {
    id: 'app.criticality',
    level: 'application',
    section: 'Ownership',
    prompt: 'How critical is the application to the business?',
    help:
      'Criticality decides which protection policy the application starts from. Ask what stops when it is ' +
      'down: revenue, safety or legal duties point to mission-critical; internal convenience to standard or deferrable.',
    unknownAllowed: true,
    type: 'choice',
    choices: [
      { value: 'mission-critical', label: 'Mission-critical' },
      { value: 'business-critical', label: 'Business-critical' },
      { value: 'standard', label: 'Standard' },
      { value: 'deferrable', label: 'Deferrable' },
    ],
  },
  {
    id: 'app.policy',
    level: 'application',
    section: 'Ownership',
    prompt: 'Which protection policy does it adopt?',
    help:
      'A policy sets downtime and data-loss targets for every kind of disruption at once. Pick the one that ' +
      'matches the criticality, then override single targets below only where the owner needs something different.',
    unknownAllowed: true,
    type: 'policy-reference',
  },
  {
    id: 'app.dependencies',
    level: 'application',
    section: 'Ownership',
    prompt: 'Which other applications must be running for this one to work?',
    help:
      'An application comes back no sooner than the slowest thing it needs. Think of identity, databases shared ' +
      'with others, integration engines and file shares. Choose none if it stands alone.',
    unknownAllowed: true,
    type: 'application-references',
  },
  {
    id: 'app.impactRadius',
    level: 'application',
    section: 'Recovery targets',
    prompt: 'What is the largest disruption the application must survive?',
    help:
      'Surviving the loss of a site or region needs a second Azure Stack Hub system (or public Azure) far enough ' +
      'away. If no such system exists yet, recovery waits for new hardware: weeks, not hours.',
    unknownAllowed: true,
    type: 'choice',
    choices: SCOPE_CHOICES,
  },
  ...recoveryPlaceQuestions,
  ...recoveryTargetQuestions,
  {
    id: 'app.backup.exists',
    level: 'application',
    section: 'Backup',
    prompt: 'Is the application backed up today?',
    help: 'Any backup counts here, whoever runs it. The next questions ask how.',
    unknownAllowed: true,
    type: 'yes-no',
  },
  {
    id: 'app.backup.product',
    level: 'application',
    section: 'Backup',
    prompt: 'Which backup product is used?',
    help: 'Name the product and, if known, its version. It tells us what it can restore and where.',
    unknownAllowed: true,
    informational: true,
    appliesWhen: { questionId: 'app.backup.exists', anyOf: [true] },
    type: 'text',
    maxLength: 120,
    placeholder: 'e.g. Veeam Agent 6, Commvault, Windows Server Backup',
  },
  {
    id: 'app.backup.inGuest',
    level: 'application',
    section: 'Backup',
    prompt: 'Does the backup run inside the guest operating system?',
    help: 'On Azure Stack Hub nothing can be installed on the hosts, so a backup must run inside each VM or in the application. A host-level backup is not possible there.',
    unknownAllowed: true,
    appliesWhen: { questionId: 'app.backup.exists', anyOf: [true] },
    type: 'yes-no',
  },
  {
    id: 'app.backup.applicationAware',
    level: 'application',
    section: 'Backup',
    prompt: 'Is the backup application-aware?',
    help: 'An application-aware backup pauses writes for a moment (VSS on Windows, for example) so that databases restore consistently. A plain disk copy of a busy database may not start.',
    unknownAllowed: true,
    appliesWhen: { questionId: 'app.backup.exists', anyOf: [true] },
    type: 'yes-no',
  },
  {
    id: 'app.backup.frequency',
    level: 'application',
    section: 'Backup',
    prompt: 'How often does a backup run?',
    help: 'The time between backups is the most data a restore can lose.',
    unknownAllowed: true,
    appliesWhen: { questionId: 'app.backup.exists', anyOf: [true] },
    type: 'duration',
    max: 31 * MINUTES_PER_DAY,
  },
  {
    id: 'app.backup.retention',
    level: 'application',
    section: 'Backup',
    prompt: 'How long are backups kept?',
    help: 'Corruption or a deletion is often noticed late. Retention must reach back further than the time it takes to notice.',
    unknownAllowed: true,
    appliesWhen: { questionId: 'app.backup.exists', anyOf: [true] },
    type: 'duration',
    max: 10 * 365 * MINUTES_PER_DAY,
  },
  {
    id: 'app.backup.copyLocation',
    level: 'application',
    section: 'Backup',
    prompt: 'Where do the backup copies live?',
    help: 'A copy on the system it protects is lost together with that system. Choose every place a copy is kept.',
    unknownAllowed: true,
    appliesWhen: { questionId: 'app.backup.exists', anyOf: [true] },
    type: 'multi-choice',
    choices: [
      { value: 'same-system', label: 'On the same system' },
      { value: 'same-site', label: 'Elsewhere on the same site' },
      { value: 'other-site', label: 'On another site' },
      { value: 'public-azure', label: 'In public Azure' },
      { value: 'offline', label: 'Offline or immutable media' },
    ],
  },
  {
    id: 'app.replication.technology',
    level: 'application',
    section: 'Replication and failover',
    prompt: 'How is the application replicated to another place?',
    help:
      'On Azure Stack Hub replication runs in the application (for example a SQL Server availability group) or ' +
      'inside the guest. Storage-level replication between systems does not exist. Azure Site Recovery replicates whole ' +
      'VMs to public Azure, or, since release 2406, to another Azure Stack Hub system: where it comes back says which.',
    unknownAllowed: true,
    type: 'choice',
    choices: [
      { value: 'none', label: 'Not replicated' },
      { value: 'application', label: 'By the application', hint: 'e.g. SQL Server distributed availability group' },
      { value: 'guest', label: 'By an agent in the guest' },
      { value: 'azure-site-recovery', label: 'Azure Site Recovery', hint: 'To public Azure or another Azure Stack Hub' },
      { value: 'storage', label: 'Storage replication underneath the VMs', hint: 'Not possible on Azure Stack Hub' },
    ],
  },
  {
    id: 'app.replication.mode',
    level: 'application',
    section: 'Replication and failover',
    prompt: 'Is the replication synchronous or asynchronous?',
    help: 'Synchronous replication loses nothing but slows every write by the round trip; across sites it is usually asynchronous, which loses the last seconds or minutes.',
    unknownAllowed: true,
    appliesWhen: { questionId: 'app.replication.technology', anyOf: ['application', 'guest', 'azure-site-recovery'] },
    type: 'choice',
    choices: [
      { value: 'synchronous', label: 'Synchronous' },
      { value: 'asynchronous', label: 'Asynchronous' },
    ],
  },
  {
    id: 'app.replication.target',
    level: 'application',
    section: 'Replication and failover',
    prompt: 'Which Azure Stack Hub system does it replicate to?',
    help: 'The target should sit outside the disruption it protects against: another site for site loss, another region for region loss.',
    unknownAllowed: true,
    appliesWhen: { questionId: 'app.replication.technology', anyOf: ['application', 'guest'] },
    type: 'system-reference',
  },
  {
    id: 'app.activeActive',
    level: 'application',
    section: 'Replication and failover',
    prompt: 'Does it run active/active on more than one system?',
    help: 'Active/active means both places serve users at the same time, so losing one costs no downtime. Stateless tiers do this easily; stateful ones need replication in the application.',
    unknownAllowed: true,
    type: 'yes-no',
  },
  {
    id: 'app.loadBalancerPlacement',
    level: 'application',
    section: 'Replication and failover',
    prompt: 'Where does the load balancer that spreads users over the systems run?',
    help: 'A balancer inside one of the systems goes down with it. Across systems it must sit outside both, or be a DNS-based service such as Azure Traffic Manager.',
    unknownAllowed: true,
    appliesWhen: { questionId: 'app.activeActive', anyOf: [true] },
    type: 'choice',
    choices: [
      { value: 'inside-system', label: 'Inside one of the systems' },
      { value: 'external', label: 'An appliance outside both systems' },
      { value: 'traffic-manager', label: 'Azure Traffic Manager or global DNS' },
    ],
  },
  {
    id: 'app.failover.lastTest',
    level: 'application',
    section: 'Replication and failover',
    prompt: 'When was failover or recovery last tested end to end?',
    help:
      'An untested plan is a hope. Give the date of the last end-to-end test, or say it was never tested. A successful ' +
      'test within the last twelve months, with the time it took written down, is the best estimate there is.',
    unknownAllowed: true,
    type: 'date',
    never: 'Never tested',
  },
  {
    id: 'app.failover.testScheme',
    level: 'application',
    section: 'Replication and failover',
    prompt: 'What did that test bring back?',
    help: 'The measured time replaces the estimate only for the way of recovering that was tested.',
    unknownAllowed: true,
    optional: true,
    appliesWhen: { questionId: 'app.failover.lastTest', noneOf: ['never'] },
    type: 'choice',
    choices: [
      { value: 'replication-failover', label: 'A failover to the replica' },
      { value: 'backup-restore', label: 'A restore from backup' },
      { value: 'redeploy', label: 'A redeployment from source' },
    ],
  },
  {
    id: 'app.failover.testSucceeded',
    level: 'application',
    section: 'Replication and failover',
    prompt: 'Did the application come back as planned in that test?',
    help: 'Only a test that worked is evidence of how long recovery takes. A failed test counts as no test.',
    unknownAllowed: true,
    optional: true,
    appliesWhen: { questionId: 'app.failover.lastTest', noneOf: ['never'] },
    type: 'yes-no',
  },
  {
    id: 'app.failover.testDuration',
    level: 'application',
    section: 'Replication and failover',
    prompt: 'How long did the recovery take in that test?',
    help: 'From the decision to recover until users could work again. Detecting the failure and deciding are estimated separately.',
    unknownAllowed: true,
    optional: true,
    appliesWhen: { questionId: 'app.failover.lastTest', noneOf: ['never'] },
    type: 'duration',
    max: 31 * MINUTES_PER_DAY,
  },
  {
    id: 'app.failover.testDataLoss',
    level: 'application',
    section: 'Replication and failover',
    prompt: 'How much recent data was lost in that test?',
    help: 'Measured back from the moment of the simulated failure: the writes the recovered copy did not have.',
    unknownAllowed: true,
    optional: true,
    appliesWhen: { questionId: 'app.failover.lastTest', noneOf: ['never'] },
    type: 'duration',
    max: 31 * MINUTES_PER_DAY,
  },
  {
    id: 'app.assumptions',
    level: 'application',
    section: 'Owner assumptions',
    prompt: 'Which of these does the owner believe is already in place?',
    help:
      'These are common beliefs that Azure Stack Hub does not support. Each one ticked here becomes a finding to ' +
      'discuss, so the plan does not rest on it. Choose none if the owner holds none of them.',
    unknownAllowed: true,
    type: 'multi-choice',
    choices: [
      { value: 'host-level-backup', label: 'Backup or snapshots taken on the hosts' },
      { value: 'storage-replication', label: 'Storage replicated underneath the VMs' },
      { value: 'stretched-scale-unit', label: 'One scale unit stretched over two sites' },
      { value: 'availability-set-across-systems', label: 'An availability set spanning two systems' },
      { value: 'zero-data-loss', label: 'No data lost even when a site is lost' },
      { value: 'multiple-node-failures', label: 'Survives several nodes failing at once' },
    ],
  },
  {
    id: 'app.outOfScope',
    level: 'application',
    section: 'Assessment scope',
    prompt: 'Why is this application left out of the assessment?',
    help:
      'Answer only when the consultant and the customer agree to leave the application out (retired soon, run by ' +
      'another provider, not on Azure Stack Hub). The reason is printed wherever the application is listed and the ' +
      'rules judge nothing about it. To bring it back in, answer not applicable (or undo the answer).',
    unknownAllowed: false,
    informational: true,
    optional: true,
    type: 'text',
    maxLength: 300,
    placeholder: 'e.g. Retired in March; replaced by a hosted service',
  },
  {
    id: 'component.role',
    level: 'component',
    section: 'Component',
    prompt: 'What does this component do?',
    help: 'Tiers recover differently: a web tier can be rebuilt, a database must be restored.',
    unknownAllowed: true,
    type: 'choice',
    choices: [
      { value: 'web', label: 'Web or front end' },
      { value: 'application', label: 'Application or middle tier' },
      { value: 'database', label: 'Database' },
      { value: 'file', label: 'File or object storage' },
      { value: 'integration', label: 'Batch or integration' },
      { value: 'other', label: 'Something else' },
    ],
  },
  {
    id: 'component.statefulness',
    level: 'component',
    section: 'Component',
    prompt: 'Does this component keep state?',
    help: 'Only stateful components need their data protected; stateless ones need a way to be rebuilt quickly.',
    unknownAllowed: true,
    type: 'choice',
    choices: [
      { value: 'stateful', label: 'Stateful' },
      { value: 'stateless', label: 'Stateless' },
    ],
  },
  {
    id: 'component.instances',
    level: 'component',
    section: 'Component',
    prompt: 'How many instances (VMs) run this component?',
    help: 'One instance means any node failure is downtime until the VM restarts elsewhere.',
    unknownAllowed: true,
    type: 'number',
    unit: 'VMs',
    min: 1,
    max: 1000,
    integer: true,
  },
  {
    id: 'component.availabilitySet',
    level: 'component',
    section: 'Component',
    prompt: 'Are the instances in an availability set?',
    help: 'An availability set spreads instances over fault domains (nodes), so one node failure takes only some of them down. It never spans two systems.',
    unknownAllowed: true,
    type: 'yes-no',
  },
  {
    id: 'component.loadBalancer',
    level: 'component',
    section: 'Component',
    prompt: 'What spreads requests over the instances?',
    help: 'Several instances only help if something sends users to the ones still running.',
    unknownAllowed: true,
    type: 'choice',
    choices: [
      { value: 'none', label: 'Nothing' },
      { value: 'azure-stack-lb', label: 'Azure Stack Hub load balancer' },
      { value: 'external', label: 'An external appliance' },
      { value: 'dns', label: 'DNS round robin' },
      { value: 'application', label: 'The application itself (cluster)' },
    ],
  },
  {
    id: 'component.dataSources',
    level: 'component',
    section: 'Data protection',
    prompt: 'Which kinds of data on this component need protecting?',
    help: 'Think of whole disks, folders with files users create, the operating system’s own state, and data that only the application can copy consistently.',
    unknownAllowed: true,
    appliesWhen: { questionId: 'component.statefulness', anyOf: ['stateful'] },
    type: 'multi-choice',
    choices: DATA_SOURCES,
  },
  ...dataSourceProtectionQuestions,
];

const byId = new Map(QUESTIONS.map((q) => [q.id, q]));

export function findQuestion(id: string): Question | undefined {
  return byId.get(id);
}

export function questionsFor(level: Question['level']): Question[] {
  return QUESTIONS.filter((q) => q.level === level);
}

/**
 * Whether a question is asked, given the other answers of the same subject (the application's,
 * or one component's). A question whose condition is unanswered or unknown is not asked yet.
 */
export function isApplicable(question: Question, answers: Readonly<Record<string, Answer>>): boolean {
  const condition = question.appliesWhen;
  if (!condition) return true;
  const state = answers[condition.questionId]?.state;
  if (state?.status !== 'answered') return false;
  const values = (Array.isArray(state.value) ? state.value : [state.value]) as (string | boolean)[];
  if (condition.noneOf) return !values.some((value) => condition.noneOf.includes(value));
  return values.some((value) => condition.anyOf.includes(value));
}

/**
 * An answered value as it reads today. A question that became a list (how a data source is
 * protected) reads an answer given as a single value before as a list of one; stored answers
 * are never rewritten, so signed engagements keep their fingerprint.
 */
export function currentValue(question: Question, value: unknown): unknown {
  return question.type === 'multi-choice' && typeof value === 'string' ? [value] : value;
}

/** The value an alternative answer (public Azure, never tested...) stands for, or undefined for an ordinary one. */
export function alternativeOf(question: Question, value: unknown): Choice | undefined {
  if (question.type === 'system-reference') return question.alternatives?.find((choice) => choice.value === value);
  if (question.type === 'date' && question.never !== undefined && value === NEVER) return { value: NEVER, label: question.never };
  return undefined;
}

/** The stored value of a date question's "never" answer. */
export const NEVER = 'never';

/** The schema an answered value must satisfy for this question, shared by the UI and the store. */
export function answerValueSchema(question: Question): z.ZodType {
  switch (question.type) {
    case 'choice':
      return z.enum(question.choices.map((c) => c.value) as [string, ...string[]], {
        error: `Choose one of: ${question.choices.map((c) => c.label).join(', ')}`,
      });
    case 'multi-choice':
      return z.preprocess(
        (value) => currentValue(question, value),
        z
          .array(z.enum(question.choices.map((c) => c.value) as [string, ...string[]], { error: 'Not one of the offered choices' }))
          .refine((values) => new Set(values).size === values.length, 'A choice is listed twice')
          .refine(
            (values) => values.length <= 1 || !values.some((value) => question.choices.find((c) => c.value === value)?.retired),
            `“${question.choices.find((c) => c.retired)?.label ?? ''}” cannot be combined with other choices`,
          ),
      );
    case 'yes-no':
      return z.boolean({ error: 'Answer yes or no' });
    case 'text':
      return safeText()
        .trim()
        .min(1, 'Type an answer, or mark it unknown')
        .max(question.maxLength, `At most ${question.maxLength} characters`);
    case 'number': {
      const base = z.number({ error: 'Enter a number' });
      return (question.integer ? base.int('Enter a whole number') : base)
        .min(question.min, `At least ${question.min} ${question.unit}`)
        .max(question.max, `At most ${question.max} ${question.unit}`);
    }
    case 'duration':
      return z
        .number({ error: 'Enter a duration' })
        .min(0, 'A duration cannot be negative')
        .max(question.max, `At most ${Math.round(question.max / MINUTES_PER_DAY)} days`);
    case 'date':
      return question.never === undefined ? IsoDate : z.union([z.literal(NEVER), IsoDate], { error: `Enter a date as YYYY-MM-DD, or ${question.never}` });
    case 'system-reference':
      return z.string().min(1, 'Choose a system');
    case 'policy-reference':
      return z.string().min(1, 'Choose a policy');
    case 'application-references':
      return z.array(z.string().min(1)).refine((ids) => new Set(ids).size === ids.length, 'An application is listed twice');
  }
}

/** For answers that point at other records: which table they point into, so the store can check they exist. */
export function referencedIds(question: Question, value: unknown): { table: string; label: string; ids: string[] } | null {
  switch (question.type) {
    case 'system-reference':
      return alternativeOf(question, value) ? null : { table: 'azure_stack_system', label: 'Azure Stack Hub system', ids: [String(value)] };
    case 'policy-reference':
      return { table: 'protection_policy', label: 'protection policy', ids: [String(value)] };
    case 'application-references':
      return { table: 'application', label: 'application', ids: (value as string[]).map(String) };
    default:
      return null;
  }
}
