import { scaleBand, scaleLinear, scaleLog } from 'd3-scale';
import { DISRUPTION_SCOPES, type DisruptionScope } from '../domain/engagement';
import type { AssessmentSummary, MinutesRange } from '../rules/assessment';
import { amount, type CapacityResource, type SystemCapacity } from '../rules/capacity';
import type { DisasterPlan } from '../rules/planContract';
import { formatMinutes } from '../rules/format';
import { countOf, STATE_LABELS, STATE_ORDER, scopeTitle, type CellState } from '../rules/labels';
import { esc, fitText, round, tag, text } from './svg';

/**
 * The report's charts as SVG strings. Positions and ticks come from d3-scale, a small and
 * well-tested library, rather than hand arithmetic. Every state is told apart by a fill
 * pattern and a symbol as well as a colour, so the charts survive black-and-white printing.
 */

export const FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif";

interface StateStyle {
  fill: string;
  stroke: string;
  ink: string;
}

export const STATE_STYLES: Record<CellState, StateStyle> = {
  met: { fill: '#dcefe0', stroke: '#2e6b3a', ink: '#1f4d29' },
  'at-risk': { fill: '#fde0c2', stroke: '#a4520b', ink: '#7a3a05' },
  breached: { fill: '#f6d5d2', stroke: '#9f2a20', ink: '#7a1d15' },
  unknown: { fill: '#fbecc6', stroke: '#8a6100', ink: '#6b4b00' },
  'not-required': { fill: '#f1f1f1', stroke: '#9a9a9a', ink: '#555555' },
  'not-assessed': { fill: '#ffffff', stroke: '#6b7480', ink: '#3d4650' },
  'out-of-scope': { fill: '#e6e6e6', stroke: '#8c8c8c', ink: '#4d4d4d' },
};

const INK = '#1d2733';
const MUTED = '#5b6672';
const GRID = '#d9dee3';

/**
 * A state's box: its fill, plus diagonal hatching for "breached", upright stripes for "at risk",
 * a dotted texture for "unknown" and a dashed outline for "not assessed", so they differ in
 * grey print too. The texture is drawn as a few strokes clipped
 * to the box rather than an SVG <pattern>: Chromium's PDF backend expands every pattern use
 * into its own tiles, which made a 60-page report 16 MB.
 */
interface Painter {
  prefix: string;
  count: number;
}

function stateBox(painter: Painter, state: CellState, x: number, y: number, w: number, h: number, strokeWidth = 0.8): string {
  const style = STATE_STYLES[state];
  const dashed = state === 'not-assessed' ? { 'stroke-dasharray': '3 2' } : {};
  let out = tag('rect', { x, y, width: w, height: h, fill: style.fill, stroke: style.stroke, 'stroke-width': strokeWidth, ...dashed });
  if (state !== 'breached' && state !== 'unknown' && state !== 'at-risk') return out;
  const id = `${painter.prefix}-c${painter.count++}`;
  let d = '';
  if (state === 'breached') {
    for (let k = 3; k < w + h; k += 5) d += `M${round(x + k - h)},${round(y + h)}L${round(x + k)},${round(y)}`;
    out += tag('clipPath', { id }, tag('rect', { x, y, width: w, height: h }));
    out += tag('path', { d, stroke: style.stroke, 'stroke-width': 1.1, 'stroke-opacity': 0.75, 'clip-path': `url(#${id})` });
  } else if (state === 'at-risk') {
    for (let k = 3; k < w; k += 6) d += `M${round(x + k)},${round(y)}V${round(y + h)}`;
    out += tag('clipPath', { id }, tag('rect', { x, y, width: w, height: h }));
    out += tag('path', { d, stroke: style.stroke, 'stroke-width': 1, 'stroke-opacity': 0.6, 'clip-path': `url(#${id})` });
  } else {
    for (let k = 2.5; k < h; k += 4) d += `M${round(x + 1)},${round(y + k)}H${round(x + w)}`;
    out += tag('clipPath', { id }, tag('rect', { x, y, width: w, height: h }));
    out += tag('path', { d, stroke: style.stroke, 'stroke-width': 1.3, 'stroke-dasharray': '1.3 2.7', 'clip-path': `url(#${id})` });
  }
  return out + tag('rect', { x, y, width: w, height: h, fill: 'none', stroke: style.stroke, 'stroke-width': strokeWidth });
}

