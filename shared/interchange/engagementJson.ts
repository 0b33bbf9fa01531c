import { z } from 'zod';
import {
  AnswerState,
  ApplicationName,
  AzureStackSystem,
  CustomerName,
  DISRUPTION_SCOPES,
  EngagementStatus,
  EngagementTitle,
  HardwareProfile,
  ProtectionPolicy,
  Site,
  SiteDistance,
  Vm,
  type Answer,
  type EngagementView,
} from '../domain/engagement';
import { AttachmentMeta, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_NAME, Sha256 } from '../domain/attachment';
import { answerValueSchema, CATALOGUE_VERSION, findQuestion, QUESTIONS, referencedIds } from '../questions/catalogue';
import { ASSUMPTIONS, assumptionRangeSchema, type AssumptionKey } from '../rules/assumptions';
import { cleanDeep, safeId, safeText } from '../text/safeText';

/**
 * The JSON interchange format of one engagement: a public, versioned contract written by
 * `cwb export --format json` and read by `cwb create --from`. Version 1 is frozen: a change that
 * an older reader could misread gets a new `formatVersion`. Version 2 adds `attachments` (each
 * file's bytes in base64 beside its SHA-256); a document without attachments is still written as
 * version 1, so older readers keep reading it. `npm run schema` writes the same shape as JSON
 * Schema to shared/interchange/engagement.schema.json.
 */
export const ENGAGEMENT_FORMAT = 'continuity-workbook-engagement';
/** The newest version this app reads and writes. */
export const ENGAGEMENT_FORMAT_VERSION = 2;
const FORMAT_VERSION_WITHOUT_ATTACHMENTS = 1;

const Id = safeId('An id is required');

export const DocumentAnswer = z
  .object({
    state: AnswerState,
    note: safeText().max(4000, 'A note is longer than 4000 characters'),
    answeredBy: safeText().max(200),
    answeredAt: safeText().max(40),
  })
  .strict();
export type DocumentAnswer = z.infer<typeof DocumentAnswer>;

/** Answers by question id. */
const DocumentAnswers = z.record(z.string(), DocumentAnswer);

const ComponentName = safeText().trim().min(1, 'Component name is required').max(120, 'Component name is longer than 120 characters');

export const DocumentComponent = z.object({ id: Id, name: ComponentName, answers: DocumentAnswers }).strict();

export const DocumentApplication = z
  .object({ id: Id, name: ApplicationName, answers: DocumentAnswers, components: z.array(DocumentComponent) })
  .strict();

/** Standard base64, as long as the largest attachment allowed needs. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const DocumentAttachment = z
  .object({
    id: Id,
    applicationId: Id,
    componentId: Id.nullable(),
    questionId: Id.nullable(),
    name: z.string().min(1).max(MAX_ATTACHMENT_NAME),
    mediaType: AttachmentMeta.shape.mediaType,
    size: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES, `An attachment may be at most ${MAX_ATTACHMENT_BYTES} bytes`),
    sha256: Sha256,
    attachedBy: z.string().max(200),
    attachedAt: z.string().max(40),
    contentBase64: z
      .string()
      .max(Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4, 'The content is longer than the largest attachment allowed')
      .regex(BASE64, 'The content must be standard base64'),
  })
  .strict();
export type DocumentAttachment = z.infer<typeof DocumentAttachment>;

/**
 * Assumptions the document leaves out take their default, and ones this version does not know
 * are dropped, as in the engagement file: so adding an assumption needs no new format version.
 */
const DocumentAssumptions = z.object(
  Object.fromEntries(ASSUMPTIONS.map((definition) => [definition.key, assumptionRangeSchema(definition).default({ ...definition.defaults })])) as Record<
    AssumptionKey,
    z.ZodDefault<ReturnType<typeof assumptionRangeSchema>>
  >,
);

