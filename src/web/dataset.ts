import type { DatasetRecord, StrippedField, VersionFile, VersionRecord } from '../catalog/model.ts';
import type { TableSchema } from '../catalog/tables.ts';
import { datasetApiUrl, datasetPageUrl, fileUrl } from '../catalog/urls.ts';
import { suppressionNotes } from '../catalog/formats/datapackage.ts';
import { jsonForScript, schemaOrgDataset } from '../catalog/formats/schema-org.ts';
import type { CatalogEntry } from '../catalog/queries.ts';
import { versionDate } from '../catalog/version-id.ts';
import { formatBytes, formatCount, formatDate, html, isoDate, SafeHtml, webUrl } from './html.ts';
import { LOCALES, pick, type Lang, type Messages } from './i18n.ts';
import { messagesOf, pageHref, type PageContext } from './context.ts';
import { layout } from './layout.ts';
import { duckdbSnippet, pandasSnippet, rSnippet } from './snippets.ts';
import { chartsSection } from './charts.ts';

export interface DatasetPageData {
  dataset: DatasetRecord;
  /** The version the latest pointer names. */
  latest: VersionRecord;
  /** Visible versions, newest first. */
  versions: VersionRecord[];
  /** Withdrawn versions (tombstones: date and reason, no files). */
  withdrawn?: VersionRecord[];
  /** schema.org `Dataset` to embed as JSON-LD, when available. */
  jsonLd?: unknown;
}

/** The stable "latest" URL of a file: a redirect to whichever version is newest. */
export const latestFileUrl = (base: string, datasetId: string, fileName: string): string =>
  `${datasetApiUrl(base, datasetId)}/latest/${encodeURIComponent(fileName)}`;

const publishedAt = (v: VersionRecord): string => v.publishedAt ?? versionDate(v.version);

/** "14.4.c" → "điểm c khoản 4 Điều 14" / "Art. 14(4)(c)". */
export const formatScope = (scope: string, t: Messages): string => {
  const [article = scope, clause, point] = scope.split('.');
  return t.scopeItem(article, clause, point);
};

/** What suppression means, in the page's language. */
export const localSuppressionNote = (k: number, lang: Lang): string => suppressionNotes(k)[lang];

/** What is never published: the definition's closed fields, then whatever else the version stripped (unclassified fields). */
export function strippedFields(closed: StrippedField[], latest: VersionRecord): StrippedField[] {
  const seen = new Set(closed.map((f) => f.field));
  return [...closed, ...latest.stripped.filter((f) => !seen.has(f.field))];
}

function fileCard(ctx: PageContext, t: Messages, datasetId: string, file: VersionFile): SafeHtml {
  const label = t.fileFormats[file.format] ?? file.name;
  const size = formatBytes(file.bytes, LOCALES[ctx.lang]);
  return html`<li class="file" data-file="${file.name}">
<h4>${label} <small class="muted">· ${file.name}</small></h4>
<p class="muted"><small>${t.fileHints[file.format] ?? ''}</small></p>
<a class="button" href="${fileUrl(ctx.base, file.key)}" download>${t.downloadButton(label)} <span>(${size})</span></a>
</li>`;
}

/**
 * "For developers", last on the page: what a reader who only wants the figures never needs (sizes
 * in bytes, sha256, pinned and latest links, code snippets, the row-query API), folded away.
 */
