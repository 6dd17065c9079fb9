import type { Localized } from '../../policy/dataset-definition.ts';
import type { CatalogEntry } from '../queries.ts';
import { datasetApiUrl, datasetPageUrl, fileUrl } from '../urls.ts';
import {
  bareMediaType,
  datasetIdentifier,
  FILE_KINDS,
  fileTitle,
  frequencyOf,
  isDataFile,
  temporalCoverage,
  publishedAt,
} from './common.ts';

/**
 * `/data.json`: Project Open Data (DCAT-US) v1.1. It has no notion of versions, so each dataset
 * lists the files of its latest version (immutable URLs); `describedBy` points at that version's
 * datapackage.json. Single-string fields hold Vietnamese, then English after " / ".
 * `bureauCode` and `programCode` are US federal budget codes and are left out.
 */

const both = (text: Localized): string => `${text.vi} / ${text.en}`;

export function dataJson(entries: CatalogEntry[], base: string) {
  return {
    '@context': 'https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld',
    '@id': `${base}/data.json`,
    '@type': 'dcat:Catalog',
    conformsTo: 'https://project-open-data.cio.gov/v1.1/schema',
    describedBy: 'https://project-open-data.cio.gov/v1.1/schema/catalog.json',
    dataset: entries.map(({ dataset, latest, versions }) => {
      const m = dataset.metadata;
      const oldest = versions[versions.length - 1] ?? latest;
      const period = temporalCoverage(versions, latest);
      const dataPackage = latest.files.find((f) => f.format === 'datapackage');
      const frequency = frequencyOf(m);
      return {
        '@type': 'dcat:Dataset',
        identifier: datasetIdentifier(m.id),
        title: both(m.title),
        description: `${m.description.vi}\n\n${m.description.en}`,
        keyword: [...m.keywords.vi, ...m.keywords.en],
        issued: publishedAt(oldest),
        modified: publishedAt(latest),
        publisher: { '@type': 'org:Organization', name: both(m.publisher.name) },
        contactPoint: { '@type': 'vcard:Contact', fn: both(m.publisher.name), hasEmail: `mailto:${m.publisher.email}` },
        accessLevel: 'public',
        license: m.licence.url,
        spatial: 'Việt Nam / Viet Nam',
        temporal: `${period.start}/${period.end}`,
        ...(frequency ? { accrualPeriodicity: frequency.iso } : {}),
        theme: m.categories.map((c) => both(c)),
        language: ['vi', 'en'],
        landingPage: datasetPageUrl(base, m.id),
        ...(dataPackage ? { describedBy: fileUrl(base, dataPackage.key), describedByType: 'application/json' } : {}),
        references: [datasetApiUrl(base, m.id)],
        distribution: latest.files
          .filter((f) => isDataFile(f) || f.format === 'datapackage')
          .map((f) => ({
            '@type': 'dcat:Distribution',
            title: both(fileTitle(m, f)),
            description: both(FILE_KINDS[f.format].description),
            downloadURL: fileUrl(base, f.key),
            mediaType: bareMediaType(f.mediaType),
            format: FILE_KINDS[f.format].label,
            ...(FILE_KINDS[f.format].conformsTo ? { conformsTo: FILE_KINDS[f.format].conformsTo!.iri } : {}),
            ...(dataPackage && isDataFile(f) ? { describedBy: fileUrl(base, dataPackage.key), describedByType: 'application/json' } : {}),
          })),
      };
    }),
  };
}
