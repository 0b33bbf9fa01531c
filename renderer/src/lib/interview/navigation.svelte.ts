import { SvelteMap } from 'svelte/reactivity';
import type { Application } from '../../../../shared/domain/engagement';
import { engagement } from '../engagement/engagement.svelte';
import { interviewSteps, stepKey } from './questions';

/** The step after the last question in one-question-at-a-time mode: the summary. */
export const SUMMARY_STEP = '#summary';
/** Not a question: the application's list of VMs, where a VM change shows (see `showVms`). */
export const VMS_STEP = '#vms';

export type EngagementView = 'interview' | 'dashboard' | 'plan' | 'follow-ups' | 'setup' | 'history' | 'vms';
export type Overlay = 'help' | 'switcher' | 'bulk' | 'import' | 'export' | 'import-answers' | 'save-copy' | 'merge' | 'signoff' | 'reopen';

export interface FocusRequest {
  applicationId: string;
  /** A step key (see `stepKey`): the question, and its component if it has one. */
  step: string | null;
  seq: number;
}

/** The step key of a question with no answer at all yet (unknown and not applicable count as answered here). */
export function firstUnasked(application: Application, after = -1): string | null {
  return interviewSteps(application).find((step, index) => index > after && !step.answer)?.key ?? null;
}

/**
 * Where the consultant is: which view, which overlay, and the question each application
 * shows in one-at-a-time mode. Jumps ("go to this question") go through `goTo`, and the
 * interview panel answers them by showing and focusing the question.
 */
class Navigation {
  view = $state<EngagementView>('interview');
  overlay = $state<Overlay | null>(null);
  /** What the Export dialog starts on: the workbook, unless the report was asked for (the desktop menu's Export Report…). */
  exportStart = $state<'workbook' | 'report'>('workbook');
  focusRequest = $state<FocusRequest | null>(null);
  /** A short message about the last jump, e.g. that nothing is left unanswered. */
  notice = $state<string | null>(null);
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #positions = new SvelteMap<string, string>();
  #seq = 0;

  /** The step key of the question (or the summary step) one-at-a-time mode shows for this application. */
  positionOf(application: Application): string {
    const remembered = this.#positions.get(application.id);
    const steps = interviewSteps(application);
    if (remembered === SUMMARY_STEP || steps.some((step) => step.key === remembered)) return remembered!;
    return firstUnasked(application) ?? steps[0]?.key ?? SUMMARY_STEP;
  }

  /** Pins the step shown, so answering the first open question does not move the screen on by itself. */
  pinPosition(application: Application): void {
    if (!this.#positions.has(application.id)) this.#positions.set(application.id, this.positionOf(application));
  }

  setPosition(applicationId: string, step: string): void {
    this.#positions.set(applicationId, step);
  }

  /** Opens the interview on an application and shows and focuses a question (or where it was), maybe a component's. */
  goTo(applicationId: string, questionId: string | null = null, componentId?: string): void {
    engagement.select(applicationId);
    this.view = 'interview';
    this.overlay = null;
    const step = questionId ? stepKey(questionId, componentId) : null;
    if (step) this.#positions.set(applicationId, step);
    this.focusRequest = { applicationId, step, seq: ++this.#seq };
  }

  /** Opens the interview on an application at its list of VMs, without moving its one-at-a-time position. */
  showVms(applicationId: string): void {
    engagement.select(applicationId);
    this.view = 'interview';
    this.overlay = null;
    this.focusRequest = { applicationId, step: VMS_STEP, seq: ++this.#seq };
  }

  /** Jumps to a step key, as `nextUnasked` returns it. */
  goToStep(applicationId: string, step: string): void {
    engagement.select(applicationId);
    this.view = 'interview';
    this.overlay = null;
    this.#positions.set(applicationId, step);
    this.focusRequest = { applicationId, step, seq: ++this.#seq };
  }

  /** The next question nobody has answered: later in this application, then in the ones after it. */
  nextUnasked(
    applications: readonly Application[],
    fromApplicationId: string | null,
    fromStep: string | null,
  ): { applicationId: string; step: string } | null {
    const start = Math.max(
      0,
      applications.findIndex((app) => app.id === fromApplicationId),
    );
    const current = applications[start];
    if (!current) return null;
    const position = fromStep ? interviewSteps(current).findIndex((step) => step.key === fromStep) : -1;
    const later = firstUnasked(current, position);
    if (later) return { applicationId: current.id, step: later };
    for (let offset = 1; offset < applications.length; offset += 1) {
      const application = applications[(start + offset) % applications.length]!;
      const step = firstUnasked(application);
      if (step) return { applicationId: application.id, step };
    }
    const earlier = firstUnasked(current);
    return earlier ? { applicationId: current.id, step: earlier } : null;
  }

  /** A dialog's close event arrives a moment later; by then another overlay may have opened. */
  closeOverlay(overlay: Overlay): void {
    if (this.overlay === overlay) this.overlay = null;
  }

  say(message: string): void {
    clearTimeout(this.#noticeTimer);
    this.notice = message;
    this.#noticeTimer = setTimeout(() => (this.notice = null), 5000);
  }

  toggleView(view: EngagementView): void {
    this.view = this.view === view ? 'interview' : view;
  }
}

export const navigation = new Navigation();
