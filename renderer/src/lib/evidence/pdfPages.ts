import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/** At most this many pages are drawn: enough to recognise a report, light enough for a laptop. */
export const MAX_PREVIEW_PAGES = 12;

/**
 * Draws a PDF's first pages onto canvases with PDF.js, loaded only when a PDF is previewed.
 * Chromium will not run its own PDF viewer inside a sandboxed frame, so the file is drawn here
 * instead: PDF.js parses it in a worker, and nothing the file contains is ever run (its scripts
 * and forms are not executed, and fonts are never compiled to code).
 */
export async function drawPdf(bytes: Uint8Array, into: HTMLElement, width: number): Promise<{ pages: number; drawn: number }> {
  const pdfjs = await import('pdfjs-dist');
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  const document = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, enableXfa: false, disableFontFace: false }).promise;
  try {
    const drawn = Math.min(document.numPages, MAX_PREVIEW_PAGES);
    for (let number = 1; number <= drawn; number += 1) {
      const page = await document.getPage(number);
      const unscaled = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: (width / unscaled.width) * (window.devicePixelRatio || 1) });
      const canvas = window.document.createElement('canvas');
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = `${width}px`;
      canvas.setAttribute('aria-label', `Page ${number}`);
      into.append(canvas);
      await page.render({ canvasContext: canvas.getContext('2d')!, viewport }).promise;
    }
    return { pages: document.numPages, drawn };
  } finally {
    await document.destroy();
  }
}
