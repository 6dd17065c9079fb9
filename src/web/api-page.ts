import { openApiDocument } from '../catalog/formats/openapi.ts';
import { html } from './html.ts';
import { MESSAGES, type Lang } from './i18n.ts';
import { layout } from './layout.ts';

interface Operation {
  summary: string;
  description: string;
  parameters?: { name: string; in: string; required?: boolean; description: string }[];
  responses: Record<string, { description: string }>;
}

/** `/api`: the OpenAPI description as a page, address by address; `/openapi.json` is the same as data. */
export function renderApiPage(base: string, lang: Lang): string {
  const t = MESSAGES[lang];
  const ctx = { base, lang, path: '/api', query: {} };
  const doc = openApiDocument(base);
  const operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  return layout(ctx, {
    title: t.apiTitle,
    description: t.apiIntro,
    body: html`<h1>${t.apiTitle}</h1>
<p class="lead">${t.apiIntro}</p>
<p><a class="button" href="${base}/openapi.json">openapi.json (OpenAPI 3.1)</a></p>
${operations.map(
  ({ path, method, op }) => html`<section class="card" aria-labelledby="${`op-${method}-${path}`.replace(/[^a-z0-9-]/gi, '-')}">
<h2 id="${`op-${method}-${path}`.replace(/[^a-z0-9-]/gi, '-')}"><code>${method} ${path}</code></h2>
<p><strong>${op.summary}</strong></p>
<p lang="en">${op.description}</p>
${
  op.parameters?.length
    ? html`<div class="box"><table class="stack"><thead><tr><th scope="col">${t.apiParameter}</th><th scope="col">${t.apiWhere}</th><th scope="col">${t.columnDescription}</th></tr></thead>
<tbody lang="en">${op.parameters.map((p) => html`<tr><td><code>${p.name}</code>${p.required ? ' *' : ''}</td><td>${p.in}</td><td>${p.description}</td></tr>`)}</tbody></table></div>`
    : ''
}
<p class="muted"><small>${t.apiResponses}: ${Object.entries(op.responses).map(([code, r], i) => html`${i ? ' · ' : ''}<code>${code}</code> <span lang="en">${r.description}</span>`)}</small></p>
</section>`,
)}`,
  });
}