function svg(width: number, height: number, title: string, body: string): string {
  return tag(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, 'font-family': FONT_STACK, class: 'chart' },
    tag('title', {}, esc(title)) + body,
  );
}

/** A key under a chart: swatch, symbol and word for each state shown. */
function legend(painter: Painter, x: number, y: number, shown: ReadonlySet<CellState>): string {
  let cursor = x;
  return STATE_ORDER.filter((state) => shown.has(state))
    .map((state) => {
      const label = `${STATE_LABELS[state].symbol} ${STATE_LABELS[state].text}`;
      const item =
        stateBox(painter, state, cursor, y - 9, 14, 11) +
        text(cursor + 19, y, label, { 'font-size': 10, fill: INK });
      cursor += 26 + label.length * 5.6;
      return item;
    })
    .join('');
}

/** Stacked bars: per scope, how many applications meet, risk, breach, are unknown, need not survive it, or are not assessed. */
export function complianceBarsSvg(summary: AssessmentSummary, prefix = 'cb'): string {
  const width = 640;
  const rowHeight = 30;
  const left = 110;
  const right = 20;
  const top = 26;
  const height = top + DISRUPTION_SCOPES.length * rowHeight + 44;
  const y = scaleBand<DisruptionScope>().domain(DISRUPTION_SCOPES).range([top, top + DISRUPTION_SCOPES.length * rowHeight]).padding(0.25);
  const x = scaleLinear().domain([0, Math.max(1, summary.applications)]).range([left, width - right]);
  const shown = new Set<CellState>();
  const ticks = x.ticks(Math.min(summary.applications, 10)).filter(Number.isInteger);
  const painter: Painter = { prefix, count: 0 };
  let body = '';
  body += ticks
    .map((t) => tag('line', { x1: x(t), x2: x(t), y1: top - 4, y2: top + DISRUPTION_SCOPES.length * rowHeight, stroke: GRID }) + text(x(t), top - 8, String(t), { 'font-size': 9, fill: MUTED, 'text-anchor': 'middle' }))
    .join('');
  for (const scope of DISRUPTION_SCOPES) {
    const by = y(scope)!;
    body += text(left - 8, by + y.bandwidth() / 2 + 4, scopeTitle(scope), { 'font-size': 11, fill: INK, 'text-anchor': 'end' });
    let start = 0;
    for (const state of STATE_ORDER) {
      const count = countOf(summary, scope, state);
      if (count === 0) continue;
      shown.add(state);
      const x0 = x(start);
      const w = x(start + count) - x0;
      body += stateBox(painter, state, x0, by, w, y.bandwidth());
      if (w >= 22) {
        body += tag(
          'text',
          { x: x0 + w / 2, y: by + y.bandwidth() / 2 + 4, 'font-size': 10, 'font-weight': 700, 'text-anchor': 'middle', fill: STATE_STYLES[state].ink, stroke: '#ffffff', 'stroke-width': 3, 'paint-order': 'stroke' },
          esc(`${STATE_LABELS[state].symbol} ${count}`),
        );
      }
      start += count;
    }
  }
  body += legend(painter, 8, height - 12, shown);
  return svg(width, height, 'Applications by result for each disruption scope', body);
}

export interface MatrixRow {
  label: string;
  states: CellState[];
}