function developersSection(ctx: PageContext, t: Messages, d: DatasetPageData): SafeHtml {
  const m = d.dataset.metadata;
  const files = d.latest.files.filter((f) => f.format !== 'search-index');
  const firstTable = m.tables.find((table) => d.latest.files.some((f) => f.name === `${table.name}.parquet`));
  const datastore = firstTable
    ? `${ctx.base}/api/3/action/datastore_search?resource_id=${encodeURIComponent(firstTable.name)}&limit=5`
    : undefined;
  return html`<section aria-labelledby="developers">
<h2 id="developers">${t.developers}</h2>
<p>${t.developersIntro}</p>
<details class="dev"><summary>${t.checksumsAndLinks}</summary>
<p class="muted"><small>${t.downloadIntro}</small></p>
<div class="box"><table class="stack">
<thead><tr><th scope="col">${t.files}</th><th scope="col">${t.size}</th><th scope="col">sha256</th><th scope="col">${t.pinnedUrl} · ${t.latestUrl}</th></tr></thead>
<tbody>${files.map(
    (file) =>
      html`<tr data-file="${file.name}"><td><code>${file.name}</code></td><td class="nowrap">${formatCount(file.bytes, LOCALES[ctx.lang])} B</td><td><code class="copy" data-sha256>${file.sha256}</code></td><td><code class="copy">${fileUrl(ctx.base, file.key)}</code><br><code class="copy">${latestFileUrl(ctx.base, m.id, file.name)}</code></td></tr>`,
  )}</tbody>
</table></div>
</details>
${useSection(ctx, t, d)}
${datastore ? html`<h3>${t.rowQueries}</h3><p>${t.rowQueriesIntro}</p><pre><code class="copy">${datastore}</code></pre>` : ''}
</section>`;
}

/**
 * A form that asks /api/datasets/{id}/rows (src/api/routes/rows.ts) for one province's rows, and
 * on an aggregate one period's, as Excel or CSV: plain GET, no JavaScript. The provinces are the
 * table's province column's values (its schema's enum), the periods those of the version's chart.
 */
function rowsForm(ctx: PageContext, t: Messages, d: DatasetPageData, table: TableSchema): SafeHtml {
  const codes = table.columns.find((c) => c.name === 'province_code')?.constraints?.enum;
  const names = table.columns.find((c) => c.name === 'province_name')?.constraints?.enum;
  const period = table.columns.find((c) => c.constraints?.pattern);
  const periods = period
    ? (d.latest.charts
        ?.find((c) => c.id === 'over-time')
        ?.bars.map((b) => b.code)
        .reverse() ?? [])
    : [];
  if (!codes?.length && !periods.length) return html``;
  const id = (name: string) => `${table.name}-${name}`;
  const option = (value: string, label: string) => html`<option value="${value}">${label}</option>`;
  return html`<form class="search rows" method="get" action="${ctx.base}/api/datasets/${d.dataset.id}/rows" aria-labelledby="${id('pick')}">
<p class="hint" id="${id('pick')}"><strong>${t.pickRows}.</strong> ${t.pickRowsIntro}</p>
<input type="hidden" name="table" value="${table.name}">
${codes?.length ? html`<div><label for="${id('province')}">${t.pickProvince}</label><select id="${id('province')}" name="province_code">${option('', t.allProvinces)}${codes.map((code, i) => option(code, `${names?.[i] ?? code} (${code})`))}</select></div>` : ''}
${period && periods.length ? html`<div><label for="${id('period')}">${t.pickPeriod}</label><select id="${id('period')}" name="${period.name}">${option('', t.allPeriods)}${periods.map((p) => option(p, p))}</select></div>` : ''}
<div><label for="${id('format')}">${t.pickFormat}</label><select id="${id('format')}" name="format">${option('xlsx', 'Excel (XLSX)')}${option('csv', 'CSV')}</select></div>
<div><button type="submit">${t.pickButton}</button></div>
</form>`;
}

