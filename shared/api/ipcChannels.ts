/**
 * IPC channel names, shared by the Electron main process and the preload. Kept apart from
 * contract.ts because the sandboxed preload is bundled into one file: importing this module
 * inlines a few strings, whereas importing contract.ts would drag zod and every schema in too.
 */
export const IPC_CHANNELS = {
  call: 'cwb:api-call',
  chooseOpen: 'cwb:dialog-open-engagement',
  chooseCreate: 'cwb:dialog-create-engagement',
  chooseSpreadsheet: 'cwb:dialog-open-spreadsheet',
  chooseExport: 'cwb:dialog-save-export',
  chooseEvidence: 'cwb:dialog-open-evidence',
  /** Main to page only: a native menu command (see menuCommands.ts). */
  menu: 'cwb:menu',
} as const;
