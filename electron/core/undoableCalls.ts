// Which API calls are changes the consultant can undo, and how each is named in the undo history
// ("delete VM web01"). Declared once: the Workbench records every call listed here as one step,
// and a test checks that every call that changes the engagement is either listed or an import
// (which has its own undo).
import { basename } from 'node:path';
import type { ApiMethod, ApiParsedInput } from '../../shared/api/contract';
import type { AnswerState } from '../../shared/domain/engagement';
import type { NamedRecords } from '../../shared/questions/answerText';
import { findArchetype } from '../../shared/questions/archetypes';
import { findQuestion } from '../../shared/questions/catalogue';
import { describeChange } from '../../shared/questions/describeAnswer';
import type { EngagementStore } from './store/engagementStore';
import type { StepMeta } from './store/undoHistory';

type Describe<M extends ApiMethod> = (input: ApiParsedInput<M>, store: EngagementStore) => StepMeta;

const SETUP = { view: 'setup' } as const;

function nameOf(store: EngagementStore, table: Parameters<EngagementStore['namesOf']>[0], id: string | null | undefined, fallback: string): string {
  if (!id) return fallback;
  return store.namesOf(table, [id]).get(id) ?? fallback;
}

/** The attachment, or null when the id names none (the call itself then says so). */
function attachmentNamed(store: EngagementStore, id: string): { name: string; applicationId: string } | null {
  try {
    return store.attachment(id);
  } catch {
    return null;
  }
}

const count = (n: number, one: string, many: string) => (n === 1 ? one : `${n.toLocaleString('en')} ${many}`);

/** The records an answer may name, read only when the question refers to them. */
function namedRecords(store: EngagementStore): NamedRecords {
  return {
    get systems() {
      return store.systems();
    },
    get policies() {
      return store.policies();
    },
    get applications() {
      return store.applicationNames();
    },
  };
}

function answerStep(
  store: EngagementStore,
  target: { applicationId: string; componentId?: string | undefined; questionId: string },
  next: { state: AnswerState; note: string | undefined } | null,
  typing: boolean,
): StepMeta {
  const { applicationId, componentId, questionId } = target;
  const question = findQuestion(questionId);
  const component = componentId ? ` of ${nameOf(store, 'component', componentId, 'a component')}` : '';
  const where = `${question ? `“${question.prompt}”` : 'a question'}${component} in ${nameOf(store, 'application', applicationId, 'an application')}`;
  const place = { view: 'interview', applicationId, questionId, ...(componentId ? { componentId } : {}) } as const;
  const typingKey = typing ? `${applicationId}/${componentId ?? ''}/${questionId}` : undefined;
  if (!question) return { label: `the answer to ${where}`, place, typingKey };
  const before = store.storedAnswer(applicationId, componentId ?? null, questionId);
  const after = next === null ? null : { state: next.state, note: next.note ?? before?.note ?? '' };
  const words = describeChange(question, before, after, namedRecords(store));
  if (words.noteOnly) return { label: `the note on ${where}`, place, typingKey };
  return { label: where, from: words.from, to: words.to, place, typingKey };
}

function vmSaveStep(store: EngagementStore, input: ApiParsedInput<'vm.save'>): StepMeta {
  const place = input.applicationId ? ({ view: 'interview', applicationId: input.applicationId, section: 'vms' } as const) : ({ view: 'vms' } as const);
  const before = input.id ? store.vmById(input.id) : null;
  if (!before) return { label: `add VM ${input.name}`, place };
  if (before.name !== input.name) return { label: `rename VM ${before.name} to ${input.name}`, place };
  if (before.applicationId !== input.applicationId) {
    return { label: `move VM ${input.name} to ${nameOf(store, 'application', input.applicationId, 'no application')}`, place };
  }
  return { label: `edit VM ${input.name}`, place };
}

