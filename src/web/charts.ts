import type { ChartBar, DatasetMetadata, VersionChart } from '../catalog/model.ts';
import { formatCount, html, SafeHtml } from './html.ts';
import { LOCALES, pick, type Lang, type Messages } from './i18n.ts';
import { PROVINCE_TILES } from './province-tiles.ts';

/**
 * A version's charts as inline SVG, drawn on the server: no script, readable without one. Each is
 * a `figure` whose SVG is an image (`role="img"`) named by its title and its main finding, with the
 * numbers as a table beside it. A bar with suppressed cells shows what is published, then a hatched
 * cap and "at least": a suppressed count is never drawn as zero.
 */

const WIDTH = 720;
const BAR = '#1d6fb8';
const HIDDEN = '#8a8f98';

interface Drawn {
  chart: VersionChart;
  title: string;
  finding: string;
  /** Each bar's name and its value as text. */
  names: string[];
  values: string[];
  locale: string;
}

/** The charts section of a dataset page (nothing when the version has no charts). */
export function chartsSection(lang: Lang, t: Messages, metadata: DatasetMetadata, charts: readonly VersionChart[] | undefined): SafeHtml {
  const drawable = (charts ?? []).filter((c) => c.bars.length > 0);
  if (drawable.length === 0) return html``;
  return html`<section aria-labelledby="charts">
<h2 id="charts">${t.charts}</h2>
<p class="muted">${metadata.kind === 'aggregate' ? t.chartsIntroAggregate : t.chartsIntroRegistry}</p>
<div class="charts">${drawable.map((chart) => {
    const drawn = describe(lang, t, metadata, chart);
    return html`${isByProvince(chart) ? tileFigure(lang, t, drawn) : ''}${figure(lang, t, drawn)}`;
  })}</div>
</section>`;
}

function describe(lang: Lang, t: Messages, metadata: DatasetMetadata, chart: VersionChart): Drawn {
  const locale = LOCALES[lang];
  const columns = metadata.tables.find((table) => table.name === chart.table)?.columns ?? [];
  const columnTitle = (name: string) => {
    const column = columns.find((c) => c.name === name);
    return column ? pick(column.title, lang) : name;
  };
  const names = chart.bars.map((bar) =>
    bar.code === '*'
      ? t.chartOther(formatCount(chart.otherCategories ?? 0, locale))
      : (bar.label ?? (bar.code === '' ? t.chartBlank : bar.code)),
  );
  const values = chart.bars.map((bar) => valueText(t, bar, locale));
  const title =
    chart.id === 'over-time'
      ? t.chartOverTime(columnTitle(chart.column))
      : chart.period !== undefined
        ? t.chartByProvince(chart.period)
        : t.chartByColumn(columnTitle(chart.column));
  return { chart, title, finding: finding(t, chart, names, values), names, values, locale };
}

const valueText = (t: Messages, bar: ChartBar, locale: string): string =>
  bar.hiddenCells === 0 ? formatCount(bar.value, locale) : bar.value === 0 ? t.chartHidden : t.chartAtLeast(formatCount(bar.value, locale));

/** The sentence a screen reader hears first: the latest and the highest period, or the first and last bar. */
function finding(t: Messages, chart: VersionChart, names: string[], values: string[]): string {
  const { bars } = chart;
  if (bars.every((b) => b.value === 0 && b.hiddenCells > 0)) return t.chartAllHidden;
  if (chart.id === 'over-time') {
    const last = bars.length - 1;
    const top = bars.reduce((best, b, i) => (b.value > bars[best]!.value ? i : best), 0);
    return bars[top]!.value === 0
      ? t.chartFindingSeriesNone(names[last]!, values[last]!)
      : t.chartFindingSeries(names[last]!, values[last]!, names[top]!, values[top]!);
  }
  const ranked = bars.filter((b) => b.code !== '*');
  const last = ranked.length - 1;
  return last === 0 ? `${names[0]}: ${values[0]}` : t.chartFindingRank(names[0]!, values[0]!, names[last]!, values[last]!);
}

const safeId = (s: string) => s.replace(/[^a-z0-9-]/gi, '-');

function figure(lang: Lang, t: Messages, d: Drawn): SafeHtml {
  const id = `chart-${safeId(d.chart.id)}`;
  const svg = d.chart.id === 'over-time' ? columnsSvg(id, d) : barsSvg(id, d);
  return html`<figure class="chart" id="${id}">
<figcaption><strong>${d.title}</strong><br><span class="muted">${d.finding}</span></figcaption>
${new SafeHtml(svg)}
<details><summary>${t.chartNumbers}</summary>
<div class="scroll"><table><thead><tr><th scope="col">${t.chartCategory}</th><th scope="col">${t.chartValue}</th><th scope="col">${t.chartHiddenCells}</th></tr></thead>
<tbody>${d.chart.bars.map((bar, i) => html`<tr><td>${d.names[i]}</td><td>${d.values[i]}</td><td>${bar.hiddenCells ? formatCount(bar.hiddenCells, LOCALES[lang]) : ''}</td></tr>`)}</tbody></table></div>
</details>
</figure>`;
}