/** Applications × scopes: every cell carries its symbol and a pattern, not colour alone. */
export function complianceMatrixSvg(rows: readonly MatrixRow[], prefix = 'cm'): string {
  const width = 680;
  const left = 210;
  const top = 30;
  const rowHeight = 22;
  const height = top + rows.length * rowHeight + 36;
  const x = scaleBand<DisruptionScope>().domain(DISRUPTION_SCOPES).range([left, width - 10]).paddingInner(0.08);
  const y = scaleBand<number>().domain(rows.map((_, i) => i)).range([top, top + rows.length * rowHeight]).paddingInner(0.12);
  const painter: Painter = { prefix, count: 0 };
  let body = '';
  for (const scope of DISRUPTION_SCOPES) body += text(x(scope)! + x.bandwidth() / 2, top - 10, scopeTitle(scope), { 'font-size': 11, 'font-weight': 600, fill: INK, 'text-anchor': 'middle' });
  rows.forEach((row, i) => {
    const ry = y(i)!;
    if (i % 2 === 1) body += tag('rect', { x: 0, y: ry - 1, width: left - 4, height: y.bandwidth() + 2, fill: '#f5f7f9' });
    body += text(6, ry + y.bandwidth() / 2 + 4, fitText(row.label, left - 14, 11), { 'font-size': 11, fill: INK });
    DISRUPTION_SCOPES.forEach((scope, s) => {
      const state = row.states[s] ?? 'unknown';
      const cx = x(scope)!;
      body += stateBox(painter, state, cx, ry, x.bandwidth(), y.bandwidth());
      body += tag(
        'text',
        { x: cx + x.bandwidth() / 2, y: ry + y.bandwidth() / 2 + 4, 'font-size': 10, 'font-weight': 700, 'text-anchor': 'middle', fill: STATE_STYLES[state].ink, stroke: '#ffffff', 'stroke-width': 3, 'paint-order': 'stroke' },
        esc(`${STATE_LABELS[state].symbol} ${STATE_LABELS[state].text}`),
      );
    });
  });
  body += legend(painter, 8, height - 10, new Set(rows.flatMap((row) => row.states)));
  return svg(width, height, 'Result per application and disruption scope', body);
}

export interface MeasureValue {
  /** The target in minutes; null when none is set. */
  target: number | null;
  achievable: MinutesRange | null;
  outcome: 'estimated' | 'unrecoverable' | 'unknown';
  state: CellState;
}

export interface RangeRow {
  label: string;
  rto: MeasureValue;
  rpo: MeasureValue;
}

const DURATION_TICKS = [1, 5, 15, 60, 4 * 60, 24 * 60, 3 * 24 * 60, 7 * 24 * 60, 28 * 24 * 60, 12 * 7 * 24 * 60];

/** The axis's end: the first round duration well past the largest value, at least an hour. */
function durationDomain(values: readonly number[]): number {
  const maxValue = Math.max(60, ...values);
  return DURATION_TICKS.find((t) => t >= maxValue * 1.3) ?? maxValue * 1.3;
}

/**
 * A logarithmic time axis from `left` to `right`: recovery times span minutes to weeks, and on a
 * linear axis everything under a day would be one dot. Zero sits on the left edge. The ticks are
 * the round durations far enough apart for their labels; the scale decides where each falls.
 */
function durationAxis(left: number, right: number, domainMax: number, top: number, bottom: number) {
  const x = scaleLog().domain([1, domainMax]).range([left + 30, right]).clamp(true);
  const at = (minutes: number) => (minutes <= 0 ? left : x(Math.max(1, minutes)));
  const ticks: number[] = [0];
  const labelOf = (t: number) => (t === 0 ? '0' : formatMinutes(t));
  const halfWidth = (t: number) => labelOf(t).length * 2.5;
  for (const t of DURATION_TICKS.filter((v) => v <= domainMax)) {
    const previous = ticks.at(-1)!;
    if (at(t) - at(previous) >= halfWidth(previous) + halfWidth(t) + 6) ticks.push(t);
  }
  const grid = ticks
    .map((t) => {
      const tx = at(t);
      return (
        tag('line', { x1: tx, x2: tx, y1: top - 4, y2: bottom, stroke: GRID, 'stroke-width': t === 0 ? 1.2 : 0.8 }) +
        text(tx, bottom + 12, labelOf(t), { 'font-size': 8.5, fill: MUTED, 'text-anchor': 'middle' })
      );
    })
    .join('');
  return { at, grid };
}

/** The target: a bar across the row with a triangle above it. */
function targetMark(tx: number, y: number, h: number): string {
  return tag('line', { x1: tx, x2: tx, y1: y - 4, y2: y + h + 4, stroke: INK, 'stroke-width': 2 }) + tag('path', { d: `M${tx - 4},${y - 8} L${tx + 4},${y - 8} L${tx},${y - 3} Z`, fill: INK });
}

