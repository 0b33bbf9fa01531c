/**
 * Puts focus on a question's answer: the chosen option, else its first control (a button such
 * as "Depends on nothing" counts), else the question's first button (e.g. "Unknown" when there
 * is nothing to choose from yet).
 */
export function focusQuestion(question: Element | null | undefined, scroll: ScrollLogicalPosition | null = null): boolean {
  if (!question) return false;
  const answer = question.querySelector('[data-answer]');
  const target =
    answer?.querySelector<HTMLElement>('input:checked') ??
    answer?.querySelector<HTMLElement>(
      'input:not(:disabled), select:not(:disabled), textarea:not(:disabled), button:not(:disabled)',
    ) ??
    question.querySelector<HTMLElement>('button:not(:disabled)');
  if (scroll) question.scrollIntoView({ block: scroll });
  target?.focus({ preventScroll: scroll !== null });
  return target !== null && target !== undefined;
}

/** A question's card or stage, by step key (see `stepKey`). */
export function questionElement(container: ParentNode | null | undefined, step: string): Element | null {
  return container?.querySelector(`[data-step="${CSS.escape(step)}"]`) ?? null;
}
