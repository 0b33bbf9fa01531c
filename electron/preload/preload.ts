import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { ApiInput, ApiMethod, ApiOutput, DesktopBridge, Envelope } from '../../shared/api/contract';
import { IPC_CHANNELS } from '../../shared/api/ipcChannels';
import type { MenuCommand } from '../../shared/api/menuCommands';

/**
 * Everything the renderer gets on `window.cwb`: the contract's one call, the native
 * dialogs, the path of a dropped file and the native menu's commands. Each function sends on a fixed channel, so the page
 * can never pick a channel or reach ipcRenderer itself. `satisfies` keeps this object and the contract from drifting apart.
 */
const bridge = {
  host: 'desktop',
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<Envelope<ApiOutput<M>>> {
    // The main process answers with Workbench.dispatch's envelope for this very method.
    return ipcRenderer.invoke(IPC_CHANNELS.call, method, input);
  },
  chooseEngagementToOpen(): Promise<string | null> {
    return ipcRenderer.invoke(IPC_CHANNELS.chooseOpen);
  },
  chooseEngagementToCreate(suggestedName: string): Promise<string | null> {
    return ipcRenderer.invoke(IPC_CHANNELS.chooseCreate, suggestedName);
  },
  chooseSpreadsheet(purpose: 'inventory' | 'answers'): Promise<string | null> {
    return ipcRenderer.invoke(IPC_CHANNELS.chooseSpreadsheet, purpose);
  },
  chooseExportPath(suggestedPath: string): Promise<string | null> {
    return ipcRenderer.invoke(IPC_CHANNELS.chooseExport, suggestedPath);
  },
  chooseEvidence(): Promise<string | null> {
    return ipcRenderer.invoke(IPC_CHANNELS.chooseEvidence);
  },
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
  onMenuCommand(callback: (command: MenuCommand) => void): () => void {
    // Only the command crosses over: the IPC event would hand the page a way to reply on any channel.
    const listener = (_event: IpcRendererEvent, command: MenuCommand): void => callback(command);
    ipcRenderer.on(IPC_CHANNELS.menu, listener);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.menu, listener);
    };
  },
} satisfies DesktopBridge;

contextBridge.exposeInMainWorld('cwb', bridge);
