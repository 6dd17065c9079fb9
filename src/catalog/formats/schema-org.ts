import type { CatalogEntry } from '../queries.ts';
import { datasetPageUrl, fileUrl } from '../urls.ts';
import { bareMediaType, catalogIris, datasetIdentifier, fileTitle, isDataFile, PORTAL, publishedAt, temporalCoverage } from './common.ts';

/**
 * schema.org `Dataset` for one dataset page (what dataset search engines read). It describes the
 * latest version; `@id` is the same IRI as in the DCAT-AP catalog. Embed it with
 * `jsonForScript` inside `<script type="application/ld+json">`.
 */
export function schemaOrgDataset({ dataset, latest, versions }: CatalogEntry, base: string) {
  const m = dataset.metadata;
  const oldest = versions[versions.length - 1] ?? latest;
  const period = temporalCoverage(versions, latest);
  const organization = {
    '@type': 'GovernmentOrganization',
    name: m.publisher.name.vi,
    alternateName: m.publisher.name.en,
    url: m.publisher.url,
    email: m.publisher.email,
  };
  return {
    '@context': 'https://schema.org',
    '@type': 'Dataset',
    '@id': catalogIris(base).dataset(m.id),
    name: m.title.vi,
    alternateName: m.title.en,
    description: `${m.description.vi}\n\n${m.description.en}`,
    url: datasetPageUrl(base, m.id),
    identifier: datasetIdentifier(m.id),
    version: latest.version,
    inLanguage: ['vi', 'en'],
    license: m.licence.url,
    isAccessibleForFree: true,
    keywords: [...m.keywords.vi, ...m.keywords.en],
    datePublished: publishedAt(oldest),
    dateModified: publishedAt(latest),
    temporalCoverage: `${period.start}/${period.end}`,
    spatialCoverage: { '@type': 'Country', name: 'Việt Nam', alternateName: 'Viet Nam', identifier: 'VN' },
    creator: organization,
    publisher: organization,
    includedInDataCatalog: { '@type': 'DataCatalog', name: PORTAL.title.vi, url: `${base}/` },
    // What each column holds, once per name across the tables.
    variableMeasured: [...new Map(m.tables.flatMap((t) => t.columns).map((c) => [c.name, c])).values()].map((c) => ({
      '@type': 'PropertyValue',
      name: c.name,
      alternateName: [c.title.vi, c.title.en],
      description: c.description.vi,
    })),
    // The decree the data are published under: what a user of the data should cite besides it.
    citation: {
      '@type': 'Legislation',
      name: m.legalBasis.title.vi,
      alternateName: m.legalBasis.title.en,
      legislationIdentifier: m.legalBasis.id,
    },
    distribution: latest.files.filter(isDataFile).map((f) => ({
      '@type': 'DataDownload',
      name: fileTitle(m, f).vi,
      contentUrl: fileUrl(base, f.key),
      encodingFormat: bareMediaType(f.mediaType),
      contentSize: `${f.bytes} B`,
      sha256: f.sha256,
    })),
  };
}

/** JSON safe inside an HTML `<script>` element: no `</` (so no `</script>`) and no `<!--`. */
export const jsonForScript = (value: unknown): string => JSON.stringify(value).replace(/<\//g, '<\\/').replace(/<!--/g, '<\\u0021--');
