import type { EngagementView } from '../../../../shared/domain/engagement';

const APP = 'Continuity Workbook';

/** "Customer — Title (file.cwb) · Continuity Workbook", saying when it is signed off or read-only; Electron shows it as the window title. */
export function windowTitle(view: EngagementView | null): string {
  if (!view) return APP;
  const file = view.path.split(/[\\/]/).pop() ?? view.path;
  const state = view.signoff ? ' — signed off' : view.access.readOnly ? ' — read-only' : '';
  return `${view.details.customer} — ${view.details.title} (${file})${state} · ${APP}`;
}
