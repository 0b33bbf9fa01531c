// Records and values in the consultant's words, for the merge report: which application, which
// question, what the answer says; never an id.
import type { AnswerState } from '../../../shared/domain/engagement';
import type { NamedRecords } from '../../../shared/questions/answerText';
import { answerStateText } from '../../../shared/questions/answerText';
import { findQuestion } from '../../../shared/questions/catalogue';
import { ASSUMPTIONS } from '../../../shared/rules/assumptions';
import { formatBytes } from '../../../shared/domain/attachment';
import { keyOf, splitAnswerId, type MergeRecord, type RecordState } from './records';

const FIELD_LABELS: Record<string, string> = {
  customer: 'customer',
  title: 'title',
  consultants: 'consultants',
  workshopDates: 'workshop dates',
  scopeNotes: 'scope notes',
  status: 'status',
  name: 'name',
  location: 'location',
  datacenterTier: 'datacenter tier',
  utilityFeeds: 'utility feeds',
  siteId: 'site',
  region: 'region',
  nodeCount: 'nodes',
  identityModel: 'identity',
  state: 'state',
  role: 'role',
  publicAzureAllowed: 'public Azure allowed',
  description: 'description',
  targets: 'targets',
  applicationId: 'application',
  os: 'OS',
  vcpu: 'vCPU',
  memoryGb: 'memory (GB)',
  provisionedGb: 'storage (GB)',
  powerState: 'power state',
  host: 'host',
  km: 'distance (km)',
  memoryGbPerNode: 'memory per node (GB)',
  physicalCoresPerNode: 'physical cores per node',
  usableStorageGbPerNode: 'usable storage per node (GB)',
  hardwareProfileId: 'hardware profile',
  siteRecoveryTarget: 'Site Recovery target',
  largestDiskGb: 'largest disk (GB)',
};

/** Looks a record up in either copy (the name is the same wherever it is found first). */
export class Namer {
  constructor(private readonly states: readonly RecordState[]) {}

  record(kind: MergeRecord['kind'], id: string): MergeRecord | undefined {
    for (const state of this.states) {
      const found = state.get(keyOf(kind, id));
      if (found) return found;
    }
    return undefined;
  }

  name(kind: MergeRecord['kind'], id: string | null | undefined): string {
    if (!id) return '—';
    const found = this.record(kind, id);
    return found && typeof found.fields.name === 'string' ? found.fields.name : '(removed)';
  }

  /** The named records one copy holds, for answers that refer to systems, policies and applications. */
  named(state: RecordState): NamedRecords {
    const of = (kind: MergeRecord['kind']) =>
      [...state.values()].filter((record) => record.kind === kind).map((record) => ({ id: record.id, name: String(record.fields.name) }));
    return { systems: of('system'), policies: of('policy'), applications: of('application') };
  }

  /** "Payroll — Database — How is the data backed up?" */
  what(record: MergeRecord, field: string | null = null): string {
    const { kind, id, fields } = record;
    const suffix = field ? ` — ${FIELD_LABELS[field] ?? field}` : '';
    switch (kind) {
      case 'engagement':
        return `Engagement details${suffix}`;
      case 'answer': {
        const { applicationId, componentId, questionId } = splitAnswerId(id);
        const prompt = findQuestion(questionId)?.prompt ?? questionId;
        const place = [this.name('application', applicationId), componentId ? this.name('component', componentId) : null].filter(Boolean).join(' — ');
        return `${place} — ${prompt}${field === 'note' ? ' (note)' : ''}`;
      }
      case 'component':
        return `Component ${String(fields.name)} of ${this.name('application', String(fields.applicationId))}${suffix}`;
      case 'distance': {
        const [a, b] = id.split('/');
        return `Distance ${this.name('site', a)} — ${this.name('site', b)}`;
      }
      case 'assumption':
        return `Assumption: ${ASSUMPTIONS.find((assumption) => assumption.key === id)?.label ?? id}`;
      case 'attachment': {
        const owner = [this.name('application', String(fields.applicationId)), fields.componentId ? this.name('component', String(fields.componentId)) : null].filter(Boolean).join(' — ');
        const question = fields.questionId ? ` — ${findQuestion(String(fields.questionId))?.prompt ?? String(fields.questionId)}` : '';
        return `Attachment ${String(fields.name)} (${owner}${question})`;
      }
      default: {
        const label = { site: 'Site', hardwareProfile: 'Hardware profile', system: 'Azure Stack Hub system', policy: 'Protection policy', vm: 'VM', application: 'Application' }[kind];
        return `${label} ${String(fields.name)}${suffix}`;
      }
    }
  }

  /** A record, or one of its fields, as text; null when it does not exist in that copy. */
  value(record: MergeRecord | undefined, field: string | null, state: RecordState): string | null {
    if (!record) return null;
    if (record.kind === 'answer') {
      if (field === 'note') return String(record.fields.note ?? '');
      const question = findQuestion(splitAnswerId(record.id).questionId);
      const answer = { state: record.fields.state as AnswerState, note: '' };
      return question ? answerStateText(question, answer, this.named(state)) : JSON.stringify(answer.state);
    }
    if (record.kind === 'attachment') return `${String(record.fields.name)}, ${formatBytes(Number(record.fields.size))}, SHA-256 ${String(record.fields.sha256)}`;
    if (record.kind === 'assumption') return `${String(record.fields.best)} – ${String(record.fields.worst)}`;
    if (field === null) {
      if (record.kind === 'distance') return `${String(record.fields.km)} km`;
      return String(record.fields.name ?? '');
    }
    const value = record.fields[field];
    if (field === 'siteId') return this.name('site', value as string);
    if (field === 'applicationId') return value ? this.name('application', value as string) : 'no application';
    if (field === 'hardwareProfileId') return value ? this.name('hardwareProfile', value as string) : 'no hardware profile';
    if (value === null || value === undefined) return '—';
    if (typeof value === 'boolean') return value ? 'yes' : 'no';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}
