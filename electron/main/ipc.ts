import { mkdirSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import {
  BrowserWindow,
  dialog,
  ipcMain,
  type FileFilter,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from 'electron';
import type { Envelope } from '../../shared/api/contract';
import { IPC_CHANNELS } from '../../shared/api/ipcChannels';
import { withEngagementExtension, type Workbench } from '../core/workbench';
import { handleIpcCall } from './ipcCall';
import { isTrustedSenderUrl } from './security';

const ENGAGEMENT_FILTERS: FileFilter[] = [{ name: 'Continuity Workbook engagement', extensions: ['cwb'] }];
// .xls is offered so that choosing one explains how to convert it, rather than hiding the file.
const SPREADSHEET_FILTERS: FileFilter[] = [{ name: 'Spreadsheets', extensions: ['xlsx', 'csv', 'txt', 'xls'] }];
const EXPORT_FILTERS: FileFilter[] = [
  { name: 'Excel workbook', extensions: ['xlsx'] },
  { name: 'PDF document', extensions: ['pdf'] },
  { name: 'Word document', extensions: ['docx'] },
  { name: 'Web page', extensions: ['html'] },
];

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/**
 * The only place that touches ipcMain: every channel passes the sender check first.
 *
 * A refused sender gets a thrown error rather than an error envelope. The dialog channels
 * answer a path, not an envelope, so throwing is the one refusal all three channels share;
 * the frame asking is not our renderer, so it is owed no well-formed answer; and Electron
 * logs a handler's error in the main process, which leaves a trace of the attempt.
 */
function handle(channel: string, listener: Listener): void {
  ipcMain.handle(channel, (event, ...args: unknown[]) => {
    const url = event.senderFrame?.url;
    if (!isTrustedSenderUrl(url)) throw new Error(`IPC on ${channel} from ${url ?? 'a closed frame'} refused`);
    return listener(event, ...args);
  });
}

/** Dialogs are attached to the asking window so they stay in front of it (sheets on macOS). */
async function showOpenDialog(event: IpcMainInvokeEvent, options: OpenDialogOptions): Promise<string | null> {
  const owner = BrowserWindow.fromWebContents(event.sender);
  const { canceled, filePaths } = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
  return canceled ? null : (filePaths[0] ?? null);
}

async function showSaveDialog(event: IpcMainInvokeEvent, options: SaveDialogOptions): Promise<string | null> {
  const owner = BrowserWindow.fromWebContents(event.sender);
  const { canceled, filePath } = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
  return canceled || filePath === '' ? null : filePath;
}

/** Some platforms' save dialogs ignore a default folder that does not exist yet and open elsewhere. */
function ensureFolder(folder: string): void {
  try {
    mkdirSync(folder, { recursive: true });
  } catch {
    // The dialog still opens, only in the platform's own default folder; the user can navigate.
  }
}

export interface IpcHooks {
  /** After the page opened or created an engagement file, e.g. to list it among recent documents. */
  onEngagementOpened?: (path: string) => void;
}

/** Connects the preload's channels to the core. Call once, after the app is ready. */
export function registerIpcHandlers(workbench: Workbench, hooks: IpcHooks = {}): void {
  const folder = workbench.options.engagementFolder;

  // The web contents is the window: its changes are "mine" to it and "another window's" to any other.
  handle(IPC_CHANNELS.call, (event, method, input): Promise<Envelope<unknown>> =>
    handleIpcCall(workbench, method, input, hooks.onEngagementOpened, `window:${event.sender.id}`),
  );

  handle(IPC_CHANNELS.chooseOpen, (event) =>
    showOpenDialog(event, {
      title: 'Open engagement',
      defaultPath: folder,
      filters: ENGAGEMENT_FILTERS,
      properties: ['openFile'],
    }),
  );

  handle(IPC_CHANNELS.chooseSpreadsheet, (event, purpose) =>
    showOpenDialog(event, {
      title: purpose === 'answers' ? 'Import answers from a workbook' : 'Import the VM inventory',
      defaultPath: folder,
      filters: purpose === 'answers' ? [{ name: 'Excel workbook', extensions: ['xlsx'] }] : SPREADSHEET_FILTERS,
      properties: ['openFile'],
    }),
  );

  handle(IPC_CHANNELS.chooseEvidence, (event) =>
    showOpenDialog(event, {
      title: 'Attach evidence',
      filters: [{ name: 'Evidence (PDF, images, Excel, CSV, text)', extensions: ['pdf', 'png', 'jpg', 'jpeg', 'xlsx', 'csv', 'txt'] }],
      properties: ['openFile'],
    }),
  );

  handle(IPC_CHANNELS.chooseExport, (event, suggestedPath) => {
    // The page suggests a path; only an absolute one with a known extension is used as the starting point.
    const suggestion = typeof suggestedPath === 'string' && isAbsolute(suggestedPath) ? suggestedPath : join(folder, 'export.xlsx');
    const extension = extname(suggestion).slice(1).toLowerCase();
    const filter = EXPORT_FILTERS.find((f) => f.extensions.includes(extension));
    ensureFolder(dirname(suggestion));
    return showSaveDialog(event, {
      title: 'Export',
      defaultPath: suggestion,
      ...(filter ? { filters: [filter] } : {}),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
  });

  handle(IPC_CHANNELS.chooseCreate, (event, suggestedName) => {
    ensureFolder(folder);
    // Only a file name is taken from the renderer, so the suggestion always starts in the engagement folder.
    const name = typeof suggestedName === 'string' ? basename(suggestedName.trim()) : '';
    return showSaveDialog(event, {
      title: 'New engagement',
      defaultPath: withEngagementExtension(join(folder, name === '' ? 'Engagement' : name)),
      filters: ENGAGEMENT_FILTERS,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
  });
}
