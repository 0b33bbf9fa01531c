import type { Application } from '../../../../shared/domain/engagement';
import { engagement } from '../engagement/engagement.svelte';
import { matchesFilter, type ApplicationFilter } from './progress';

/** The filter over the application list, and the applications it leaves visible. */
class ListFilter {
  filter = $state<ApplicationFilter>('all');
  readonly visible = $derived<Application[]>(
    (engagement.view?.applications ?? []).filter((application) => matchesFilter(application, this.filter)),
  );
}

export const listFilter = new ListFilter();
