import type { StepPlace, UndoState } from '../../../../shared/api/editContract';
import { ApiError, call } from '../api';
import { messageOf } from '../errors';
import { fieldErrors } from '../interview/fieldErrors.svelte';
import { navigation } from '../interview/navigation.svelte';
import { notices } from '../ui/notices.svelte';
import { engagement } from './engagement.svelte';
import { saveStatus } from './saveStatus.svelte';
import { describeDone, undoSteps } from './undoSteps.svelte';

let running: Promise<void> = Promise.resolve();

/** Undo and redo run one at a time, each after every typed edit has been saved. */
function serially(step: () => Promise<void>): Promise<void> {
  running = running.then(step, step);
  return running;
}

/** Back where the change shows: the question of an answer, the application of a VM, Setup... */
function goTo(place: StepPlace): void {
  if (place.applicationId && place.section === 'vms' && engagement.view?.applications.some((app) => app.id === place.applicationId)) {
    navigation.showVms(place.applicationId);
  } else if (place.applicationId && engagement.view?.applications.some((app) => app.id === place.applicationId)) {
    navigation.goTo(place.applicationId, place.questionId ?? null, place.componentId);
    if (place.questionId) fieldErrors.clear({ applicationId: place.applicationId, componentId: place.componentId }, place.questionId);
  } else if (place.view) {
    navigation.view = place.view;
  }
}

/**
 * Asks the core to undo (or redo) the step this window shows as next. The core refuses a step
 * another window made that this one has not shown yet, or one whose rows changed since: the
 * refusal is the message, and the buttons then show what is next now.
 */
async function apply(direction: 'undo' | 'redo'): Promise<void> {
  await saveStatus.settle();
  if (engagement.readOnly) {
    saveStatus.lastError = engagement.readOnlyReason;
    return;
  }
  const expected = direction === 'undo' ? undoSteps.undo : undoSteps.redo;
  try {
    const { step, state } = await saveStatus.track(call(direction === 'undo' ? 'edit.undo' : 'edit.redo', { expectedId: expected?.id ?? null }), false);
    undoSteps.adopt(state);
    await engagement.reload(step.touched.parts, step.touched.applicationIds);
    notices.say(describeDone(direction, step));
    goTo(step.place);
  } catch (error) {
    const state = error instanceof ApiError ? (error.body.details as { state?: UndoState } | undefined)?.state : undefined;
    if (state) undoSteps.adopt(state);
    if (error instanceof ApiError && error.body.code === 'NOT_FOUND') return;
    saveStatus.lastError = messageOf(error);
    notices.say(messageOf(error));
  }
}

export function undo(): Promise<void> {
  return serially(() => apply('undo'));
}

export function redo(): Promise<void> {
  return serially(() => apply('redo'));
}
