/** The disaster the Recovery plan view shows, kept while the consultant moves between views. */
export const planSelection = $state<{ key: string | null }>({ key: null });
