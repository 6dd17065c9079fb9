import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { siteKey, siteUrlOf, SITE_PREFIX, type SiteUrl } from '../../src/site/paths.ts';
import { CATALOG_DOCUMENTS } from '../../src/site/render.ts';
import { edgeQuerystring, loadViewerRequest, VIEWER_REQUEST_SOURCE } from '../../src/site/viewer-request.ts';

const viewerRequest = loadViewerRequest();

/** The path and query CloudFront forwards after the function, for a URL as a viewer sends it. */
function route(url: string): string {
  const [uri, query = ''] = url.split('?') as [string, string?];
  const out = viewerRequest({ request: { method: 'GET', uri, querystring: edgeQuerystring(query) } });
  const qs = Object.entries(out.querystring).flatMap(([name, p]) => (p.multiValue ?? [p]).map(({ value }) => `${name}=${value}`));
  return `${out.uri}${qs.length ? `?${qs.join('&')}` : ''}`;
}

/** Every kind of URL the static site answers. */
const SITE_URLS: SiteUrl[] = [
  { path: '/', lang: 'vi' },
  { path: '/', lang: 'en' },
  { path: '/dataset/births', lang: 'vi' },
  { path: '/dataset/health-insurance-coverage', lang: 'en' },
  { path: '/api/datasets' },
  { path: '/api/datasets/births' },
  { path: '/api/datasets/births/versions' },
  { path: '/api/datasets/births/versions/20261125T215222Z' },
  { path: '/api/datasets/births/versions/latest' },
  ...CATALOG_DOCUMENTS.map((d) => ({ path: d.path })),
];

const viewerUrl = ({ path, lang }: SiteUrl) => `${path}${lang === 'en' ? '?lang=en' : ''}`;

describe('the CloudFront Function and the static site agree', () => {
  it('maps every URL the site answers onto the object the renderer writes, and the API maps it back', () => {
    for (const url of SITE_URLS) {
      const key = siteKey(url);
      expect({ url, routed: route(viewerUrl(url)) }).toEqual({ url, routed: `/${key}` });
      expect(key.startsWith(SITE_PREFIX)).toBe(true);
      expect(siteUrlOf(`/${key}`)).toEqual(url);
    }
    expect(new Set(SITE_URLS.map(siteKey)).size).toBe(SITE_URLS.length);
  });

  it('drops the query string of a static answer: the cache key and the object are the path alone', () => {
    expect(route('/?lang=vi')).toBe('/site/vi/index.html');
    expect(route('/?lang=')).toBe('/site/vi/index.html');
    expect(route('/?lang=en&q=&category=&page=&per_page=')).toBe('/site/en/index.html');
    expect(route('/?utm_source=x')).toBe('/site/vi/index.html');
    expect(route('/dataset/births?lang=en&q=sinh')).toBe('/site/en/dataset/births.html');
    expect(route('/data.json?page=2')).toBe('/site/data.json');
  });

  it('leaves searches, paging, bad languages and everything else to the API, query string and all', () => {
    for (const url of [
      '/?q=sinh',
      '/?category=11',
      '/?sort=title',
      '/?kind=registry&lang=en',
      '/?page=2',
      '/?per_page=5&lang=en',
      '/?q=%20',
      '/api/datasets?q=benh%20vien',
      '/api/datasets?page=abc',
      // The JSON API refuses parameters an address does not take: the API, not the bucket, answers.
      '/api/datasets?lang=en',
      '/api/datasets/births/versions?x=1',
      '/api/datasets/births?pag=2',
      '/?lang=fr',
      '/dataset/births?lang=EN',
      '/dataset/births?lang=en&lang=vi',
      '/api/datasets/births/latest/births.csv',
      '/api/datasets/births/versions/20261125T215222Z/births.csv',
      '/api/datasets/births/versions/v1',
      '/api/datasets/',
      '/dataset/births/',
      '/dataset/Births',
      '/dataset/b%69rths',
      '/dataset/',
      '/api/3/action/package_search?q=sinh',
      '/api/action/package_list',
      '/api/3',
      '/catalog.json',
      '/feed.atom/',
      '/nope',
      '//dataset/births',
    ]) {
      expect({ url, routed: route(url) }).toEqual({ url, routed: url });
    }
  });

  it("never lets a viewer address the bucket's own names", () => {
    expect(route('/site/vi/index.html')).toBe('/_unrouted/site/vi/index.html');
    expect(route('/site/api/datasets.json?versionId=x')).toBe('/_unrouted/site/api/datasets.json?versionId=x');
    expect(siteUrlOf('/_unrouted/site/vi/index.html')).toBeUndefined();
  });

  it('answers nothing but object paths of the site in the inverse', () => {
    for (const path of ['/', '/api/datasets', '/site/', '/site/fr/index.html', '/site/vi/other.html', '/site/api/datasets', '/site/a/b']) {
      expect({ path, url: siteUrlOf(path) }).toEqual({ path, url: undefined });
    }
  });

  it('is a plain ES5 script, small enough for CloudFront Functions (10 KB), using nothing of Node', () => {
    const source = readFileSync(VIEWER_REQUEST_SOURCE, 'utf8');
    expect(Buffer.byteLength(source)).toBeLessThan(10 * 1024);
    const code = source.replace(/\/\/.*$/gm, '').replace(/'[^'\n]*'/g, "''");
    expect(code).not.toMatch(/=>|\blet\b|\bconst\b|`|\bclass\b|\bimport\b|\bexport\b|\brequire\b|\bprocess\b/);
    expect(code).toMatch(/^function handler\(event\) \{$/m);
  });
});
