// Answers to the interview's questions: each checked against its question and audited; given in
// bulk from an archetype, another application or a workbook, and taken back again.
import { randomUUID } from 'node:crypto';
import { AnswerState, type Answer, type Application } from '../../../shared/domain/engagement';
import { cleanDeep, cleanText } from '../../../shared/text/safeText';
import { CATALOGUE_VERSION, answerValueSchema, findQuestion, referencedIds, type Question } from '../../../shared/questions/catalogue';
import type { Archetype } from '../../../shared/questions/archetypes';
import { CwbError, validationError } from '../errors';
import { addApplication, addComponent, readApplications, requireApplication, requireComponent, type AnswerRow } from './applications';
import { snapshotOpenFile } from './snapshots';
import { now, readStored, type StoreContext } from './storeContext';

/** Checks an answer against its question before anything is written. */
function checkAnswer(store: StoreContext, question: Question, componentId: string, state: AnswerState): AnswerState {
  const questionId = question.id;
  if ((question.level === 'component') !== (componentId !== '')) {
    throw new CwbError(
      'VALIDATION',
      question.level === 'component'
        ? `${question.prompt} — this question is answered per component; say which component.`
        : `${question.prompt} — this question is answered for the whole application, not per component.`,
      { field: 'componentId', questionId },
    );
  }
  if (state.status === 'unknown' && !question.unknownAllowed) {
    throw new CwbError('VALIDATION', `${question.prompt} — this question needs a definite answer.`, { field: 'status', questionId });
  }
  if (state.status !== 'answered') return state;
  const checked = answerValueSchema(question).safeParse(state.value);
  if (!checked.success) {
    const message = checked.error.issues[0]?.message ?? 'invalid value';
    throw new CwbError('VALIDATION', `${question.prompt} — ${message}`, { field: 'value', questionId });
  }
  const references = referencedIds(question, checked.data);
  if (references) {
    const found = references.ids.length === 0 ? [] : (store.db
      .prepare(`SELECT id FROM ${references.table} WHERE id IN (${references.ids.map(() => '?').join(', ')})`)
      .all(...references.ids) as { id: string }[]);
    const known = new Set(found.map((row) => row.id));
    const missing = references.ids.filter((id) => !known.has(id));
    if (missing.length > 0) {
      throw new CwbError('VALIDATION', `${question.prompt} — no such ${references.label} in this engagement.`, { field: 'value', questionId });
    }
  }
  return { status: 'answered', value: checked.data };
}

function requireQuestion(questionId: string): Question {
  const question = findQuestion(questionId);
  if (!question) throw new CwbError('NOT_FOUND', `No question "${questionId}" in the question catalogue (version ${CATALOGUE_VERSION}).`, { field: 'questionId' });
  return question;
}

/**
 * Saves an answer. `basedOn` is the revision (`answeredAt`, or null for "not answered") of the
 * answer the change started from: when the stored answer is another one, someone changed it
 * meanwhile (another window), and the save is refused rather than writing over the newer answer.
 */
export function setAnswer(
  store: StoreContext,
  applicationId: string,
  componentId: string | null,
  questionId: string,
  given: AnswerState,
  givenNote?: string,
  basedOn?: string | null,
): Answer {
  const question = requireQuestion(questionId);
  const subject = componentId ?? '';
  // The store is a door too: answers come from workbooks and copies as well as from the API.
  const parsed = AnswerState.safeParse(given);
  if (!parsed.success) throw validationError(parsed.error, `answer to ${question.prompt}`);
  const note = givenNote === undefined ? undefined : cleanText(givenNote);
  const checked = checkAnswer(store, question, subject, cleanDeep(parsed.data));
  return store.write('saving an answer in', () => {
    const application = requireApplication(store, applicationId);
    if (subject !== '') requireComponent(store, applicationId, subject);
    const previous = store.statement('SELECT * FROM answer WHERE application_id = ? AND component_id = ? AND question_id = ?').get(applicationId, subject, questionId) as
      | AnswerRow
      | undefined;
    if (basedOn !== undefined && (previous?.answered_at ?? null) !== basedOn) {
      const by = previous ? ` by ${previous.answered_by}` : '';
      throw new CwbError(
        'STALE',
        `“${question.prompt}” in ${application.name} was changed${by} in another window after this one showed it, so this change was not saved. The newer answer is shown now; change it again if it should be different.`,
        { field: 'value', questionId, reason: 'newer-answer' },
      );
    }
    const answer: Answer = {
      questionId,
      state: checked,
      note: note ?? previous?.note ?? '',
      answeredBy: store.actor,
      answeredAt: laterThan(previous?.answered_at),
      catalogueVersion: CATALOGUE_VERSION,
    };
    store
      .statement(
        `INSERT INTO answer (application_id, component_id, question_id, state_json, note, answered_by, answered_at, catalogue_version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (application_id, component_id, question_id) DO UPDATE SET
           state_json = excluded.state_json, note = excluded.note, answered_by = excluded.answered_by,
           answered_at = excluded.answered_at, catalogue_version = excluded.catalogue_version`,
      )
      .run(applicationId, subject, questionId, JSON.stringify(checked), answer.note, answer.answeredBy, answer.answeredAt, CATALOGUE_VERSION);
    store.audit(
      previous ? 'update' : 'create',
      'answer',
      subject === '' ? applicationId : `${applicationId}/${subject}`,
      questionId,
      previous ? { state: JSON.parse(previous.state_json), note: previous.note } : null,
      { state: checked, note: answer.note },
    );
    return answer;
  });
}

