import { MESSAGES, type Lang, type Messages } from './i18n.ts';

/** What every page needs to know about the request it answers. */
export interface PageContext {
  /** Public origin of the site (PUBLIC_BASE_URL). */
  base: string;
  lang: Lang;
  /** The page's own path (`/`, `/dataset/<id>`), built by the route, never echoed from the request. */
  path: string;
  /** The query parameters the page understands, already validated. */
  query: Record<string, string | undefined>;
}

export const messagesOf = (ctx: PageContext): Messages => MESSAGES[ctx.lang];

/** A link inside the site that keeps the language: Vietnamese is the default, so only `lang=en` is written. */
export function pageHref(
  ctx: Pick<PageContext, 'base' | 'lang'>,
  path: string,
  params: Record<string, string | number | undefined> = {},
  lang = ctx.lang,
): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
  if (lang !== 'vi') search.set('lang', lang);
  const qs = search.toString();
  return `${ctx.base}${path}${qs ? `?${qs}` : ''}`;
}

/** The same page and query in the other language. */
export const switchLangHref = (ctx: PageContext): string => {
  const { lang: _ignored, ...query } = ctx.query;
  return pageHref(ctx, ctx.path, query, MESSAGES[ctx.lang].otherLanguage.lang);
};