function downloadsSection(ctx: PageContext, t: Messages, d: DatasetPageData): SafeHtml {
  const m = d.dataset.metadata;
  const byName = new Map(d.latest.files.map((f) => [f.name, f]));
  const tableFiles = m.tables.map((table) => ({
    table,
    files: ['xlsx', 'csv', 'parquet'].map((ext) => byName.get(`${table.name}.${ext}`)).filter((f): f is VersionFile => f !== undefined),
  }));
  const listed = new Set(tableFiles.flatMap(({ files }) => files.map((f) => f.name)));
  // The search index serves the catalog search, not readers.
  const others = d.latest.files.filter((f) => !listed.has(f.name) && f.format !== 'search-index');
  return html`<section aria-labelledby="download">
<h2 id="download">${t.download} <small class="muted">· ${t.latestVersion} <code>${d.latest.version}</code></small></h2>
${tableFiles.map(
  ({ table, files }) => html`<h3>${table.title ? pick(table.title, ctx.lang) : t.dataFiles}</h3>
<ul class="files">${files.map((f) => fileCard(ctx, t, m.id, f))}</ul>
${rowsForm(ctx, t, d, table)}`,
)}
${others.length ? html`<h3>${t.otherFiles}</h3><ul class="files">${others.map((f) => fileCard(ctx, t, m.id, f))}</ul>` : ''}
</section>`;
}

function useSection(ctx: PageContext, t: Messages, d: DatasetPageData): SafeHtml {
  const m = d.dataset.metadata;
  const urls = (table: TableSchema) => {
    const find = (ext: string) => d.latest.files.find((f) => f.name === `${table.name}.${ext}`);
    const parquet = find('parquet');
    const csv = find('csv');
    return parquet && csv ? { parquet: fileUrl(ctx.base, parquet.key), csv: fileUrl(ctx.base, csv.key) } : undefined;
  };
  const first = m.tables.find((table) => urls(table));
  const firstUrls = first && urls(first);
  if (!first || !firstUrls) return html``;
  const rest = m.tables.filter((table) => table !== first && urls(table));
  return html`<h3 id="use">${t.use}</h3>
<p>${t.useIntro}</p>
<h4>DuckDB</h4>
<p class="muted"><small>${t.duckdbNote}</small></p>
<pre><code class="copy">${duckdbSnippet(firstUrls.parquet)}</code></pre>
<h4>Python · pandas</h4>
<p class="muted"><small>${t.csvNote}</small></p>
<pre><code class="copy">${pandasSnippet(first, firstUrls.parquet, firstUrls.csv)}</code></pre>
<h4>R</h4>
<pre><code class="copy">${rSnippet(first, firstUrls.parquet, firstUrls.csv)}</code></pre>
${rest.length ? html`<p>${t.otherTables} ${rest.map((table, i) => html`${i ? ', ' : ''}<code>${table.name}.parquet</code>`)}</p>` : ''}`;
}

/** A link when the URL is a web URL, else the plain text. */
const link = (url: string, text: string, rel?: string): SafeHtml => {
  const href = webUrl(url);
  return href ? html`<a href="${href}"${rel ? html` rel="${rel}"` : ''}>${text}</a>` : html`${text}`;
};

function aboutSection(ctx: PageContext, t: Messages, d: DatasetPageData): SafeHtml {
  const m = d.dataset.metadata;
  const datapackage = d.latest.files.find((f) => f.format === 'datapackage');
  return html`<section aria-labelledby="about">
<h2 id="about">${t.about}</h2>
<dl class="facts">
<dt>${t.legalBasis}</dt><dd>${pick(m.legalBasis.title, ctx.lang)}</dd>
<dt>${t.categoriesArt5}</dt><dd>${m.categories.map((c, i) => html`${i ? html`<br>` : ''}<a href="${pageHref(ctx, '/', { category: c.number })}">${t.category(c.number)}</a>: ${pick(c, ctx.lang)}`)}</dd>
<dt>${t.scopeArt14}</dt><dd>${m.scope.map((s) => formatScope(s, t)).join('; ')}</dd>
<dt>${t.updateSchedule}</dt><dd>${pick(m.updateFrequency, ctx.lang)}</dd>
<dt>${t.licence}</dt><dd>${link(m.licence.url, m.licence.title, 'license')} (${m.licence.id})</dd>
<dt>${t.publisher}</dt><dd>${link(m.publisher.url, pick(m.publisher.name, ctx.lang))}</dd>
<dt>${t.contact}</dt><dd><a href="mailto:${m.publisher.email}">${m.publisher.email}</a></dd>
<dt>${t.source}</dt><dd>${pick(m.source, ctx.lang)}</dd>
<dt>${t.datasetKind}</dt><dd>${t.kind[m.kind]}</dd>
<dt>${t.machineReadable}</dt><dd><a href="${datasetApiUrl(ctx.base, m.id)}">JSON API</a>${datapackage ? html` · <a href="${latestFileUrl(ctx.base, m.id, datapackage.name)}">datapackage.json</a>` : ''}</dd>
</dl>
</section>`;
}

