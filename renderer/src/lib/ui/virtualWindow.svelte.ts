/** Rows drawn above and below the visible ones, so a quick scroll does not show blank space. */
const OVERSCAN = 10;

/**
 * Which rows of a long list of equal-height rows to draw: those in view and a few either side,
 * with the space of the others kept above and below, so 50,000 rows scroll like 50. The list's
 * scroll container reports `scrollTop` and `viewport`; `rowHeight` is measured from a drawn row.
 */
export class VirtualWindow {
  scrollTop = $state(0);
  viewport = $state(0);
  rowHeight = $state(36);
  /** Space above the first row inside the scroll container (a sticky header, a caption). */
  offset = $state(0);
  count = $state(0);

  /** Up to this many rows are all drawn (a short list stays whole for the browser's find and for assistive technology). */
  readonly #drawAllUpTo: number = 0;

  constructor(options: { drawAllUpTo?: number } = {}) {
    this.#drawAllUpTo = options.drawAllUpTo ?? 0;
  }

  readonly #whole = $derived(this.count <= this.#drawAllUpTo);
  readonly start = $derived(this.#whole ? 0 : Math.max(0, Math.floor((this.scrollTop - this.offset) / this.rowHeight) - OVERSCAN));
  readonly end = $derived(
    this.#whole ? this.count : Math.min(this.count, Math.ceil((this.scrollTop - this.offset + Math.max(this.viewport, 600)) / this.rowHeight) + OVERSCAN),
  );
  readonly before = $derived(this.start * this.rowHeight);
  readonly after = $derived(Math.max(0, this.count - this.end) * this.rowHeight);

  /** Scrolls `container` just enough to show row `index` whole. */
  reveal(container: HTMLElement, index: number): void {
    const top = this.offset + index * this.rowHeight;
    const visibleTop = container.scrollTop + this.offset;
    if (top < visibleTop) container.scrollTop = top - this.offset;
    else if (top + this.rowHeight > container.scrollTop + container.clientHeight) container.scrollTop = top + this.rowHeight - container.clientHeight;
    // Drawn at once, not when the scroll event comes: whoever revealed the row may focus it next.
    this.scrollTop = container.scrollTop;
  }

  /** Takes the height of a drawn row, so the spacing follows the type size (projector mode included). */
  measure(row: Element | null | undefined): void {
    const height = row?.getBoundingClientRect().height ?? 0;
    if (height > 0 && Math.abs(height - this.rowHeight) > 0.5) this.rowHeight = height;
  }
}
