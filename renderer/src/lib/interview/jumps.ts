import { engagement } from '../engagement/engagement.svelte';
import { preferences } from '../ui/preferences.svelte';
import { navigation, SUMMARY_STEP } from './navigation.svelte';

/** The step key of the question the consultant is on: the one shown, or in form mode the one holding focus. */
function currentStep(): string | null {
  const selected = engagement.selected;
  if (!selected) return null;
  if (preferences.interviewMode === 'single') {
    const position = navigation.positionOf(selected);
    return position === SUMMARY_STEP ? null : position;
  }
  const focused = document.activeElement?.closest('[data-step]');
  return focused?.getAttribute('data-step') ?? null;
}

/** Jumps to the next question nobody has answered yet, across applications; says so when there is none. */
export function goToNextUnanswered(): void {
  const applications = engagement.view?.applications ?? [];
  if (applications.length === 0) {
    navigation.say('Add an application first.');
    return;
  }
  const next = navigation.nextUnasked(applications, engagement.selectedId, currentStep());
  if (next) navigation.goToStep(next.applicationId, next.step);
  else navigation.say('Every question in this engagement has an answer.');
}