function columnsSection(ctx: PageContext, t: Messages, d: DatasetPageData): SafeHtml {
  const m = d.dataset.metadata;
  return html`<section aria-labelledby="columns">
<h2 id="columns">${t.columns}</h2>
${m.tables.map(
  (
    table,
  ) => html`${m.tables.length > 1 || table.title ? html`<h3>${table.title ? pick(table.title, ctx.lang) : table.name} <small class="muted">· <code>${table.name}</code></small></h3>` : ''}
<div class="box"><table class="stack">
<thead><tr><th scope="col">${t.columnName}</th><th scope="col">${t.columnType}</th><th scope="col">${t.columnDescription}</th></tr></thead>
<tbody>${table.columns.map((c) => html`<tr><td><code>${c.name}</code><br>${pick(c.title, ctx.lang)}</td><td>${t.types[c.type] ?? c.type}</td><td>${pick(c.description, ctx.lang)}</td></tr>`)}</tbody>
</table></div>`,
)}
${m.kind === 'aggregate' && m.disclosureK ? html`<div class="note" role="note"><strong>${t.suppression}.</strong> ${localSuppressionNote(m.disclosureK, ctx.lang)}</div>` : ''}
</section>`;
}

function strippedSection(ctx: PageContext, t: Messages, d: DatasetPageData): SafeHtml {
  const all = strippedFields(d.dataset.metadata.closedFields, d.latest);
  const dropped = all.filter((f) => !f.countedAs);
  const counted = all.filter((f) => f.countedAs);
  return html`<section aria-labelledby="never-published">
<h2 id="never-published">${t.neverPublished}</h2>
<p>${t.neverPublishedIntro}</p>
${
  dropped.length
    ? html`<div class="box"><table class="stack">
<thead><tr><th scope="col">${t.sourceField}</th><th scope="col">${t.provision}</th><th scope="col">${t.reason}</th></tr></thead>
<tbody>${dropped.map(
        (f) =>
          html`<tr><td><code>${f.field}</code>${f.class === 'unclassified' ? html` <small class="muted">(${t.unclassified})</small>` : ''}</td><td>${f.provision}</td><td>${pick(f.reason, ctx.lang)}</td></tr>`,
      )}</tbody>
</table></div>`
    : html`<p>${t.nothingStripped}</p>`
}
${
  counted.length
    ? html`<h3 id="counted-only">${t.countedOnly}</h3>
<p>${t.countedOnlyIntro}</p>
<div class="box"><table class="stack">
<thead><tr><th scope="col">${t.sourceField}</th><th scope="col">${t.countedAs}</th><th scope="col">${t.provision}</th></tr></thead>
<tbody>${counted.map((f) => html`<tr><td><code>${f.field}</code></td><td>${f.countedAs!.map((c, i) => html`${i ? ', ' : ''}<code>${c}</code>`)}</td><td>${f.provision}</td></tr>`)}</tbody>
</table></div>`
    : ''
}
</section>`;
}

