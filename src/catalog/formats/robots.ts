/**
 * `/robots.txt`: crawlers are welcome on the pages and the documents; searches and the JSON API
 * are endless variations of them, so they are left out; the sitemap lists every page.
 */
export const robotsTxt = (base: string): string =>
  ['User-agent: *', 'Disallow: /api/', 'Disallow: /?q=', 'Disallow: /*&q=', 'Allow: /', `Sitemap: ${base}/sitemap.xml`, ''].join('\n');

/** `/favicon.svg`: the site's mark, a white cross on the accent green (the header's colours). */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b6e4f"/><path d="M13 6h6v7h7v6h-7v7h-6v-7H6v-6h7z" fill="#fff"/></svg>';
