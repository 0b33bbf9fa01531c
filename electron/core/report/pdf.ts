import { existsSync } from 'node:fs';
import { CwbError } from '../errors';
import { esc } from '../../../shared/report/svg';

/**
 * HTML to PDF. The desktop app will print with Electron's `printToPDF`; the CLI and browser
 * mode drive a locally installed Chromium through playwright-core. Both fit `PdfPrinter`, so
 * the report code never knows which one it got.
 */
export type PdfPrinter = (html: string, header: PdfHeader) => Promise<Buffer>;

export interface PdfHeader {
  /** Printed at the top of every page, e.g. the customer and the report title. */
  left: string;
  right: string;
}

const CHROMIUM_CANDIDATES = [process.env.CWB_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => Boolean(p));

export function findChromium(): string | null {
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path)) ?? null;
}

export const NO_CHROMIUM_MESSAGE =
  'Cannot make a PDF here: no Chromium was found (looked for /usr/bin/chromium; set CWB_CHROMIUM to another Chromium or Chrome). ' +
  'Write the report as HTML instead (--format html), open it in a browser and print it to PDF; the page layout is the same.';

/** Chromium's header and footer templates render in their own tiny document, with default 0 margins and no page styles. */
export function headerTemplate(header: PdfHeader): string {
  return `<div style="font-family: system-ui, 'DejaVu Sans', sans-serif; font-size: 7.5pt; color: #5b6672; width: 100%; padding: 0 16mm; display: flex; justify-content: space-between;"><span>${esc(header.left)}</span><span>${esc(header.right)}</span></div>`;
}

export const FOOTER_TEMPLATE =
  '<div style="font-family: system-ui, \'DejaVu Sans\', sans-serif; font-size: 7.5pt; color: #5b6672; width: 100%; padding: 0 16mm; text-align: right;">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>';

/** A printer driving the Chromium at `executablePath`; with none, every print fails with a message saying how to get a PDF anyway. */
export const createChromiumPrinter = (executablePath: string | null): PdfPrinter => async (html, header) => {
  if (!executablePath) throw new CwbError('IO', NO_CHROMIUM_MESSAGE);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    // The report needs nothing from the network and runs no script; an offline context makes sure of both.
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: headerTemplate(header),
      footerTemplate: FOOTER_TEMPLATE,
      margin: { top: '20mm', bottom: '18mm', left: '16mm', right: '16mm' },
      tagged: true,
      outline: true,
    });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
};

/** Looks for Chromium when a PDF is asked for, not at start-up, so installing it later needs no restart. */
export const chromiumPrinter: PdfPrinter = (html, header) => createChromiumPrinter(findChromium())(html, header);

/** The HTML report as a PDF document. */
export async function pdfFromHtml(html: string, header: PdfHeader, printer: PdfPrinter = chromiumPrinter): Promise<Buffer> {
  return printer(html, header);
}