function previewSection(ctx: PageContext, t: Messages, d: DatasetPageData): SafeHtml {
  const preview = d.latest.preview;
  if (!preview || preview.columns.length === 0) return html``;
  return html`<section aria-labelledby="preview">
<h2 id="preview">${t.preview}</h2>
<p>${
    preview.period === undefined
      ? t.previewIntro(formatCount(preview.rows.length, LOCALES[ctx.lang]), preview.table)
      : t.previewIntroLatest(formatCount(preview.rows.length, LOCALES[ctx.lang]), preview.table, preview.period)
  }</p>
<div class="scroll" role="region" tabindex="0" aria-label="${t.preview}"><table>
<caption>${preview.period === undefined ? t.previewCaption : t.previewCaptionLatest(preview.period)} · <code>${preview.table}</code></caption>
<thead><tr>${preview.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
<tbody lang="vi">${preview.rows.map((row) => html`<tr>${row.map((cell) => html`<td>${cell ?? ''}</td>`)}</tr>`)}</tbody>
</table></div>
</section>`;
}

function changesCell(ctx: PageContext, t: Messages, v: VersionRecord, older: VersionRecord | undefined, tableCount: number): SafeHtml {
  if (!v.changes) return html`${v.previousVersion || older ? html`<span class="muted">${t.changesUnknown}</span>` : t.firstVersion}`;
  const n = (x: number) => formatCount(x, LOCALES[ctx.lang]);
  const since = older && v.changes.since === older.version ? '' : html`<small class="muted">${t.since(v.changes.since)}</small><br>`;
  if (v.changes.periodsAdded) return html`${since}${t.periodsAdded(v.changes.periodsAdded)}`;
  return html`${since}${v.changes.tables.map(
    (c, i) =>
      html`${i ? html`<br>` : ''}${tableCount > 1 ? html`<code>${c.name}</code>: ` : ''}${t.changeCounts(n(c.added), n(c.removed), n(c.changed))}`,
  )}`;
}

function versionsSection(ctx: PageContext, t: Messages, d: DatasetPageData): SafeHtml {
  const locale = LOCALES[ctx.lang];
  const tableCount = d.dataset.metadata.tables.length;
  const rows = [...d.versions, ...(d.withdrawn ?? [])].sort((a, b) => b.version.localeCompare(a.version));
  return html`<section aria-labelledby="versions">
<h2 id="versions">${t.versions}</h2>
<div class="box"><table class="stack">
<thead><tr><th scope="col">${t.version}</th><th scope="col">${t.date}</th><th scope="col">${t.rowCount}</th><th scope="col">${t.changes}</th><th scope="col">${t.files}</th></tr></thead>
<tbody>${rows.map((v) => {
    if (v.state === 'withdrawn') {
      const at = v.withdrawal?.at;
      return html`<tr id="version-${v.version}"><td class="nowrap"><del><code>${v.version}</code></del></td><td class="nowrap">${at ? html`<time datetime="${at}">${formatDate(at, locale)}</time>` : ''}</td><td></td><td><strong>${t.withdrawn}</strong>${v.withdrawal?.reason ? html`: ${v.withdrawal.reason}` : ''}</td><td class="muted">${v.withdrawal?.purgedAt ? t.purgedFiles : t.withdrawnFiles}</td></tr>`;
    }
    const date = publishedAt(v);
    const older = d.versions[d.versions.indexOf(v) + 1];
    return html`<tr id="version-${v.version}"><td class="nowrap"><code>${v.version}</code></td><td class="nowrap"><time datetime="${date}">${formatDate(date, locale)}</time></td><td>${formatCount(v.rowCount, locale)}</td><td>${changesCell(ctx, t, v, older, tableCount)}</td><td>${v.files
      .filter((f) => f.format !== 'quality-report')
      .map(
        (f, j) =>
          html`${j ? html`<br>` : ''}<a id="version-${v.version}-${encodeURIComponent(f.name)}" href="${fileUrl(ctx.base, f.key)}">${f.name}</a>`,
      )}</td></tr>`;
  })}</tbody>
</table></div>
</section>`;
}

