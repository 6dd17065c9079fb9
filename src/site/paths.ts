import { LANGS, type Lang } from '../web/i18n.ts';

/**
 * Where the rendered catalog lives in the public bucket, and which URL each object answers.
 * CloudFront's viewer-request function (src/site/viewer-request.js) maps a request onto these
 * keys; test/unit/site-router.test.ts holds the two to the same mapping.
 *
 * - pages: `/` and `/dataset/<id>` in each language → `site/<lang>/index.html`, `site/<lang>/dataset/<id>.html`
 * - catalog JSON: `/api/datasets[/<id>[/versions[/<version>|latest]]]` → `site/api/…​.json`
 * - catalog documents: `/data.json`, `/catalog.ttl`, … → `site/data.json`, `site/catalog.ttl`, …
 */
export const SITE_PREFIX = 'site/';

/** A URL the static site answers: a path, and for pages the language (`?lang=`). */
export interface SiteUrl {
  path: string;
  lang?: Lang;
}

export function siteKey({ path, lang }: SiteUrl): string {
  if (lang) return `${SITE_PREFIX}${lang}${path === '/' ? '/index' : path}.html`;
  if (path.startsWith('/api/')) return `${SITE_PREFIX}${path.slice(1)}.json`;
  return `${SITE_PREFIX}${path.slice(1)}`;
}

/**
 * The inverse: the URL a viewer asked for, from the object path CloudFront asked the bucket for
 * (`/site/…`). The API receives that path when the object is missing (CloudFront then falls back
 * to it with the rewritten request: an unknown dataset, a withdrawn version, a site not yet
 * rendered) and answers the original URL. Undefined for anything else.
 */
export function siteUrlOf(objectPath: string): SiteUrl | undefined {
  if (!objectPath.startsWith(`/${SITE_PREFIX}`)) return undefined;
  const rest = objectPath.slice(SITE_PREFIX.length);
  const page = /^\/(vi|en)(\/index|\/dataset\/[^/]+)\.html$/.exec(rest);
  if (page) {
    const lang = page[1] as Lang;
    if (!LANGS.includes(lang)) return undefined;
    return { path: page[2] === '/index' ? '/' : page[2]!, lang };
  }
  const api = /^(\/api\/.+)\.json$/.exec(rest);
  if (api) return { path: api[1]! };
  if (/^\/[^/]+$/.test(rest)) return { path: rest };
  return undefined;
}

/** The query string that chose the language: Vietnamese is the default and is written as no query. */
export const langQuery = (lang: Lang | undefined): string => (lang && lang !== 'vi' ? `lang=${lang}` : '');
