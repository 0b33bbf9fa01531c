import type { ApiInput } from '../../../../shared/api/contract';
import type { Answer, AnswerState, Application, EngagementView } from '../../../../shared/domain/engagement';
import { call } from '../api';
import { fieldErrors } from '../interview/fieldErrors.svelte';
import { history } from './history.svelte';
import { saveStatus } from './saveStatus.svelte';
import { answerKey, answersOf, answerTarget, type AnswerSubject } from './subject';

/** The engagement open in the core, as this window sees it, and the application on screen. */
class EngagementSession {
  view = $state<EngagementView | null>(null);
  selectedId = $state<string | null>(null);
  readonly selected = $derived(this.view?.applications.find((app) => app.id === this.selectedId) ?? null);
  /**
   * Nothing may change: the engagement is signed off, or the file could only be opened read-only.
   * Every editing control reads this one flag; the core refuses the write anyway.
   */
  readonly readOnly = $derived(this.view !== null && (this.view.signoff !== null || this.view.access.readOnly));
  /** Why nothing may change, for a refusal made here before the core is asked. */
  readonly readOnlyReason = $derived(
    this.view?.signoff ? 'The engagement is signed off: reopen it to change anything.' : (this.view?.access.reason ?? 'The engagement is read-only here.'),
  );
  /** Answers to one question are sent one after another, so the last one typed is the one kept. */
  readonly #queues = new Map<string, Promise<unknown>>();

  async loadCurrent(): Promise<void> {
    this.#adopt(await call('engagement.current', {}));
  }

  async create(input: ApiInput<'engagement.create'>): Promise<void> {
    this.#adopt(await call('engagement.create', input));
  }

  async open(path: string): Promise<void> {
    this.#adopt(await call('engagement.open', { path }));
  }

  async openDemo(): Promise<void> {
    this.#adopt(await call('engagement.openDemo', {}));
  }

  async close(): Promise<void> {
    await saveStatus.settle();
    await call('engagement.close', {});
    this.#adopt(null);
  }

  select(applicationId: string): void {
    this.selectedId = applicationId;
  }

  /** Selects the previous (-1) or next (+1) of `applications` (default: all); returns the id now selected. */
  move(delta: -1 | 1, applications: readonly Application[] = this.view?.applications ?? []): string | null {
    if (applications.length === 0) return null;
    const index = applications.findIndex((app) => app.id === this.selectedId);
    const next = index < 0 ? 0 : Math.min(applications.length - 1, Math.max(0, index + delta));
    this.selectedId = applications[next]?.id ?? null;
    return this.selectedId;
  }

  /**
   * Adds and selects the application, pre-filled from an archetype when one is given; a refusal
   * (e.g. a duplicate name) is thrown to the caller.
   */
  async addApplication(name: string, archetypeId?: string): Promise<Application> {
    const input = archetypeId ? { name, archetypeId } : { name };
    const added = await saveStatus.track(call('application.add', input), false);
    this.view?.applications.push(added);
    this.selectedId = added.id;
    return added;
  }

  /**
   * Saves an answer's state (keeping its note) as one change the consultant can undo.
   * `typing` marks text saved after a pause, so a run of typing undoes as one step.
   */
  setAnswer(subject: AnswerSubject, questionId: string, state: AnswerState, typing = false): Promise<Answer> {
    return this.#change(subject, questionId, typing, () => call('answer.set', { ...answerTarget(subject, questionId), state }));
  }

  /** Saves the note of an existing answer, with the answer's state as it is when the note leaves. */
  setNote(subject: AnswerSubject, questionId: string, note: string): Promise<Answer> {
    return this.#change(subject, questionId, true, (current) => {
      if (!current) throw new Error('Answer the question before adding a note to it.');
      return call('answer.set', { ...answerTarget(subject, questionId), state: current.state, note });
    });
  }

  /** Puts an answer back as it was (null: not asked yet), for undo and redo; not itself recorded. */
  async restore(subject: AnswerSubject, questionId: string, answer: Answer | null): Promise<void> {
    await this.#enqueue(subject, questionId, async () => {
      const target = answerTarget(subject, questionId);
      if (answer) {
        const saved = await call('answer.set', { ...target, state: answer.state, note: answer.note });
        this.#store(subject, questionId, saved);
      } else {
        await call('answer.clear', target);
        this.#store(subject, questionId, null);
      }
    });
  }

  #change(
    subject: AnswerSubject,
    questionId: string,
    typing: boolean,
    send: (current: Answer | null) => Promise<Answer>,
  ): Promise<Answer> {
    return this.#enqueue(subject, questionId, async () => {
      const before = this.#answer(subject, questionId);
      const after = await send(before);
      this.#store(subject, questionId, after);
      const { applicationId, componentId } = subject;
      history.record({ applicationId, componentId, questionId, before, after: $state.snapshot(after), typing, at: Date.now() });
      return after;
    });
  }

  /**
   * Changes to one answer are sent one after another, so the last one made is the one kept,
   * and each sees the answer the previous one left behind.
   */
  #enqueue<T>(subject: AnswerSubject, questionId: string, work: () => Promise<T>): Promise<T> {
    const key = answerKey(subject, questionId);
    const before = this.#queues.get(key) ?? Promise.resolve();
    const request = before.catch(() => undefined).then(work);
    this.#queues.set(key, request);
    const forget = () => {
      if (this.#queues.get(key) === request) this.#queues.delete(key);
    };
    request.then(forget, forget);
    return saveStatus.track(request);
  }

  #answers(subject: AnswerSubject): Record<string, Answer> | undefined {
    const application = this.view?.applications.find((app) => app.id === subject.applicationId);
    return application ? answersOf(application, subject.componentId) : undefined;
  }

  #answer(subject: AnswerSubject, questionId: string): Answer | null {
    const answer = this.#answers(subject)?.[questionId];
    return answer ? $state.snapshot(answer) : null;
  }

  #store(subject: AnswerSubject, questionId: string, answer: Answer | null): void {
    const answers = this.#answers(subject);
    if (!answers) return;
    if (answer) answers[questionId] = answer;
    else delete answers[questionId];
  }

  /** Draft ↔ in review; signing off goes through the sign-off dialog. A refusal shows in the header. */
  async setStatus(status: 'draft' | 'in-review'): Promise<void> {
    const details = await saveStatus.track(call('engagement.updateDetails', { status }));
    if (this.view) this.view.details = details;
  }

  /**
   * After a sign-off, a reopening or a restore: the engagement as the core now has it. Undo
   * history is dropped, as its steps refer to a state that is no longer the one on screen.
   */
  async refresh(view?: EngagementView): Promise<void> {
    const selected = this.selectedId;
    this.#adopt(view ?? (await call('engagement.current', {})));
    if (this.view?.applications.some((app) => app.id === selected)) this.selectedId = selected;
  }

  /** Reads the engagement again after an editor saved, keeping the selection, history and save state. */
  async reload(): Promise<void> {
    this.view = await call('engagement.current', {});
  }

  #adopt(view: EngagementView | null): void {
    saveStatus.reset();
    history.clear();
    fieldErrors.reset();
    this.view = view;
    this.selectedId = view?.applications[0]?.id ?? null;
  }
}

export const engagement = new EngagementSession();