export const EngagementDocument = z
  .object({
    format: z.literal(ENGAGEMENT_FORMAT, { error: `format must be "${ENGAGEMENT_FORMAT}"` }),
    formatVersion: z.union([z.literal(FORMAT_VERSION_WITHOUT_ATTACHMENTS), z.literal(ENGAGEMENT_FORMAT_VERSION)], {
      error: `formatVersion must be ${FORMAT_VERSION_WITHOUT_ATTACHMENTS} or ${ENGAGEMENT_FORMAT_VERSION}`,
    }),
    exportedAt: safeText().max(40),
    appVersion: safeText().max(40),
    catalogueVersion: z.number().int().positive(),
    engagement: z
      .object({
        customer: CustomerName,
        title: EngagementTitle,
        consultants: safeText().trim().max(500),
        workshopDates: safeText().trim().max(200),
        scopeNotes: safeText().trim().max(10_000),
        status: EngagementStatus,
      })
      .strict(),
    sites: z.array(Site.extend({ id: Id }).strict()),
    systems: z.array(AzureStackSystem.extend({ id: Id }).strict()),
    /** Added after version 1 was published: a document without it (written before) has none. */
    hardwareProfiles: z.array(HardwareProfile.extend({ id: Id }).strict()).default([]),
    siteDistances: z.array(SiteDistance.strict()),
    policies: z.array(ProtectionPolicy.extend({ id: Id }).strict()),
    assumptions: DocumentAssumptions,
    applications: z.array(DocumentApplication),
    vms: z.array(Vm.extend({ id: Id }).strict()),
    attachments: z.array(DocumentAttachment).optional(),
  })
  .strict();
export type EngagementDocument = z.output<typeof EngagementDocument>;

const questionOrder = new Map(QUESTIONS.map((question, index) => [question.id, index]));

/** Catalogue order, so the same answers always serialise the same way and read like the interview. */
function documentAnswers(answers: Readonly<Record<string, Answer>>): Record<string, DocumentAnswer> {
  const ids = Object.keys(answers).sort(
    (a, b) => (questionOrder.get(a) ?? Infinity) - (questionOrder.get(b) ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0),
  );
  return Object.fromEntries(
    ids.map((id) => {
      const answer = answers[id]!;
      return [id, { state: answer.state, note: answer.note, answeredBy: answer.answeredBy, answeredAt: answer.answeredAt }];
    }),
  );
}

/**
 * The document for one engagement snapshot. Arrays keep the order the view gives them (the
 * order records were added); parsing through the schema puts every object's keys in the
 * schema's order, so the same engagement always gives the same text.
 */
export function toEngagementDocument(
  engagement: EngagementView,
  meta: { exportedAt: string; appVersion: string },
  attachments: readonly DocumentAttachment[] = [],
): EngagementDocument {
  // A file from before text was checked at the door may hold characters the document cannot.
  const view = cleanDeep(engagement);
  const { details } = view;
  return EngagementDocument.parse({
    format: ENGAGEMENT_FORMAT,
    formatVersion: attachments.length > 0 ? ENGAGEMENT_FORMAT_VERSION : FORMAT_VERSION_WITHOUT_ATTACHMENTS,
    exportedAt: meta.exportedAt,
    appVersion: meta.appVersion,
    catalogueVersion: CATALOGUE_VERSION,
    engagement: {
      customer: details.customer,
      title: details.title,
      consultants: details.consultants,
      workshopDates: details.workshopDates,
      scopeNotes: details.scopeNotes,
      status: details.status,
    },
    sites: view.sites,
    systems: view.systems,
    hardwareProfiles: view.hardwareProfiles,
    siteDistances: view.siteDistances,
    policies: view.policies.map((policy) => ({
      ...policy,
      targets: Object.fromEntries(DISRUPTION_SCOPES.map((scope) => [scope, policy.targets[scope]])),
    })),
    assumptions: view.assumptions,
    applications: view.applications.map((app) => ({
      id: app.id,
      name: app.name,
      answers: documentAnswers(app.answers),
      components: app.components.map((component) => ({ id: component.id, name: component.name, answers: documentAnswers(component.answers) })),
    })),
    vms: view.vms,
    ...(attachments.length > 0 ? { attachments } : {}),
  });
}

