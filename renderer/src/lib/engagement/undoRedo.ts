import { findQuestion } from '../../../../shared/questions/catalogue';
import { describeChange } from '../interview/describeAnswer';
import { fieldErrors } from '../interview/fieldErrors.svelte';
import { navigation } from '../interview/navigation.svelte';
import { engagement } from './engagement.svelte';
import { history, type AnswerChange } from './history.svelte';
import { saveStatus } from './saveStatus.svelte';

let running: Promise<void> = Promise.resolve();

/** Undo and redo run one at a time, each after every typed edit has been saved. */
function serially(step: () => Promise<void>): Promise<void> {
  running = running.then(step, step);
  return running;
}

async function apply(direction: 'undo' | 'redo'): Promise<void> {
  await saveStatus.settle();
  const change = direction === 'undo' ? history.popUndo() : history.popRedo();
  if (!change) return;
  try {
    await engagement.restore(change, change.questionId, direction === 'undo' ? change.before : change.after);
  } catch {
    // The header shows why; the step stays where it was so it can be tried again.
    if (direction === 'undo') history.pushUndo(change);
    else history.pushRedo(change);
    return;
  }
  if (direction === 'undo') history.pushRedo(change);
  else history.pushUndo(change);
  fieldErrors.clear(change, change.questionId);
  navigation.goTo(change.applicationId, change.questionId, change.componentId);
}

export function undo(): Promise<void> {
  return serially(() => apply('undo'));
}

export function redo(): Promise<void> {
  return serially(() => apply('redo'));
}

/** The tooltip of the Undo or Redo button: what it will change, on which question, of which component, in which application. */
export function describeStep(direction: 'undo' | 'redo', change: AnswerChange | null): string {
  const verb = direction === 'undo' ? 'Undo' : 'Redo';
  if (!change) return `Nothing to ${direction}`;
  const question = findQuestion(change.questionId);
  const application = engagement.view?.applications.find((app) => app.id === change.applicationId);
  const records = engagement.view ?? { systems: [], policies: [], applications: [] };
  const [from, to] = direction === 'undo' ? [change.after, change.before] : [change.before, change.after];
  const component = application?.components.find((candidate) => candidate.id === change.componentId);
  const prompt = question ? `“${question.prompt}”` : change.questionId;
  const where = `${prompt}${component ? ` of ${component.name}` : ''}${application ? ` in ${application.name}` : ''}`;
  if (!question) return `${verb} the answer to ${where}`;
  const words = describeChange(question, from, to, records);
  if (words.noteOnly) return `${verb} the note on ${where}`;
  const result = direction === 'undo' ? `back to ${words.to}` : `${words.to} again`;
  return `${verb} ${where}: ${result} (now ${words.from})`;
}
