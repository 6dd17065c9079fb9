import type { DatasetRecord, VersionRecord } from '../catalog/model.ts';
import { fileView, versionView, visibleVersions } from '../catalog/views.ts';
import { datasetPageUrl } from '../catalog/urls.ts';
import { formatBytes, formatCount, html } from './html.ts';
import { layout } from './layout.ts';
import { suppressionNote } from '../formats/datapackage.ts';

const FORMAT_LABELS: Record<string, string> = {
  csv: 'CSV',
  parquet: 'Parquet',
  datapackage: 'datapackage.json',
  'quality-report': 'Báo cáo chất lượng',
};

function downloads(base: string, version: VersionRecord) {
  return version.files.map((f) => {
    const view = fileView(base, f);
    return html`<a class="button" href="${view.url}" download>${FORMAT_LABELS[f.format] ?? f.name} <span class="muted">(${formatBytes(f.bytes)})</span></a>`;
  });
}

export function homePage(base: string, datasets: { dataset: DatasetRecord; latest?: VersionRecord }[]): string {
  const cards = datasets.map(({ dataset, latest }) => {
    const m = dataset.metadata;
    return html`<article class="card">
<h2><a href="${datasetPageUrl(base, m.id)}">${m.title.vi}</a></h2>
<p class="en">${m.title.en}</p>
<p>${m.description.vi}</p>
<ul class="tags">${m.categories.map((c) => html`<li>Nhóm ${c.number}: ${c.vi}</li>`)}</ul>
${
  latest
    ? html`<p class="muted">Cập nhật / updated ${latest.publishedAt?.slice(0, 10) ?? ''} · ${formatCount(latest.rowCount)} dòng / rows · phiên bản / version <code>${latest.version}</code></p>
<p>${downloads(base, latest)}</p>`
    : ''
}
</article>`;
  });
  return layout(
    'Danh mục dữ liệu',
    html`<h1>Danh mục dữ liệu mở <span class="en">/ Open data catalog</span></h1>
<p>${formatCount(datasets.length)} bộ dữ liệu. Mỗi phiên bản có đường dẫn cố định, tải về dạng CSV (mở được bằng Excel) và Parquet (cho DuckDB, pandas, R).</p>
<p class="en">Every version has a stable link; download CSV for spreadsheets, Parquet for DuckDB, pandas or R.</p>
${cards}`,
  );
}

export function datasetPage(base: string, dataset: DatasetRecord, versions: VersionRecord[]): string {
  const m = dataset.metadata;
  const visible = visibleVersions(dataset, versions);
  const latest = visible.find((v) => v.version === dataset.latestVersion);
  return layout(
    m.title.vi,
    html`<h1>${m.title.vi}</h1><p class="en">${m.title.en}</p>
<p>${m.description.vi}</p><p class="en">${m.description.en}</p>
<ul class="tags">${m.categories.map((c) => html`<li>Nhóm ${c.number}: ${c.vi}</li>`)}</ul>
<p>Cơ sở pháp lý / legal basis: ${m.legalBasis.id}, Điều 5 nhóm ${m.categories.map((c) => c.number).join(', ')}, Điều ${m.scope.join(', ')} · Giấy phép / licence: <a href="${m.licence.url}">${m.licence.title}</a> · Cập nhật / updates: ${m.updateFrequency.vi} (${m.updateFrequency.en})</p>
${latest ? html`<h2>Tải về / Download</h2><p>${downloads(base, latest)}</p>` : ''}
${m.tables.map(
  (t) => html`<h2>${t.title ? html`${t.title.vi} <span class="en">/ ${t.title.en}</span>` : 'Cột dữ liệu / Columns'}</h2>
<table><thead><tr><th>Tên / name</th><th>Kiểu / type</th><th>Mô tả / description</th></tr></thead><tbody>
${t.columns.map((c) => html`<tr><td><code>${c.name}</code><br>${c.title.vi}</td><td>${c.type}</td><td>${c.description.vi}<br><span class="en">${c.description.en}</span></td></tr>`)}
</tbody></table>`,
)}
${m.disclosureK ? html`<p>${suppressionNote(m.disclosureK)}</p>` : ''}
<h2>Không công bố / Never published</h2>
<table><thead><tr><th>Trường nguồn / source field</th><th>Lý do / reason</th></tr></thead><tbody>
${m.closedFields.map((f) => html`<tr><td><code>${f.field}</code></td><td>${f.reason.vi} (${f.provision})<br><span class="en">${f.reason.en}</span></td></tr>`)}
</tbody></table>
<h2>Các phiên bản / Versions</h2>
<table><thead><tr><th>Phiên bản / version</th><th>Ngày / date</th><th>Số dòng / rows</th><th>Tệp / files</th></tr></thead><tbody>
${visible.map((v) => {
  const view = versionView(base, v);
  return html`<tr><td><code>${v.version}</code></td><td>${view.publishedAt.slice(0, 10)}</td><td>${formatCount(v.rowCount)}</td><td>${view.files.map((f) => html`<a href="${f.url}">${f.name}</a> <span class="muted">${formatBytes(f.bytes)}</span><br>`)}</td></tr>`;
})}
</tbody></table>`,
  );
}