/** One thing wrong with a document, at a place a person can find: `applications[3] ("Payroll").answers["app.rto.site"]`. */
export interface DocumentProblem {
  path: string;
  message: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Writes a path the way a person reads the JSON, naming array elements that carry a name. */
export function formatDocumentPath(path: readonly PropertyKey[], document: unknown): string {
  let text = '';
  let node: unknown = document;
  for (const key of path) {
    if (typeof key === 'number') {
      text += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const name = node !== null && typeof node === 'object' ? (node as { name?: unknown }).name : undefined;
      if (typeof name === 'string' && name.trim() !== '') text += ` (${JSON.stringify(name.trim())})`;
    } else {
      const name = String(key);
      text += IDENTIFIER.test(name) ? `${text === '' ? '' : '.'}${name}` : `[${JSON.stringify(name)}]`;
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[name] : undefined;
    }
  }
  return text === '' ? '(document)' : text;
}

export type DocumentReading = { ok: true; document: EngagementDocument } | { ok: false; problems: DocumentProblem[] };

/**
 * Checks a parsed JSON value as an engagement document: its version first (a newer one is
 * refused before anything else is judged), then its shape, then every cross-reference and
 * every answer against the question catalogue. All problems are returned, in document order.
 */
export function readEngagementDocument(raw: unknown): DocumentReading {
  const head = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  if (!head || head.format !== ENGAGEMENT_FORMAT) {
    return {
      ok: false,
      problems: [{ path: 'format', message: `not a Continuity Workbook engagement document (expected "format": "${ENGAGEMENT_FORMAT}")` }],
    };
  }
  if (typeof head.formatVersion === 'number' && head.formatVersion > ENGAGEMENT_FORMAT_VERSION) {
    return {
      ok: false,
      problems: [
        {
          path: 'formatVersion',
          message:
            `the document is in format version ${head.formatVersion}; this version of Continuity Workbook reads up to ` +
            `${ENGAGEMENT_FORMAT_VERSION}. Update the app to read it.`,
        },
      ],
    };
  }
  const parsed = EngagementDocument.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({ path: formatDocumentPath(issue.path, raw), message: issue.message })),
    };
  }
  const problems = crossReferenceProblems(parsed.data);
  // Text in answers (a follow-up's person, a reason) is cleaned like every field the schema names.
  return problems.length === 0 ? { ok: true, document: cleanDeep(parsed.data) } : { ok: false, problems };
}

