import type { EngagementView } from '../../../shared/domain/engagement';
import type { Assessment } from '../../../shared/rules/assessment';
import { APP_VERSION } from '../../../shared/version';
import { writeFileAtomically } from '../interchange';
import { withPdfInfo, type PdfInfo } from './pdfInfo';
import { buildReportDocx } from './docx';
import { buildReportHtml } from './html';
import type { ReportOptions } from './model';
import { chromiumPrinter, pdfFromHtml as printPdf, type PdfHeader, type PdfPrinter } from './pdf';

export const REPORT_FORMATS = ['html', 'pdf', 'docx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ExportReportOptions extends ReportOptions {
  /** How HTML becomes PDF: Chromium here, Electron's printToPDF in the desktop app. */
  printer?: PdfPrinter;
}

export function reportHeader(view: EngagementView): PdfHeader {
  return { left: view.details.customer, right: view.details.title };
}

/** What the PDF says about itself: Chromium would name itself the creator and leave the author empty. */
export function reportPdfInfo(view: EngagementView, options: ExportReportOptions, date = new Date()): PdfInfo {
  return {
    title: `${view.details.customer} — ${view.details.title}`,
    author: options.branding?.author ?? null,
    subject: 'Business continuity and disaster recovery assessment',
    creator: 'Continuity Workbook',
    producer: `Continuity Workbook ${APP_VERSION}`,
    date,
  };
}

/** The report in one format, in memory. */
export async function renderReport(format: ReportFormat, view: EngagementView, assessment: Assessment, options: ExportReportOptions = {}): Promise<Buffer> {
  switch (format) {
    case 'html':
      return Buffer.from(buildReportHtml(view, assessment, options), 'utf8');
    case 'pdf':
      return withPdfInfo(await printPdf(buildReportHtml(view, assessment, options), reportHeader(view), options.printer ?? chromiumPrinter), reportPdfInfo(view, options));
    case 'docx':
      return buildReportDocx(view, assessment, options);
  }
}

/** Renders first and writes only then, under a temporary name renamed into place: a failed export leaves nothing behind. */
export async function exportReport(path: string, format: ReportFormat, view: EngagementView, assessment: Assessment, options: ExportReportOptions = {}): Promise<void> {
  writeFileAtomically(path, await renderReport(format, view, assessment, options));
}
