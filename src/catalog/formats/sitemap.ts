import type { CatalogEntry } from '../queries.ts';
import { datasetPageUrl } from '../urls.ts';
import { xml } from './atom.ts';
import { publishedAt } from './common.ts';

/**
 * `/sitemap.xml` (sitemaps.org 0.9): the catalog page and every dataset page, each in Vietnamese
 * and in English (`?lang=en`), with the date of the latest version (the catalog page: the newest
 * of them), and each page's other language as an `hreflang` alternate.
 */
export function sitemap(entries: CatalogEntry[], base: string): string {
  const newest = entries
    .map((e) => publishedAt(e.latest))
    .sort()
    .at(-1);
  const pages = [
    { vi: `${base}/`, lastmod: newest },
    ...entries.map((e) => ({ vi: datasetPageUrl(base, e.dataset.id), lastmod: publishedAt(e.latest) })),
  ];
  const url = (loc: string, page: { vi: string; lastmod?: string }) =>
    [
      '<url>',
      `<loc>${xml(loc)}</loc>`,
      ...(page.lastmod ? [`<lastmod>${xml(page.lastmod)}</lastmod>`] : []),
      `<xhtml:link rel="alternate" hreflang="vi" href="${xml(page.vi)}"/>`,
      `<xhtml:link rel="alternate" hreflang="en" href="${xml(`${page.vi}?lang=en`)}"/>`,
      '</url>',
    ].join('');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...pages.flatMap((page) => [url(page.vi, page), url(`${page.vi}?lang=en`, page)]),
    '</urlset>',
    '',
  ].join('\n');
}