/** A plain-text citation: publisher, year, title, version, date, licence, URL. */
export function citation(ctx: PageContext, d: DatasetPageData): string {
  const m = d.dataset.metadata;
  const date = publishedAt(d.latest);
  return messagesOf(ctx).citation({
    publisher: pick(m.publisher.name, ctx.lang),
    year: isoDate(date).slice(0, 4),
    title: pick(m.title, ctx.lang),
    version: d.latest.version,
    date: formatDate(date, LOCALES[ctx.lang]),
    licence: m.licence.id,
    url: datasetPageUrl(ctx.base, m.id),
  });
}

/** `/dataset/<id>`: everything a citizen, journalist or researcher needs about one dataset. */
export function datasetPage(ctx: PageContext, d: DatasetPageData): string {
  const t = messagesOf(ctx);
  const locale = LOCALES[ctx.lang];
  const m = d.dataset.metadata;
  const title = pick(m.title, ctx.lang);
  const date = publishedAt(d.latest);
  const charted = (d.latest.charts ?? []).some((c) => c.bars.length > 0);
  // A reading, not a dump: the pictures and what the data are first, the downloads, then the
  // detail; checksums, links and code last, under "for developers".
  const sections: [string, string][] = [
    ...(charted ? ([['charts', t.charts]] as [string, string][]) : []),
    ['about', t.about],
    ['download', t.download],
    ...(d.latest.preview ? ([['preview', t.preview]] as [string, string][]) : []),
    ['columns', t.columns],
    ['never-published', t.neverPublished],
    ['versions', t.versions],
    ['cite', t.cite],
    ['developers', t.developers],
  ];
  return layout(ctx, {
    title,
    description: pick(m.description, ctx.lang),
    head: d.jsonLd === undefined ? undefined : new SafeHtml(`<script type="application/ld+json">${jsonForScript(d.jsonLd)}</script>`),
    body: html`<nav class="crumbs" aria-label="${t.breadcrumb}"><ol><li><a href="${pageHref(ctx, '/')}">${t.catalog}</a></li><li><span aria-current="page">${title}</span></li></ol></nav>
<h1 id="dataset">${title}</h1>
<p class="lead">${pick(m.description, ctx.lang)}</p>
<ul class="tags">${m.categories.map((c) => html`<li><a href="${pageHref(ctx, '/', { category: c.number })}">${t.category(c.number)} · ${pick(c, ctx.lang)}</a></li>`)}</ul>
<ul class="meta">
<li>${t.updated}: <time datetime="${date}">${formatDate(date, locale)}</time></li>
<li>${t.rows(formatCount(d.latest.rowCount, locale))}</li>
<li>${t.version} <code>${d.latest.version}</code></li>
<li>${t.licence}: ${m.licence.id}</li>
</ul>
<nav aria-label="${t.onThisPage}"><ul class="toc">${sections.map(([id, label]) => html`<li><a href="#${id}">${label}</a></li>`)}</ul></nav>
${chartsSection(ctx.lang, t, m, d.latest.charts)}
${aboutSection(ctx, t, d)}
${downloadsSection(ctx, t, d)}
${previewSection(ctx, t, d)}
${columnsSection(ctx, t, d)}
${strippedSection(ctx, t, d)}
${versionsSection(ctx, t, d)}
<section aria-labelledby="cite">
<h2 id="cite">${t.cite}</h2>
<p>${t.citeIntro}</p>
<p class="cite copy">${citation(ctx, d)}</p>
</section>
${developersSection(ctx, t, d)}`,
  });
}

/** `/dataset/<id>` in `lang`, for the API's route and the static site alike. */
export function renderDatasetPage(base: string, lang: Lang, entry: CatalogEntry): string {
  const ctx = { base, lang, path: `/dataset/${encodeURIComponent(entry.dataset.id)}`, query: {} };
  return datasetPage(ctx, { ...entry, jsonLd: schemaOrgDataset(entry, base) });
}
