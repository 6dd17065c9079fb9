import { html } from './html.ts';
import { MESSAGES, type Lang } from './i18n.ts';
import { layout } from './layout.ts';
import { pageHref } from './context.ts';

/**
 * The page a person lands on when a page cannot be shown (a mistyped address, a withdrawn
 * dataset, a bad search parameter), in the page's language: what happened in plain words, the
 * public message of the error, and the way back to the catalog.
 */
export function errorPage(base: string, lang: Lang, error: { status: number; message: string }): string {
  const t = MESSAGES[lang];
  const ctx = { base, lang, path: '/', query: {} };
  const { title, explanation } = t.errorPage(error.status);
  return layout(ctx, {
    title,
    body: html`<h1 id="error">${title}</h1>
<p class="lead">${explanation}</p>
<p class="muted"><small>${error.status} · ${error.message}</small></p>
<p><a class="button" href="${pageHref(ctx, '/')}">${t.backToCatalog}</a></p>`,
  });
}