export const UNDOABLE_CALLS: { [M in ApiMethod]?: Describe<M> } = {
  'engagement.updateDetails': (input) =>
    Object.keys(input).every((key) => key === 'status') ? { label: 'change the engagement status', place: {} } : { label: 'edit the engagement details', place: SETUP },
  'site.save': (input, store) => ({ label: input.id ? `edit site ${nameOf(store, 'site', input.id, input.name)}` : `add site ${input.name}`, place: SETUP }),
  'site.delete': ({ id }, store) => ({ label: `delete site ${nameOf(store, 'site', id, '?')}`, place: SETUP }),
  'siteDistance.set': ({ siteAId, siteBId, km }, store) => ({
    label: `${km === null ? 'remove the distance' : `set the distance to ${km} km`} between ${nameOf(store, 'site', siteAId, 'a site')} and ${nameOf(store, 'site', siteBId, 'another')}`,
    place: SETUP,
  }),
  'system.save': (input, store) => ({
    label: input.id ? `edit system ${nameOf(store, 'azure_stack_system', input.id, input.name)}` : `add system ${input.name}`,
    place: SETUP,
  }),
  'system.delete': ({ id }, store) => ({ label: `delete system ${nameOf(store, 'azure_stack_system', id, '?')}`, place: SETUP }),
  'hardwareProfile.save': (input, store) => ({
    label: input.id ? `edit hardware profile ${nameOf(store, 'hardware_profile', input.id, input.name)}` : `add hardware profile ${input.name}`,
    place: SETUP,
  }),
  'hardwareProfile.delete': ({ id }, store) => ({ label: `delete hardware profile ${nameOf(store, 'hardware_profile', id, '?')}`, place: SETUP }),
  'policy.save': (input, store) => ({
    label: input.id ? `edit policy ${nameOf(store, 'protection_policy', input.id, input.name)}` : `add policy ${input.name}`,
    place: SETUP,
  }),
  'policy.delete': ({ id }, store) => ({ label: `delete policy ${nameOf(store, 'protection_policy', id, '?')}`, place: SETUP }),
  'assumptions.set': () => ({ label: 'change the estimate assumptions', place: SETUP }),
  'engagement.setLogo': ({ logo }) => ({ label: logo ? "set the customer's logo" : "remove the customer's logo", place: SETUP }),
  'assumptions.reset': () => ({ label: 'reset the estimate assumptions to their defaults', place: SETUP }),
  'vm.save': (input, store) => vmSaveStep(store, input),
  'vm.delete': ({ id }, store) => {
    const vm = store.vmById(id);
    return { label: `delete VM ${vm?.name ?? '?'}`, place: vm?.applicationId ? { view: 'interview', applicationId: vm.applicationId, section: 'vms' } : { view: 'vms' } };
  },
  'vm.move': ({ vmIds, applicationId }, store) => {
    const single = vmIds.length === 1 ? store.vmById(vmIds[0]!) : null;
    const what = single ? `VM ${single.name}` : count(vmIds.length, 'a VM', 'VMs');
    return { label: `move ${what} to ${nameOf(store, 'application', applicationId, 'no application')}`, place: { view: 'vms' } };
  },
  'application.add': ({ name, archetypeId }) => {
    const archetype = archetypeId ? findArchetype(archetypeId) : undefined;
    return { label: `add application ${name}${archetype ? ` (${archetype.name})` : ''}`, place: { view: 'interview' } };
  },
  'application.rename': ({ id, name }, store) => ({
    label: `rename application ${nameOf(store, 'application', id, '?')} to ${name}`,
    place: { view: 'interview', applicationId: id },
  }),
  'application.assignPolicy': ({ policyId, applicationIds }, store) => ({
    label: `give ${count(applicationIds.length, nameOf(store, 'application', applicationIds[0], 'one application'), 'applications')} the policy ${nameOf(store, 'protection_policy', policyId, '?')}`,
    place: { view: 'interview' },
  }),
  'application.copyAnswers': ({ fromApplicationId, toApplicationIds }, store) => ({
    label: `copy the answers of ${nameOf(store, 'application', fromApplicationId, 'an application')} to ${count(
      toApplicationIds.length,
      nameOf(store, 'application', toApplicationIds[0], 'one application'),
      'applications',
    )}`,
    place: { view: 'interview', applicationId: fromApplicationId },
  }),
  'component.add': ({ applicationId, name }, store) => ({
    label: `add component ${name} to ${nameOf(store, 'application', applicationId, 'an application')}`,
    place: { view: 'interview', applicationId },
  }),
  'component.rename': ({ applicationId, componentId, name }, store) => ({
    label: `rename component ${nameOf(store, 'component', componentId, '?')} to ${name}`,
    place: { view: 'interview', applicationId },
  }),
  'component.remove': ({ applicationId, componentId }, store) => ({
    label: `remove component ${nameOf(store, 'component', componentId, '?')} from ${nameOf(store, 'application', applicationId, '?')}`,
    place: { view: 'interview', applicationId },
  }),
  'attachment.add': ({ applicationId, path }, store) => ({
    label: `attach ${basename(path)} to ${nameOf(store, 'application', applicationId, '?')}`,
    place: { view: 'interview', applicationId },
  }),
  'attachment.remove': ({ id }, store) => {
    const attached = attachmentNamed(store, id);
    return {
      label: `remove the attached file ${attached?.name ?? '?'}`,
      place: attached ? { view: 'interview', applicationId: attached.applicationId } : {},
    };
  },
  'answer.set': ({ state, note, typing, ...target }, store) => answerStep(store, target, { state, note }, typing ?? false),
  'answer.clear': (target, store) => answerStep(store, target, null, false),
};

export function isUndoable(method: ApiMethod): boolean {
  return Object.hasOwn(UNDOABLE_CALLS, method);
}