/** The answer stored for one question (null: not answered), as state and note. */
export function storedAnswer(store: StoreContext, applicationId: string, componentId: string | null, questionId: string): { state: AnswerState; note: string } | null {
  const row = store.db
    .prepare('SELECT state_json, note FROM answer WHERE application_id = ? AND component_id = ? AND question_id = ?')
    .get(applicationId, componentId ?? '', questionId) as { state_json: string; note: string } | undefined;
  return row ? { state: JSON.parse(row.state_json) as AnswerState, note: row.note } : null;
}

/** Now, or a millisecond after `previous` when the clock has not moved on: each save of an answer is a new revision. */
function laterThan(previous: string | undefined): string {
  const at = now();
  if (previous === undefined || at > previous) return at;
  const next = Date.parse(previous) + 1;
  return Number.isNaN(next) ? at : new Date(next).toISOString();
}

/** Back to "not asked yet": used by undo when the first answer to a question is taken back. */
export function clearAnswer(store: StoreContext, applicationId: string, componentId: string | null, questionId: string): null {
  const subject = componentId ?? '';
  requireQuestion(questionId);
  return store.write('clearing an answer in', () => {
    // Unknown places are refused like everywhere else; an answer that is simply not there is already clear.
    requireApplication(store, applicationId);
    if (subject !== '') requireComponent(store, applicationId, subject);
    const previous = store.db
      .prepare('SELECT * FROM answer WHERE application_id = ? AND component_id = ? AND question_id = ?')
      .get(applicationId, subject, questionId) as AnswerRow | undefined;
    if (!previous) return null;
    store.db.prepare('DELETE FROM answer WHERE application_id = ? AND component_id = ? AND question_id = ?').run(applicationId, subject, questionId);
    store.audit(
      'delete',
      'answer',
      subject === '' ? applicationId : `${applicationId}/${subject}`,
      questionId,
      { state: JSON.parse(previous.state_json), note: previous.note },
      null,
    );
    return null;
  });
}

/** Adds an application pre-filled from an archetype, all in one transaction: either all of it or none. */
export function addApplicationFrom(store: StoreContext, name: string, archetype: Archetype): Application {
  return store.write('adding an application to', () => {
    const app = addApplication(store, name);
    for (const [questionId, value] of Object.entries(archetype.answers)) {
      setAnswer(store, app.id, null, questionId, { status: 'answered', value });
    }
    for (const template of archetype.components) {
      const component = addComponent(store, app.id, template.name);
      for (const [questionId, value] of Object.entries(template.answers)) {
        setAnswer(store, app.id, component.id, questionId, { status: 'answered', value });
      }
    }
    const [created] = readApplications(store, app.id);
    return created!;
  });
}

/** Gives many applications the same policy in one transaction. */
export function assignPolicy(store: StoreContext, policyId: string, applicationIds: readonly string[]): null {
  return store.write('assigning a policy in', () => {
    if (!store.db.prepare('SELECT 1 FROM protection_policy WHERE id = ?').get(policyId)) {
      throw new CwbError('NOT_FOUND', `No protection policy with id ${policyId} in this engagement.`, { field: 'policyId' });
    }
    for (const applicationId of applicationIds) {
      setAnswer(store, applicationId, null, 'app.policy', { status: 'answered', value: policyId });
    }
    return null;
  });
}

/**
 * Copies every answer of one application, and its components with theirs, onto others, in one
 * transaction. Answers the targets already have for the same questions are replaced (the audit
 * trail keeps them); a dependency on the target itself is left out.
 */
