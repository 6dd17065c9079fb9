// CloudFront Function (runtime cloudfront-js-2.0), viewer request, on the distribution's default
// behaviour (infra/constructs/edge.ts). The same file runs in the local server and the tests
// (src/site/viewer-request.ts loads it), so it stays plain script: no modules, no imports.
//
// It maps a URL the static site answers onto its object in the public bucket (src/site/paths.ts:
// `site/<lang>/index.html`, `site/<lang>/dataset/<id>.html`, `site/api/….json`, `site/<document>`)
// and drops the query string, which then matters neither to the cache nor to S3. Anything else
// (a search, paging, a bad `lang`, any parameter of a JSON API URL, the download redirects, a
// path it does not know) goes on
// unchanged: the bucket has no object there, and CloudFront falls back to the API, which answers
// a rewritten request too when its object is missing (an unknown dataset, a withdrawn version).

var DOCUMENTS = {
  '/catalog.jsonld': true,
  '/catalog.ttl': true,
  '/data.json': true,
  '/feed.atom': true,
  '/catalog.csv': true,
  '/sitemap.xml': true,
  '/robots.txt': true,
  '/favicon.svg': true,
  '/openapi.json': true,
};
// Dataset ids as definitions allow them (DATASET_ID_PATTERN); versions are UTC timestamps.
var API = /^\/api\/datasets(\/[a-z][a-z0-9-]{0,63}(\/versions(\/(latest|[0-9]{8}T[0-9]{6}Z))?)?)?$/;
var PAGE = /^\/(dataset\/[a-z][a-z0-9-]{0,63})?$/;
// What makes `/` and `/api/datasets` a search rather than the catalog's first page.
var SEARCH = ['q', 'category', 'kind', 'sort', 'page', 'per_page'];

// A parameter's value: '' when absent, undefined when repeated (the API decides what that means).
function param(querystring, name) {
  var p = Object.prototype.hasOwnProperty.call(querystring, name) ? querystring[name] : undefined;
  if (p === undefined) return '';
  if (p.multiValue && p.multiValue.length > 1) return undefined;
  return p.value;
}

function isSearch(querystring) {
  for (var i = 0; i < SEARCH.length; i++) if (param(querystring, SEARCH[i]) !== '') return true;
  return false;
}

function toObject(request, uri) {
  request.uri = uri;
  request.querystring = {};
  return request;
}

function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var query = request.querystring || {};
  // The bucket's own names are no URLs of the site: nothing answers them.
  if (uri.indexOf('/site/') === 0) {
    request.uri = '/_unrouted' + uri;
    return request;
  }
  if (DOCUMENTS[uri] === true) return toObject(request, '/site' + uri);
  if (API.test(uri)) {
    // Any parameter is the API's to read or refuse (it names the ones an address takes).
    for (var name in query) if (Object.prototype.hasOwnProperty.call(query, name)) return request;
    return toObject(request, '/site' + uri + '.json');
  }
  if (PAGE.test(uri)) {
    var lang = param(query, 'lang');
    if (lang === '') lang = 'vi';
    if (lang !== 'vi' && lang !== 'en') return request;
    if (uri === '/' && isSearch(query)) return request;
    return toObject(request, '/site/' + lang + (uri === '/' ? '/index' : uri) + '.html');
  }
  return request;
}
