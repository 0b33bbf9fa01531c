import { wordList } from './format';

/**
 * Words the assessment's rules and the recovery plans both say about dependencies, written once
 * so an application's findings and a disaster's plan name the same thing the same way.
 */

export const DEPENDENCY_RTO_CONFLICT_TITLE = 'It depends on something that comes back later';
export const DEPENDENCY_CYCLE_TITLE = 'Applications depend on each other in a circle';

export function cycleRationale(names: readonly string[]): string {
  return (
    `${wordList(names, 8)} depend on each other in a circle, so no order brings them up one after the other. ` +
    'A recovery plan can only start them together, after everything else; agree with their owners which of them can start without the others, or break the circle.'
  );
}
