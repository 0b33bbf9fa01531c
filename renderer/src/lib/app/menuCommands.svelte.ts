import { tick } from 'svelte';
import type { MenuCommand } from '../../../../shared/api/menuCommands';
import { desktop } from '../api';
import { engagement } from '../engagement/engagement.svelte';
import { redo, undo } from '../engagement/undoRedo';
import { messageOf } from '../errors';
import { navigation, type Overlay } from '../interview/navigation.svelte';
import { recentFiles } from '../start/recentFiles.svelte';
import { isTextField, modalOpen } from '../ui/keys';
import { preferences } from '../ui/preferences.svelte';

/** The id of the start screen's first field, where a new engagement begins. */
const NEW_ENGAGEMENT_FIRST_FIELD = 'new-customer';

/** What the last menu command could not do; the app shows it until dismissed. */
class MenuFailure {
  message = $state<string | null>(null);
}

export const menuFailure = new MenuFailure();

/**
 * Overlays live on the engagement screen. While a dialog is open the menu leaves it alone, as
 * the keyboard shortcuts do, so a half-done import is never swapped for another dialog.
 */
function showOverlay(overlay: Overlay): void {
  if (!engagement.view || navigation.overlay === overlay || modalOpen()) return;
  navigation.overlay = overlay;
}

/** Inside a text box the caret's own text history is what the consultant means to undo. */
function undoOrRedo(direction: 'undo' | 'redo'): Promise<void> | void {
  if (isTextField(document.activeElement)) {
    // The native menu took the click away from the field, so the editing command is replayed on it.
    document.execCommand(direction);
    return;
  }
  if (!engagement.view || modalOpen()) return;
  return direction === 'undo' ? undo() : redo();
}

async function openPath(path: string): Promise<void> {
  try {
    await engagement.open(path);
    navigation.overlay = null;
  } finally {
    // A failed open may mean the file moved; the start screen's list should say so.
    void recentFiles.refresh().catch(() => undefined);
  }
}

/** An overlay left open would reappear over the next engagement opened. */
async function closeEngagement(): Promise<void> {
  if (!engagement.view) return;
  await engagement.close();
  navigation.overlay = null;
}

async function run(command: MenuCommand): Promise<void> {
  switch (command.type) {
    case 'new-engagement':
      await closeEngagement();
      await tick();
      document.getElementById(NEW_ENGAGEMENT_FIRST_FIELD)?.focus();
      return;
    case 'open-engagement': {
      const path = await desktop?.chooseEngagementToOpen();
      if (path) await openPath(path);
      return;
    }
    case 'open-recent':
      return openPath(command.path);
    case 'import-inventory':
      return showOverlay('import');
    case 'import-answers':
      return showOverlay('import-answers');
    case 'export':
      // One dialog writes both the workbook and the report; it starts on the one asked for.
      navigation.exportStart = command.what;
      return showOverlay('export');
    case 'show-shortcuts':
      return showOverlay('help');
    case 'save-copy':
      return showOverlay('save-copy');
    case 'merge-copy':
      return showOverlay('merge');
    case 'sign-off':
      return showOverlay('signoff');
    case 'show-history':
      // A view rather than an overlay: the menu opens it, and leaves it open if it already is.
      if (engagement.view && !modalOpen()) navigation.view = 'history';
      return;
    case 'show-recovery-plan':
      if (engagement.view && !modalOpen()) navigation.view = 'plan';
      return;
    case 'close-engagement':
      return closeEngagement();
    case 'undo':
    case 'redo':
      return undoOrRedo(command.type);
    case 'toggle-projector':
      preferences.toggleProjector();
      return;
    case 'toggle-results':
      preferences.toggleResults();
      return;
  }
}

/** Carries out one native menu command with the same code the screen's buttons and keys use. */
export async function runMenuCommand(command: MenuCommand): Promise<void> {
  try {
    menuFailure.message = null;
    await run(command);
  } catch (error) {
    menuFailure.message = messageOf(error);
  }
}

/** Listens to the desktop app's menu; browser mode has no native menu, so this does nothing there. */
export function listenToMenu(): () => void {
  return desktop?.onMenuCommand((command) => void runMenuCommand(command)) ?? (() => undefined);
}
