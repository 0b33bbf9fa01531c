import { BrowserWindow } from 'electron';
import { FOOTER_TEMPLATE, headerTemplate, type PdfPrinter } from '../core/report/pdf';

const MM_PER_INCH = 25.4;

/**
 * The report printed by Electron's own Chromium, so the desktop app needs no browser installed.
 * The page loads in a hidden window with scripts off; the report needs none and holds the
 * customer's text.
 */
export const electronPdfPrinter: PdfPrinter = async (html, header) => {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true },
  });
  try {
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    const pdf = await window.webContents.printToPDF({
      pageSize: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: headerTemplate(header),
      footerTemplate: FOOTER_TEMPLATE,
      margins: { top: 20 / MM_PER_INCH, bottom: 18 / MM_PER_INCH, left: 16 / MM_PER_INCH, right: 16 / MM_PER_INCH },
      generateTaggedPDF: true,
      generateDocumentOutline: true,
    });
    return Buffer.from(pdf);
  } finally {
    window.destroy();
  }
};