/** The key of the target mark and the best-to-worst box, at the start of a legend line. */
function rangeKey(y: number, boxWords: string): string {
  return (
    tag('line', { x1: 4, x2: 4, y1: y - 11, y2: y + 2, stroke: INK, 'stroke-width': 2 }) +
    tag('path', { d: `M0,${y - 14} L8,${y - 14} L4,${y - 9} Z`, fill: INK }) +
    text(12, y, 'target', { 'font-size': 10, fill: INK }) +
    tag('rect', { x: 60, y: y - 9, width: 24, height: 10, fill: '#ffffff', stroke: INK }) +
    text(90, y, boxWords, { 'font-size': 10, fill: INK })
  );
}

/**
 * Target against achievable range, RTO beside RPO, on a logarithmic time axis: recovery
 * times span minutes to weeks, and on a linear axis everything under a day would be one dot.
 * Zero (no downtime, no data loss) sits on the axis' left edge.
 */
export function targetVsAchievableSvg(rows: readonly RangeRow[], title: string, prefix = 'tv'): string {
  const width = 700;
  const labelWidth = 172;
  const gap = 26;
  const panelWidth = (width - labelWidth - gap - 10) / 2;
  const top = 40;
  const rowHeight = 26;
  const plotBottom = top + rows.length * rowHeight;
  const height = plotBottom + 62;
  const domainMax = durationDomain(rows.flatMap((r) => [r.rto, r.rpo].flatMap((m) => [m.target ?? 0, m.achievable?.worstMinutes ?? 0])));
  const y = scaleBand<number>().domain(rows.map((_, i) => i)).range([top, plotBottom]).paddingInner(0.3).paddingOuter(0.15);
  const painter: Painter = { prefix, count: 0 };
  let body = '';

  const panel = (measure: 'rto' | 'rpo', x0: number) => {
    const { at, grid } = durationAxis(x0, x0 + panelWidth, domainMax, top, plotBottom);
    let out = text(x0, top - 22, measure === 'rto' ? 'Recovery time (RTO)' : 'Data loss (RPO)', { 'font-size': 11, 'font-weight': 700, fill: INK });
    out += grid;
    rows.forEach((row, i) => {
      const value = row[measure];
      const ry = y(i)!;
      const mid = ry + y.bandwidth() / 2;
      if (value.outcome !== 'estimated' || !value.achievable) {
        const words = value.outcome === 'unrecoverable' ? '✕ cannot recover' : '? not known yet';
        out += text(x0 + 16, mid + 3.5, words, { 'font-size': 9.5, 'font-style': 'italic', fill: STATE_STYLES[value.state].ink });
      } else {
        const bx = at(value.achievable.bestMinutes);
        const bw = Math.max(4, at(value.achievable.worstMinutes) - bx);
        out += stateBox(painter, value.state, bx - (bw === 4 ? 2 : 0), ry, bw, y.bandwidth(), 1);
      }
      if (value.target !== null) out += targetMark(at(value.target), ry, y.bandwidth());
    });
    return out;
  };

  rows.forEach((row, i) => {
    const ry = y(i)!;
    if (i % 2 === 1) body += tag('rect', { x: 0, y: ry - 5, width, height: y.bandwidth() + 10, fill: '#f7f8fa' });
    body += text(4, ry + y.bandwidth() / 2 + 4, fitText(row.label, labelWidth - 8, 10.5), { 'font-size': 10.5, fill: INK });
  });
  body += panel('rto', labelWidth);
  body += panel('rpo', labelWidth + panelWidth + gap);

  const ly = height - 14;
  body += rangeKey(ly, 'achievable, best to worst case');
  body += legend(painter, 260, ly, new Set(rows.flatMap((row) => [row.rto.state, row.rpo.state])));
  return svg(width, height, title, body);
}

export interface DiagramSystem {
  id: string;
  name: string;
  /** One or two short lines under the name. */
  detail: string[];
  applications: string[];
}

export interface DiagramSite {
  name: string;
  detail: string;
  systems: DiagramSystem[];
}

export interface DiagramFlow {
  from: string;
  /** A system id, or `azure` / `new-system` for the boxes outside the sites. */
  to: string;
  label: string;
}

/**
 * Sites side by side with their systems and the applications each runs; arrows show where
 * applications recover to when a system or site is lost. Flows are grouped per pair of
 * systems, so the picture stays legible with many applications.
 */
