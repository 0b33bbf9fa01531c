import type { UndoState, UndoStep } from '../../../../shared/api/editContract';

/**
 * The next undo and redo of the engagement's one history, as the core last said: after each of
 * this window's changes and whenever another window changes something (see liveUpdates).
 */
class UndoSteps {
  // Raw: replaced whole from each answer of the core, never edited here.
  undo = $state.raw<UndoStep | null>(null);
  redo = $state.raw<UndoStep | null>(null);

  adopt(state: UndoState): void {
    this.undo = state.undo;
    this.redo = state.redo;
  }

  clear(): void {
    this.undo = null;
    this.redo = null;
  }
}

export const undoSteps = new UndoSteps();

/** What a step did, in a sentence: the button's tooltip and the message after undoing it. */
export function describeStep(direction: 'undo' | 'redo', step: UndoStep): string {
  const verb = direction === 'undo' ? 'Undo' : 'Redo';
  const by = step.mine ? '' : ' (made in another window)';
  if (step.from === undefined || step.to === undefined) return `${verb} ${step.label}${by}`;
  return direction === 'undo' ? `${verb} ${step.label}: back to ${step.from} (now ${step.to})${by}` : `${verb} ${step.label}: ${step.to} again (now ${step.from})${by}`;
}

/** The message once it is done: "Undid: delete VM web01". */
export function describeDone(direction: 'undo' | 'redo', step: UndoStep): string {
  const done = direction === 'undo' ? 'Undid' : 'Redid';
  if (step.from === undefined || step.to === undefined) return `${done}: ${step.label}`;
  return `${done}: ${step.label} (${direction === 'undo' ? `back to ${step.from}` : `${step.to} again`})`;
}