const esc = (s: string) => html`${s}`.value;

/** A chart by province code (an aggregate's latest period) can also be drawn as the tile map. */
const isByProvince = (chart: VersionChart): boolean =>
  chart.id !== 'over-time' && chart.bars.length > 0 && chart.bars.every((b) => PROVINCE_TILES[b.code] !== undefined);

const SHADES = ['#deebf7', '#9ecae1', '#4292c6', '#2171b5', '#08306b'];

/**
 * The same numbers as the ranked bars, on a map of the provinces (province-tiles.ts): a square per
 * province, darker for more; a province with suppressed cells carries the hatch (at least what its
 * shade says), one whose every cell is suppressed is all hatch, never the shade of zero.
 */
function tileFigure(lang: Lang, t: Messages, d: Drawn): SafeHtml {
  const id = `chart-${safeId(d.chart.id)}-map`;
  const size = 44;
  const gap = 3;
  const cols = 1 + Math.max(...Object.values(PROVINCE_TILES).map((p) => p.col));
  const rows = 1 + Math.max(...Object.values(PROVINCE_TILES).map((p) => p.row));
  const legendH = 30;
  const width = cols * (size + gap);
  const height = rows * (size + gap) + legendH;
  const max = Math.max(1, ...d.chart.bars.map((b) => b.value));
  const shade = (value: number) => SHADES[Math.min(SHADES.length - 1, Math.floor((value / max) * SHADES.length))]!;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" style="max-width:100%;height:auto" role="img" aria-label="${esc(`${t.chartMap}: ${d.title}. ${d.finding}`)}" font-family="system-ui, sans-serif" font-size="11"><title>${esc(`${t.chartMap}: ${d.title}`)}</title><desc>${esc(d.finding)}</desc>${hatch(id)}`,
  ];
  d.chart.bars.forEach((bar, i) => {
    const tile = PROVINCE_TILES[bar.code]!;
    const x = tile.col * (size + gap);
    const y = tile.row * (size + gap);
    const allHidden = bar.value === 0 && bar.hiddenCells > 0;
    const dark = !allHidden && shade(bar.value) !== SHADES[0] && shade(bar.value) !== SHADES[1];
    parts.push(
      `<g data-province="${bar.code}"><title>${esc(`${d.names[i]}: ${d.values[i]}`)}</title>`,
      `<rect x="${x}" y="${y}" width="${size}" height="${size}" rx="4" fill="${allHidden ? `url(#${id}-hatch)` : shade(bar.value)}"${bar.hiddenCells > 0 ? ` data-hidden="${bar.hiddenCells}"` : ''}/>`,
      bar.hiddenCells > 0 && !allHidden ? `<rect x="${x}" y="${y + size - 8}" width="${size}" height="8" fill="url(#${id}-hatch)"/>` : '',
      `<text x="${x + size / 2}" y="${y + 18}" text-anchor="middle" font-weight="600" fill="${dark ? '#fff' : '#1b1f24'}">${esc(tile.short)}</text>`,
      `<text x="${x + size / 2}" y="${y + 32}" text-anchor="middle" font-size="9" fill="${dark ? '#fff' : '#1b1f24'}">${allHidden ? '' : esc(`${bar.hiddenCells > 0 ? '≥' : ''}${compact(bar.value, d.locale)}`)}</text></g>`,
    );
  });
  // Legend: the shades from 0 to the largest value, and the hatch.
  const ly = rows * (size + gap) + 6;
  SHADES.forEach((colour, i) => parts.push(`<rect x="${i * 18}" y="${ly}" width="18" height="10" fill="${colour}"/>`));
  parts.push(
    `<text x="0" y="${ly + 22}">0</text><text x="${SHADES.length * 18}" y="${ly + 22}" text-anchor="end">${esc(compact(max, d.locale))}</text>`,
    `<rect x="${SHADES.length * 18 + 14}" y="${ly}" width="18" height="10" fill="url(#${id}-hatch)"/><text x="${SHADES.length * 18 + 36}" y="${ly + 9}">${esc(t.chartHidden)}</text>`,
    '</svg>',
  );
  return html`<figure class="chart map" id="${id}">
<figcaption><strong>${t.chartMap}</strong><br><span class="muted">${d.title}</span></figcaption>
${new SafeHtml(parts.join(''))}
</figure>`;
}

/** 12 345 → "12,3k" (vi: "12,3 N"): what fits in a tile. */
const compact = (value: number, locale: string): string =>
  new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);