export function sitesDiagramSvg(sites: readonly DiagramSite[], flows: readonly DiagramFlow[], distanceLabel: string | null): string {
  const width = 700;
  const externals = (['azure', 'new-system'] as const).filter((id) => flows.some((f) => f.to === id));
  // Two sites leave room between them for the arrows' labels; more sites need the width for themselves.
  const siteGap = sites.length <= 2 ? 110 : 36;
  const siteWidth = sites.length === 0 ? width : (width - siteGap * (sites.length - 1)) / Math.max(1, sites.length);
  const systemWidth = siteWidth - 24;
  const lineHeight = 13;
  const top = 10;
  const positions = new Map<string, { x: number; y: number; w: number; h: number }>();
  let body = tag(
    'defs',
    {},
    // A start marker of its own rather than orient="auto-start-reverse", which resvg (the DOCX pictures) does not know.
    tag('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' }, tag('path', { d: 'M0,0 L10,5 L0,10 z', fill: INK })) +
      tag('marker', { id: 'arrow-start', viewBox: '0 0 10 10', refX: 1, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' }, tag('path', { d: 'M10,0 L0,5 L10,10 z', fill: INK })),
  );
  let sitesBottom = top;
  const siteBoxes: string[] = [];
  sites.forEach((site, i) => {
    const sx = i * (siteWidth + siteGap);
    let cy = top + 44;
    let inner = '';
    for (const system of site.systems) {
      const apps = system.applications.length === 0 ? ['(no applications)'] : system.applications;
      const head = 18 + system.detail.length * 11;
      const h = head + 8 + apps.length * lineHeight + 4;
      const bx = sx + 12;
      positions.set(system.id, { x: bx, y: cy, w: systemWidth, h });
      inner += tag('rect', { x: bx, y: cy, width: systemWidth, height: h, rx: 4, fill: '#ffffff', stroke: INK, 'stroke-width': 1.2 });
      inner += text(bx + 8, cy + 15, fitText(system.name, systemWidth - 16, 13), { 'font-size': 11.5, 'font-weight': 700, fill: INK });
      system.detail.forEach((line, l) => {
        inner += text(bx + 8, cy + 28 + l * 11, fitText(line, systemWidth - 16, 9), { 'font-size': 9, fill: MUTED });
      });
      apps.forEach((app, a) => {
        inner += text(bx + 14, cy + head + 14 + a * lineHeight, fitText(`▪ ${app}`, systemWidth - 24, 9.5), { 'font-size': 9.5, fill: system.applications.length === 0 ? MUTED : INK });
      });
      cy += h + 12;
    }
    const siteHeight = Math.max(cy - top, 90);
    siteBoxes.push(
      tag('rect', { x: sx, y: top, width: siteWidth, height: siteHeight, rx: 6, fill: '#f3f5f8', stroke: MUTED, 'stroke-dasharray': '5 3' }) +
        text(sx + 10, top + 17, fitText(site.name, siteWidth - 20, 14.5), { 'font-size': 13, 'font-weight': 700, fill: INK }) +
        text(sx + 10, top + 31, fitText(site.detail, siteWidth - 20, 9.5), { 'font-size': 9.5, fill: MUTED }) +
        inner,
    );
    sitesBottom = Math.max(sitesBottom, top + siteHeight);
  });
  body += siteBoxes.join('');
  if (distanceLabel && sites.length === 2) {
    const mx = siteWidth + siteGap / 2;
    body += text(mx, top + 14, distanceLabel, { 'font-size': 10, 'font-weight': 700, fill: INK, 'text-anchor': 'middle' });
    body += tag('line', { x1: siteWidth + 3, x2: siteWidth + siteGap - 3, y1: top + 20, y2: top + 20, stroke: INK, 'marker-start': 'url(#arrow-start)', 'marker-end': 'url(#arrow)' });
  }
  // Flows that would cross a site in between run in a band under the sites instead.
  const columnWidth = siteWidth + siteGap;
  const skips = (a: string, b: string) => {
    const from = positions.get(a);
    const to = positions.get(b);
    return !!from && !!to && Math.abs(Math.round(from.x / columnWidth) - Math.round(to.x / columnWidth)) > 1;
  };
  const bandFlows = flows.filter((f) => skips(f.from, f.to));
  const bandTop = sitesBottom + 14;
  const bandBottom = bandTop + bandFlows.length * 16;
  let extBottom = bandFlows.length ? bandBottom : sitesBottom;
  const extY = extBottom + 60;
  const extWidth = 200;
  externals.forEach((id, i) => {
    const ex = 40 + i * (extWidth + 60);
    positions.set(id, { x: ex, y: extY, w: extWidth, h: 40 });
    const label = id === 'azure' ? 'Public Azure' : 'A new system (weeks away)';
    body += tag('rect', { x: ex, y: extY, width: extWidth, height: 40, rx: 4, fill: '#ffffff', stroke: INK, 'stroke-dasharray': id === 'new-system' ? '4 3' : undefined });
    body += text(ex + extWidth / 2, extY + 24, label, { 'font-size': 11, 'font-weight': 700, fill: INK, 'text-anchor': 'middle' });
    extBottom = extY + 40;
  });

  // Between sites the arrows cross the gap between them; inside one site they loop round the
  // outer edge; to Azure or a new system they drop below. Labels sit in white boxes so they
  // stay readable where a line passes behind them.
  const flowLabels: string[] = [];
  flows.forEach((flow, index) => {
    const from = positions.get(flow.from);
    const to = positions.get(flow.to);
    if (!from || !to || flow.from === flow.to) return;
    const offset = (index % 3) * 10;
    let d: string;
    let lx: number;
    let ly: number;
    if (skips(flow.from, flow.to)) {
      const lane = bandTop + bandFlows.indexOf(flow) * 16 + 8;
      // Out of the source box's left edge, down the site's margin, along the band, up the
      // target site's margin and into its box: never across another box.
      const y1 = from.y + Math.min(24, from.h / 2);
      const y2 = to.y + Math.min(24, to.h / 2) + 6;
      d = `M${from.x},${y1} H${from.x - 7} V${lane} H${to.x - 7} V${y2} H${to.x - 1}`;
      lx = (from.x + to.x) / 2;
      ly = lane + 4;
    } else if (to.y >= extY) {
      const x1 = from.x + from.w / 2 + offset;
      const y1 = from.y + from.h;
      const x2 = to.x + to.w / 2;
      const y2 = to.y;
      d = `M${x1},${y1} C${x1},${y1 + 40} ${x2},${y2 - 40} ${x2},${y2 - 1}`;
      lx = (x1 + x2) / 2;
      ly = (y1 + y2) / 2;
    } else if (Math.abs(from.x - to.x) > 1) {
      const leftToRight = from.x < to.x;
      const x1 = leftToRight ? from.x + from.w : from.x;
      const x2 = leftToRight ? to.x : to.x + to.w;
      // Each flow gets its own height, so two flows between the same pair never overlap.
      const y1 = from.y + 24 + index * 22;
      const y2 = to.y + 24 + index * 22;
      d = `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2 - (leftToRight ? 1 : -1)},${y2}`;
      lx = (x1 + x2) / 2;
      ly = (y1 + y2) / 2 + 2;
    } else {
      const x1 = from.x + from.w;
      const y1 = from.y + from.h / 2;
      const y2 = to.y + Math.min(20, to.h / 2);
      d = `M${x1},${y1} C${x1 + 34},${y1} ${x1 + 34},${y2} ${x1 + 1},${y2}`;
      lx = x1 - 40;
      ly = (y1 + y2) / 2;
    }
    body += tag('path', { d, fill: 'none', stroke: INK, 'stroke-width': 1.4, 'marker-end': 'url(#arrow)' });
    const w = flow.label.length * 5.2 + 10;
    flowLabels.push(tag('rect', { x: lx - w / 2, y: ly - 9, width: w, height: 13, rx: 2, fill: '#ffffff', stroke: GRID }) + text(lx, ly + 1, flow.label, { 'font-size': 9, fill: INK, 'text-anchor': 'middle' }));
  });
  body += flowLabels.join('');
  const height = extBottom + 16;
  return svg(width, height, 'Sites, systems, the applications on them and where they recover to', body);
}

const CAPACITY_ROWS: readonly { resource: CapacityResource; label: string; unit: string }[] = [
  { resource: 'memoryGb', label: 'Memory', unit: 'GB' },
  { resource: 'vcpu', label: 'vCPU', unit: 'vCPU' },
  { resource: 'storageGb', label: 'Storage', unit: 'GB' },
  { resource: 'vms', label: 'VMs', unit: 'VMs' },
];

/**
 * What each system must carry against what it has, one bar per resource: the outline is what is
 * usable, the fill what is needed; what does not fit is hatched beyond the outline, and a need
 * against an unknown capacity is dotted. Each bar has its own scale: the words say the figures.
 */
export function capacityBarsSvg(systems: readonly SystemCapacity[], title: string, prefix = 'cap'): string {
  const width = 700;
  const labelWidth = 74;
  const plotLeft = labelWidth + 8;
  const plotWidth = 330;
  const rowHeight = 19;
  const headHeight = 22;
  const blockGap = 14;
  const painter: Painter = { prefix, count: 0 };
  let body = '';
  let y = 6;
  for (const system of systems) {
    const status = system.status === 'short' ? '✕ short' : system.status === 'unknown' ? '? not known' : '✓ enough';
    const head = `${system.name} — ${system.nodes} nodes${system.nodeDown ? ', one of them down' : ''}${system.hardwareProfile ? `, ${system.hardwareProfile}` : ', no hardware profile'}`;
    body += text(0, y + 14, fitText(head, width - 90, 11.5), { 'font-size': 11.5, 'font-weight': 700, fill: INK });
    body += text(width - 4, y + 14, status, { 'font-size': 11, 'font-weight': 700, 'text-anchor': 'end', fill: STATE_STYLES[system.status === 'short' ? 'breached' : system.status === 'unknown' ? 'unknown' : 'met'].ink });
    y += headHeight;
    for (const row of CAPACITY_ROWS) {
      const check = system[row.resource];
      const scaleMax = Math.max(1, check.needed, check.usable ?? 0) * 1.04;
      const x = scaleLinear().domain([0, scaleMax]).range([plotLeft, plotLeft + plotWidth]);
      const barY = y + 3;
      const barH = rowHeight - 7;
      body += text(labelWidth, barY + barH - 2, row.label, { 'font-size': 10, fill: INK, 'text-anchor': 'end' });
      if (check.usable === null) {
        body += stateBox(painter, 'unknown', x(0), barY, Math.max(3, x(check.needed) - x(0)), barH);
      } else {
        const fits = Math.min(check.needed, check.usable);
        if (fits > 0) body += stateBox(painter, 'met', x(0), barY, Math.max(2, x(fits) - x(0)), barH);
        if (check.needed > check.usable) body += stateBox(painter, 'breached', x(check.usable), barY, Math.max(3, x(check.needed) - x(check.usable)), barH);
        body += tag('rect', { x: x(0), y: barY - 2, width: Math.max(1, x(check.usable) - x(0)), height: barH + 4, fill: 'none', stroke: INK, 'stroke-width': 1.2 });
      }
      const words =
        check.usable === null
          ? `needs ${amount(check.needed)} ${row.unit}; usable not known`
          : `needs ${amount(check.needed)}, has ${amount(check.usable)} ${row.unit}${check.status === 'short' ? `: ${amount(check.short ?? 0)} short` : ''}${check.unknownCount > 0 ? `; ${check.unknownCount} without a size` : ''}`;
      body += text(plotLeft + plotWidth + 10, barY + barH - 2, fitText(words, width - plotLeft - plotWidth - 12, 9.5), { 'font-size': 9.5, fill: MUTED });
      y += rowHeight;
    }
    if (system.nodesToCover !== null || system.nodesNote) {
      const note = system.nodesToCover !== null ? `${system.nodesToCover} nodes instead of ${system.nodes} would carry it.` : system.nodesNote!;
      body += text(plotLeft, y + 10, fitText(note, width - plotLeft, 9.5), { 'font-size': 9.5, 'font-style': 'italic', fill: INK });
      y += 14;
    }
    y += blockGap;
  }
  const ly = y + 8;
  body += tag('rect', { x: 0, y: ly - 10, width: 22, height: 12, fill: 'none', stroke: INK, 'stroke-width': 1.2 });
  body += text(28, ly, 'usable', { 'font-size': 10, fill: INK });
  body += stateBox(painter, 'met', 80, ly - 9, 14, 10) + text(99, ly, 'needed, fits', { 'font-size': 10, fill: INK });
  body += stateBox(painter, 'breached', 175, ly - 9, 14, 10) + text(194, ly, 'needed beyond what is usable', { 'font-size': 10, fill: INK });
  body += stateBox(painter, 'unknown', 360, ly - 9, 14, 10) + text(379, ly, 'needed; usable not known', { 'font-size': 10, fill: INK });
  return svg(width, ly + 8, title, body);
}

/**
 * A disaster's recovery timeline: one row per application, grouped by wave, on the same
 * logarithmic axis as the estimates. The dashed line is the wait for what it needs; the box is
 * when it is back, best to worst case, in the state it reaches against its target. ↻ marks an
 * application in a dependency circle, ⇢ one held back by what it waits for.
 */
export function recoveryTimelineSvg(plan: DisasterPlan, title: string, prefix = 'tl'): string {
  const width = 700;
  const labelWidth = 200;
  const top = 18;
  const rowHeight = 22;
  const waveHeight = 18;
  const rows = plan.waves.flatMap((wave) => [{ wave: wave.number }, ...wave.applications.map((app) => ({ app }))]);
  const applications = plan.waves.flatMap((w) => w.applications);
  const plotBottom = top + plan.waves.length * waveHeight + applications.length * rowHeight;
  const height = plotBottom + 46;
  const domainMax = durationDomain(applications.flatMap((a) => [a.required ? (a.targetMinutes ?? 0) : 0, a.back?.worstMinutes ?? 0, a.start?.worstMinutes ?? 0]));
  const { at, grid } = durationAxis(labelWidth, width - 10, domainMax, top, plotBottom);
  const painter: Painter = { prefix, count: 0 };
  let body = grid;
  let y = top;
  let stripe = false;
  for (const row of rows) {
    if ('wave' in row) {
      body += text(4, y + 12, `Wave ${row.wave}`, { 'font-size': 10, 'font-weight': 700, fill: MUTED });
      y += waveHeight;
      continue;
    }
    const { app } = row;
    const barY = y + 4;
    const barH = rowHeight - 8;
    if (stripe) body += tag('rect', { x: 0, y, width, height: rowHeight, fill: '#f7f8fa', 'fill-opacity': 0.7 });
    stripe = !stripe;
    const mark = app.inCycle ? '↻ ' : app.heldBackBy ? '⇢ ' : '';
    body += text(12, barY + barH - 2, fitText(`${mark}${app.name}`, labelWidth - 18, 10.5), { 'font-size': 10.5, fill: INK });
    if (app.start && app.start.worstMinutes > 0) {
      body += tag('line', { x1: at(0), x2: at(app.start.worstMinutes), y1: barY + barH / 2, y2: barY + barH / 2, stroke: MUTED, 'stroke-width': 1.2, 'stroke-dasharray': '3 3' });
    }
    if (app.outcome === 'estimated' && app.back) {
      const bx = at(app.back.bestMinutes);
      const bw = Math.max(4, at(app.back.worstMinutes) - bx);
      body += stateBox(painter, app.compliance, bx - (bw === 4 ? 2 : 0), barY, bw, barH, 1);
    } else {
      const words = app.outcome === 'unknown' ? '? not known yet' : app.outcome === 'blocked' ? `✕ never: waits for ${app.heldBackBy?.name ?? 'one that cannot come back'}` : '✕ cannot recover';
      body += text(labelWidth + 16, barY + barH - 2, fitText(words, width - labelWidth - 30, 9.5), { 'font-size': 9.5, 'font-style': 'italic', fill: STATE_STYLES[app.compliance].ink });
    }
    if (app.required && app.targetMinutes !== null) body += targetMark(at(app.targetMinutes), barY, barH);
    y += rowHeight;
  }
  const ly = height - 14;
  body += rangeKey(ly, 'back, best to worst case');
  body += tag('line', { x1: 238, x2: 262, y1: ly - 4, y2: ly - 4, stroke: MUTED, 'stroke-width': 1.2, 'stroke-dasharray': '3 3' }) + text(267, ly, 'waits', { 'font-size': 10, fill: INK });
  body += legend(painter, 310, ly, new Set(applications.map((a) => a.compliance)));
  return svg(width, height, title, body);
}