function crossReferenceProblems(document: EngagementDocument): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const report = (path: PropertyKey[], message: string) => problems.push({ path: formatDocumentPath(path, document), message });

  /** Ids must be unique per kind (components across all applications); names as the file requires. */
  function uniqueness<T extends { id: string; name: string }>(records: readonly T[], path: PropertyKey[], what: string, ignoreCase: boolean) {
    const ids = new Set<string>();
    const names = new Set<string>();
    records.forEach((record, index) => {
      if (ids.has(record.id)) report([...path, index, 'id'], `another ${what} already has the id "${record.id}"`);
      ids.add(record.id);
      const name = ignoreCase ? record.name.toLowerCase() : record.name;
      if (names.has(name)) report([...path, index, 'name'], `another ${what} is already named "${record.name}"`);
      names.add(name);
    });
    return ids;
  }

  const siteIds = uniqueness(document.sites, ['sites'], 'site', false);
  const systemIds = uniqueness(document.systems, ['systems'], 'system', false);
  const profileIds = uniqueness(document.hardwareProfiles, ['hardwareProfiles'], 'hardware profile', true);
  const policyIds = uniqueness(document.policies, ['policies'], 'policy', true);
  const applicationIds = uniqueness(document.applications, ['applications'], 'application', true);
  const componentIds = new Set<string>();
  const vmIds = new Set<string>();

  document.systems.forEach((system, index) => {
    if (!siteIds.has(system.siteId)) report(['systems', index, 'siteId'], `no site with id "${system.siteId}" in this document`);
    if (system.hardwareProfileId !== undefined && !profileIds.has(system.hardwareProfileId)) {
      report(['systems', index, 'hardwareProfileId'], `no hardware profile with id "${system.hardwareProfileId}" in this document`);
    }
  });

  const pairs = new Set<string>();
  document.siteDistances.forEach((distance, index) => {
    for (const field of ['siteAId', 'siteBId'] as const) {
      if (!siteIds.has(distance[field])) report(['siteDistances', index, field], `no site with id "${distance[field]}" in this document`);
    }
    if (distance.siteAId === distance.siteBId) report(['siteDistances', index, 'siteBId'], 'a distance needs two different sites');
    const pair = [distance.siteAId, distance.siteBId].sort().join('/');
    if (pairs.has(pair)) report(['siteDistances', index], 'the distance between these two sites is given twice');
    pairs.add(pair);
  });

  const known = { azure_stack_system: systemIds, protection_policy: policyIds, application: applicationIds } as Record<string, Set<string>>;

  function checkAnswers(answers: Record<string, DocumentAnswer>, path: PropertyKey[], level: 'application' | 'component') {
    for (const [questionId, answer] of Object.entries(answers)) {
      const where = [...path, 'answers', questionId];
      const question = findQuestion(questionId);
      if (!question) {
        report(where, `no such question in the question catalogue (version ${CATALOGUE_VERSION})`);
        continue;
      }
      if (question.level !== level) {
        report(where, level === 'application' ? 'this question is answered per component, not for the whole application' : 'this question is answered for the whole application, not per component');
        continue;
      }
      const state = answer.state;
      if (state.status === 'unknown' && !question.unknownAllowed) report(where, 'this question needs a definite answer; it cannot be unknown');
      if (state.status !== 'answered') continue;
      const checked = answerValueSchema(question).safeParse(state.value);
      if (!checked.success) {
        report(where, checked.error.issues[0]?.message ?? 'invalid value');
        continue;
      }
      const references = referencedIds(question, checked.data);
      const missing = references ? references.ids.filter((id) => !known[references.table]!.has(id)) : [];
      if (references && missing.length > 0) {
        report(where, `no ${references.label} with id ${missing.map((id) => `"${id}"`).join(', ')} in this document`);
      }
    }
  }

  document.applications.forEach((app, index) => {
    checkAnswers(app.answers, ['applications', index], 'application');
    const names = new Set<string>();
    app.components.forEach((component, componentIndex) => {
      const path = ['applications', index, 'components', componentIndex];
      if (componentIds.has(component.id)) report([...path, 'id'], `another component already has the id "${component.id}"`);
      componentIds.add(component.id);
      if (names.has(component.name.toLowerCase())) report([...path, 'name'], `another component of this application is already named "${component.name}"`);
      names.add(component.name.toLowerCase());
      checkAnswers(component.answers, path, 'component');
    });
  });

  if (document.attachments && document.formatVersion < ENGAGEMENT_FORMAT_VERSION) {
    report(['attachments'], `attachments need formatVersion ${ENGAGEMENT_FORMAT_VERSION}`);
  }
  const attachmentIds = new Set<string>();
  const componentsOf = new Map(document.applications.map((app) => [app.id, new Set(app.components.map((component) => component.id))]));
  (document.attachments ?? []).forEach((attachment, index) => {
    const path = ['attachments', index];
    if (attachmentIds.has(attachment.id)) report([...path, 'id'], `another attachment already has the id "${attachment.id}"`);
    attachmentIds.add(attachment.id);
    const components = componentsOf.get(attachment.applicationId);
    if (!components) report([...path, 'applicationId'], `no application with id "${attachment.applicationId}" in this document`);
    else if (attachment.componentId !== null && !components.has(attachment.componentId)) report([...path, 'componentId'], `no component with id "${attachment.componentId}" in that application`);
    if (attachment.questionId !== null) {
      const question = findQuestion(attachment.questionId);
      if (!question) report([...path, 'questionId'], `no such question in the question catalogue (version ${CATALOGUE_VERSION})`);
      else if ((question.level === 'component') !== (attachment.componentId !== null)) report([...path, 'questionId'], `this question is asked ${question.level === 'component' ? 'per component' : 'for the whole application'}`);
    } else if (attachment.componentId !== null) report([...path, 'questionId'], 'evidence for a component belongs to one of its answers: name the question');
    const decodedSize = Math.floor((attachment.contentBase64.length * 3) / 4) - (attachment.contentBase64.match(/=*$/)?.[0].length ?? 0);
    if (attachment.contentBase64.length % 4 !== 0 || decodedSize !== attachment.size) report([...path, 'contentBase64'], `the content is not ${attachment.size} bytes of base64`);
  });

  document.vms.forEach((vm, index) => {
    if (vmIds.has(vm.id)) report(['vms', index, 'id'], `another VM already has the id "${vm.id}"`);
    vmIds.add(vm.id);
    if (vm.applicationId !== null && !applicationIds.has(vm.applicationId)) {
      report(['vms', index, 'applicationId'], `no application with id "${vm.applicationId}" in this document`);
    }
  });
  return problems;
}
