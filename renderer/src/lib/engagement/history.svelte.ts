import type { Answer } from '../../../../shared/domain/engagement';
import { sameSubject } from './subject';

/** One saved change to one answer: what it was before (null: not asked yet) and after. */
export interface AnswerChange {
  applicationId: string;
  /** Set when the answer belongs to one of the application's components. */
  componentId?: string | undefined;
  questionId: string;
  before: Answer | null;
  after: Answer | null;
  /** Typed text: saves a few seconds apart on the same field become one undo step. */
  typing: boolean;
  at: number;
}

const LIMIT = 200;
const TYPING_WINDOW_MS = 5000;

/** The undo and redo stacks of this window's session; cleared when another engagement opens. */
class AnswerHistory {
  // Raw: entries are replaced, never edited, and must stay plain snapshots of what was saved.
  #undo = $state.raw<AnswerChange[]>([]);
  #redo = $state.raw<AnswerChange[]>([]);

  readonly nextUndo = $derived(this.#undo.at(-1) ?? null);
  readonly nextRedo = $derived(this.#redo.at(-1) ?? null);

  /** A new change by the consultant: it joins a typing run on the same field, and ends any redo. */
  record(change: AnswerChange): void {
    const last = this.#undo.at(-1);
    if (
      last &&
      change.typing &&
      last.typing &&
      sameSubject(last, change) &&
      last.questionId === change.questionId &&
      change.at - last.at < TYPING_WINDOW_MS
    ) {
      this.#undo = [...this.#undo.slice(0, -1), { ...change, before: last.before }];
    } else {
      this.#undo = [...this.#undo, change].slice(-LIMIT);
    }
    this.#redo = [];
  }

  popUndo(): AnswerChange | null {
    const change = this.#undo.at(-1) ?? null;
    this.#undo = this.#undo.slice(0, -1);
    return change;
  }

  popRedo(): AnswerChange | null {
    const change = this.#redo.at(-1) ?? null;
    this.#redo = this.#redo.slice(0, -1);
    return change;
  }

  /** After an undo was saved, or back where it came from when it could not be. */
  pushRedo(change: AnswerChange): void {
    this.#redo = [...this.#redo, change];
  }

  pushUndo(change: AnswerChange): void {
    this.#undo = [...this.#undo, change];
  }

  clear(): void {
    this.#undo = [];
    this.#redo = [];
  }
}

export const history = new AnswerHistory();
