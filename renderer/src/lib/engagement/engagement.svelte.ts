import type { ApiInput } from '../../../../shared/api/contract';
import type { Answer, AnswerState, Application, EngagementView } from '../../../../shared/domain/engagement';
import { call } from '../api';
import { saveStatus } from './saveStatus.svelte';

/** The engagement open in the core, as this window sees it, and the application on screen. */
class EngagementSession {
  view = $state<EngagementView | null>(null);
  selectedId = $state<string | null>(null);
  readonly selected = $derived(this.view?.applications.find((app) => app.id === this.selectedId) ?? null);
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

  /** Selects the previous (-1) or next (+1) application; returns the id now selected. */
  move(delta: -1 | 1): string | null {
    const applications = this.view?.applications ?? [];
    if (applications.length === 0) return null;
    const index = applications.findIndex((app) => app.id === this.selectedId);
    const next = index < 0 ? 0 : Math.min(applications.length - 1, Math.max(0, index + delta));
    this.selectedId = applications[next]?.id ?? null;
    return this.selectedId;
  }

  /** Adds and selects the application; a refusal (e.g. a duplicate name) is thrown to the caller. */
  async addApplication(name: string): Promise<Application> {
    const added = await saveStatus.track(call('application.add', { name }), false);
    this.view?.applications.push(added);
    this.selectedId = added.id;
    return added;
  }

  setAnswer(applicationId: string, questionId: string, state: AnswerState): Promise<Answer> {
    const key = `${applicationId}\u0000${questionId}`;
    const before = this.#queues.get(key) ?? Promise.resolve();
    const request = before.catch(() => undefined).then(() => call('answer.set', { applicationId, questionId, state }));
    this.#queues.set(key, request);
    const forget = () => {
      if (this.#queues.get(key) === request) this.#queues.delete(key);
    };
    request.then(forget, forget);
    return saveStatus.track(request).then((answer) => {
      const application = this.view?.applications.find((app) => app.id === applicationId);
      if (application) application.answers[questionId] = answer;
      return answer;
    });
  }

  #adopt(view: EngagementView | null): void {
    saveStatus.reset();
    this.view = view;
    this.selectedId = view?.applications[0]?.id ?? null;
  }
}

export const engagement = new EngagementSession();
