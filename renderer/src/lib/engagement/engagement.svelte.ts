import type { ApiInput } from '../../../../shared/api/contract';
import type { ViewPart } from '../../../../shared/api/editContract';
import type { Answer, AnswerState, Application, EngagementView, Vm } from '../../../../shared/domain/engagement';
import { ApiError, call } from '../api';
import { fieldErrors } from '../interview/fieldErrors.svelte';
import { notices } from '../ui/notices.svelte';
import { vmsByApplication } from '../vms/vmIndex';
import { saveStatus } from './saveStatus.svelte';
import { undoSteps } from './undoSteps.svelte';
import { answerKey, answersOf, answerTarget, type AnswerSubject } from './subject';

/** The engagement open in the core, as this window sees it, and the application on screen. */
class EngagementSession {
  /**
   * Raw, not deeply reactive: an engagement of thousands of applications and tens of thousands of
   * VMs is read far faster as plain objects. A change replaces the objects on its path (the
   * answers, their application, the list), so whatever shows them updates, and every other
   * application keeps its object (progress is remembered per object).
   */
  view = $state.raw<EngagementView | null>(null);
  selectedId = $state<string | null>(null);
  /** Counts each engagement read in from the top (opened, created, restored, refreshed), so followers start over. */
  session = $state(0);
  readonly selected = $derived(this.view?.applications.find((app) => app.id === this.selectedId) ?? null);
  /** Each application's VMs, found once per reading of the engagement rather than once per screen. */
  readonly #vmsByApplication = $derived(vmsByApplication(this.view?.vms ?? []));
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

  vmsOf(applicationId: string | null): readonly Vm[] {
    return this.#vmsByApplication.get(applicationId) ?? [];
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
    if (this.view) this.view = { ...this.view, applications: [...this.view.applications, added] };
    this.selectedId = added.id;
    return added;
  }

  /**
   * Saves an answer's state (keeping its note); the core records it as one undo step.
   * `typing` marks text saved after a pause, so a run of typing undoes as one step.
   */
  setAnswer(subject: AnswerSubject, questionId: string, state: AnswerState, typing = false): Promise<Answer> {
    return this.#change(subject, questionId, (current) =>
      call('answer.set', { ...answerTarget(subject, questionId), state, basedOn: current?.answeredAt ?? null, typing }),
    );
  }

  /** Saves the note of an existing answer, with the answer's state as it is when the note leaves. */
  setNote(subject: AnswerSubject, questionId: string, note: string): Promise<Answer> {
    return this.#change(subject, questionId, (current) => {
      if (!current) throw new Error('Answer the question before adding a note to it.');
      return call('answer.set', { ...answerTarget(subject, questionId), state: current.state, note, basedOn: current.answeredAt, typing: true });
    });
  }

  /**
   * Sends one change, based on the answer this window shows. When another window changed that
   * answer meanwhile the core refuses (STALE): the newer answer is read and shown instead.
   */
  #change(subject: AnswerSubject, questionId: string, send: (current: Answer | null) => Promise<Answer>): Promise<Answer> {
    return this.#enqueue(subject, questionId, async () => {
      try {
        const after = await send(this.#answer(subject, questionId));
        this.#store(subject, questionId, after);
        return after;
      } catch (error) {
        if (error instanceof ApiError && error.body.code === 'STALE') void this.reload();
        throw error;
      }
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

  #answer(subject: AnswerSubject, questionId: string): Answer | null {
    const application = this.view?.applications.find((app) => app.id === subject.applicationId);
    return (application && answersOf(application, subject.componentId)?.[questionId]) ?? null;
  }

  /** Puts the saved answer in place: new objects for the answers, their component and application, and the list. */
  #store(subject: AnswerSubject, questionId: string, answer: Answer | null): void {
    const view = this.view;
    if (!view) return;
    const withAnswer = (answers: Record<string, Answer>): Record<string, Answer> => {
      const next = { ...answers };
      if (answer) next[questionId] = answer;
      else delete next[questionId];
      return next;
    };
    const applications = view.applications.map((app) => {
      if (app.id !== subject.applicationId) return app;
      if (!subject.componentId) return { ...app, answers: withAnswer(app.answers) };
      return { ...app, components: app.components.map((c) => (c.id === subject.componentId ? { ...c, answers: withAnswer(c.answers) } : c)) };
    });
    this.view = { ...view, applications };
  }

  /** Draft ↔ in review; signing off goes through the sign-off dialog. A refusal shows in the header. */
  async setStatus(status: 'draft' | 'in-review'): Promise<void> {
    const details = await saveStatus.track(call('engagement.updateDetails', { status }));
    if (this.view) this.view = { ...this.view, details };
  }

  /** After a sign-off, a reopening or a restore: the engagement as the core now has it, from the top. */
  async refresh(view?: EngagementView): Promise<void> {
    const selected = this.selectedId;
    this.#adopt(view ?? (await call('engagement.current', {})));
    if (this.view?.applications.some((app) => app.id === selected)) this.selectedId = selected;
  }

  /**
   * Reads the engagement again after a change, keeping the selection and save state: all of it,
   * or only the parts the change touched (and of the applications, only `applicationIds`), since
   * reading 50,000 VMs again because one answer changed would keep the consultant waiting.
   */
  async reload(parts?: readonly ViewPart[], applicationIds?: readonly string[]): Promise<void> {
    if (!parts) {
      this.view = await call('engagement.current', {});
      return;
    }
    const read = await call('engagement.read', { parts: [...parts], ...(applicationIds ? { applicationIds: [...applicationIds] } : {}) });
    const view = this.view;
    if (!view) return;
    let applications = read.applications ?? view.applications;
    if (read.applications && applicationIds) {
      const fresh = new Map(read.applications.map((app) => [app.id, app]));
      const gone = new Set(applicationIds.filter((id) => !fresh.has(id)));
      applications = view.applications.filter((app) => !gone.has(app.id)).map((app) => fresh.get(app.id) ?? app);
      const known = new Set(view.applications.map((app) => app.id));
      applications.push(...read.applications.filter((app) => !known.has(app.id)));
    }
    this.view = { ...view, ...read, applications };
  }

  /** A VM saved here: in place, or added at the end, without reading every VM again. */
  applyVm(vm: Vm): void {
    if (!this.view) return;
    const known = this.view.vms.some((candidate) => candidate.id === vm.id);
    const vms = known ? this.view.vms.map((candidate) => (candidate.id === vm.id ? vm : candidate)) : [...this.view.vms, vm];
    this.view = { ...this.view, vms };
  }

  removeVm(id: string): void {
    if (this.view) this.view = { ...this.view, vms: this.view.vms.filter((vm) => vm.id !== id) };
  }

  /** VMs the core moved (vm.move): the same change here, so the lists follow at once. */
  moveVms(ids: ReadonlySet<string>, applicationId: string | null): void {
    if (!this.view) return;
    this.view = { ...this.view, vms: this.view.vms.map((vm) => (ids.has(vm.id) && vm.applicationId !== applicationId ? { ...vm, applicationId } : vm)) };
  }

  #adopt(view: EngagementView | null): void {
    saveStatus.reset();
    undoSteps.clear();
    fieldErrors.reset();
    // A message about the engagement left behind would be read as one about this one.
    notices.dismiss();
    this.session += 1;
    this.view = view;
    this.selectedId = view?.applications[0]?.id ?? null;
  }
}

export const engagement = new EngagementSession();