/** The hatch that marks suppressed cells, one per chart (ids must be unique on the page). */
const hatch = (id: string) =>
  `<defs><pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#eef0f3"/><line x1="0" y1="0" x2="0" y2="6" stroke="${HIDDEN}" stroke-width="3"/></pattern></defs>`;

const open = (id: string, d: Drawn, height: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${esc(`${d.title}. ${d.finding}`)}" font-family="system-ui, sans-serif" font-size="12"><title>${esc(d.title)}</title><desc>${esc(d.finding)}</desc>${hatch(id)}`;

/** Periods left to right: a column each, a hatched cap where cells are suppressed. */
function columnsSvg(id: string, d: Drawn): string {
  const { bars } = d.chart;
  const height = 220;
  const [left, right, top, bottom] = [64, 8, 14, 30];
  const plotW = WIDTH - left - right;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const step = plotW / bars.length;
  const barW = Math.max(1, step * 0.8);
  const cap = Math.min(10, plotH / 10);
  const parts = [open(id, d, height)];
  parts.push(
    `<line x1="${left}" y1="${top + plotH}" x2="${WIDTH - right}" y2="${top + plotH}" stroke="#555"/>`,
    `<line x1="${left}" y1="${top}" x2="${WIDTH - right}" y2="${top}" stroke="#ddd"/>`,
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end">${esc(formatCount(max, d.locale))}</text>`,
    `<text x="${left - 6}" y="${top + plotH + 4}" text-anchor="end">0</text>`,
  );
  const labelEvery = Math.max(1, Math.ceil(bars.length / 8));
  bars.forEach((bar, i) => {
    const x = left + i * step + (step - barW) / 2;
    const h = (bar.value / max) * plotH;
    const y = top + plotH - h;
    parts.push(`<g><title>${esc(`${d.names[i]}: ${d.values[i]}`)}</title>`);
    if (h > 0)
      parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${BAR}"/>`);
    if (bar.hiddenCells > 0)
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${(y - cap).toFixed(1)}" width="${barW.toFixed(1)}" height="${cap.toFixed(1)}" fill="url(#${id}-hatch)" data-hidden="${bar.hiddenCells}"/>`,
      );
    parts.push('</g>');
    if (i % labelEvery === 0 || i === bars.length - 1)
      parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${height - 10}" text-anchor="middle">${esc(d.names[i]!)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Categories top to bottom, largest first: a bar each, the value at its end. */
function barsSvg(id: string, d: Drawn): string {
  const { bars } = d.chart;
  const row = 22;
  const [labelW, valueW] = [210, 120];
  const height = bars.length * row + 8;
  const plotW = WIDTH - labelW - valueW;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const parts = [open(id, d, height)];
  bars.forEach((bar, i) => {
    const y = 4 + i * row;
    const w = (bar.value / max) * plotW;
    const name = d.names[i]!;
    parts.push(
      `<g><title>${esc(`${name}: ${d.values[i]}`)}</title>`,
      `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${esc(name.length > 32 ? `${name.slice(0, 31)}…` : name)}</text>`,
    );
    if (w > 0) parts.push(`<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 6}" fill="${BAR}"/>`);
    const end = labelW + w;
    if (bar.hiddenCells > 0)
      parts.push(
        `<rect x="${end.toFixed(1)}" y="${y + 3}" width="12" height="${row - 6}" fill="url(#${id}-hatch)" data-hidden="${bar.hiddenCells}"/>`,
      );
    parts.push(`<text x="${(end + (bar.hiddenCells > 0 ? 18 : 6)).toFixed(1)}" y="${y + 15}">${esc(d.values[i]!)}</text></g>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/**
 * A card's sparkline: an aggregate's published counts over its periods, whole country, as a tiny
 * inline SVG with its finding as text alternative; a period with suppressed cells is drawn
 * hatched-grey (at least what is drawn), never as zero. Nothing for registers or without periods.
 */
export function sparkline(lang: Lang, t: Messages, metadata: DatasetMetadata, charts: readonly VersionChart[] | undefined): SafeHtml {
  const chart = charts?.find((c) => c.id === 'over-time');
  if (!chart || chart.bars.length < 2) return html``;
  const d = describe(lang, t, metadata, chart);
  const [width, height] = [160, 28];
  const max = Math.max(1, ...chart.bars.map((b) => b.value));
  const step = width / chart.bars.length;
  const bars = chart.bars.map((bar, i) => {
    const h = Math.max(bar.hiddenCells > 0 ? 2 : 0, (bar.value / max) * height);
    return `<rect x="${(i * step).toFixed(1)}" y="${(height - h).toFixed(1)}" width="${Math.max(1, step * 0.8).toFixed(1)}" height="${h.toFixed(1)}" fill="${bar.hiddenCells > 0 ? HIDDEN : BAR}"/>`;
  });
  return new SafeHtml(
    `<svg class="spark" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(`${d.title}. ${d.finding}`)}">${bars.join('')}</svg>`,
  );
}