export function copyAnswers(store: StoreContext, fromApplicationId: string, toApplicationIds: readonly string[]): null {
  return store.write('copying answers in', () => {
    const [source] = readApplications(store, fromApplicationId);
    if (!source) throw new CwbError('NOT_FOUND', `No application with id ${fromApplicationId} in this engagement.`);
    for (const targetId of toApplicationIds) {
      if (targetId === source.id) continue;
      const [target] = readApplications(store, targetId);
      if (!target) throw new CwbError('NOT_FOUND', `No application with id ${targetId} in this engagement.`);
      for (const answer of Object.values(source.answers)) {
        let state = answer.state;
        if (answer.questionId === 'app.dependencies' && state.status === 'answered' && Array.isArray(state.value)) {
          state = { status: 'answered', value: state.value.filter((id) => id !== targetId) };
        }
        setAnswer(store, targetId, null, answer.questionId, state, answer.note);
      }
      for (const component of source.components) {
        const existing = target.components.find((c) => c.name.toLowerCase() === component.name.toLowerCase());
        const componentId = existing?.id ?? addComponent(store, targetId, component.name).id;
        for (const answer of Object.values(component.answers)) {
          setAnswer(store, targetId, componentId, answer.questionId, answer.state, answer.note);
        }
      }
    }
    return null;
  });
}

/**
 * Answers read back from a workbook, in one transaction: each saved like any other answer
 * (checked, audited), then one `import` audit entry that names the workbook and keeps the
 * answers it replaced, so the whole import can be taken back.
 */
export function importAnswers(
  store: StoreContext,
  answers: readonly { applicationId: string; componentId: string | null; questionId: string; state: AnswerState; note: string }[],
  source: { fileName: string; exportedAt: string | null },
): { importId: string; applied: number } {
  store.refuseChanges();
  snapshotOpenFile(store, 'before-answer-import');
  return store.write('importing answers from a workbook into', () => {
    const importId = randomUUID();
    const current = store.db.prepare('SELECT state_json, note FROM answer WHERE application_id = ? AND component_id = ? AND question_id = ?');
    const previous = answers.map((answer) => {
      const row = current.get(answer.applicationId, answer.componentId ?? '', answer.questionId) as { state_json: string; note: string } | undefined;
      return {
        applicationId: answer.applicationId,
        componentId: answer.componentId,
        questionId: answer.questionId,
        before: row ? { state: JSON.parse(row.state_json) as AnswerState, note: row.note } : null,
      };
    });
    for (const answer of answers) setAnswer(store, answer.applicationId, answer.componentId, answer.questionId, answer.state, answer.note);
    store.audit('import', 'answer-workbook', importId, null, null, { ...source, answers: previous });
    return { importId, applied: answers.length };
  });
}

/**
 * Puts back the answers a workbook import replaced, in one transaction. Refused, with nothing
 * changed, when one of them was changed again after the import.
 */
export function undoAnswerImport(store: StoreContext, importId: string): { restored: number } {
  return store.write('undoing an answer import in', () => {
    const entry = store.db
      .prepare("SELECT id, new_value FROM audit WHERE entity = 'answer-workbook' AND entity_id = ? AND action = 'import'")
      .get(importId) as { id: number; new_value: string } | undefined;
    if (!entry) throw new CwbError('NOT_FOUND', `No answer import with id ${importId} in this engagement.`);
    if (store.db.prepare("SELECT 1 FROM audit WHERE entity = 'answer-workbook' AND entity_id = ? AND action = 'undo'").get(importId)) {
      throw new CwbError('VALIDATION', 'This answer import has already been undone.', { reason: 'already-undone' });
    }
    const record = readStored(store.path, 'audit', `id ${entry.id}`, () => JSON.parse(entry.new_value)) as {
      answers: { applicationId: string; componentId: string | null; questionId: string; before: { state: AnswerState; note: string } | null }[];
    };
    const laterEdit = store.db.prepare("SELECT 1 FROM audit WHERE entity = 'answer' AND entity_id = ? AND field = ? AND id > ? LIMIT 1");
    for (const answer of record.answers) {
      const subject = answer.componentId ? `${answer.applicationId}/${answer.componentId}` : answer.applicationId;
      if (laterEdit.get(subject, answer.questionId, entry.id)) {
        const question = findQuestion(answer.questionId)?.prompt ?? answer.questionId;
        throw new CwbError('VALIDATION', `This import cannot be undone: "${question}" was answered again after it. Change that answer back by hand, or leave the import in place.`, {
          reason: 'edited-since',
        });
      }
    }
    for (const answer of record.answers) {
      if (answer.before) setAnswer(store, answer.applicationId, answer.componentId, answer.questionId, answer.before.state, answer.before.note);
      else clearAnswer(store, answer.applicationId, answer.componentId, answer.questionId);
    }
    store.audit('undo', 'answer-workbook', importId, null, null, null);
    return { restored: record.answers.length };
  });
}
