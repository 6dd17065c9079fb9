import { DECREE } from '../../policy/decree-102.ts';
import type { DatasetMetadata, VersionFile, VersionRecord } from '../model.ts';
import type { CatalogEntry } from '../queries.ts';
import { datasetPageUrl, fileUrl } from '../urls.ts';
import {
  bareMediaType,
  catalogIris,
  datasetIdentifier,
  FILE_KINDS,
  fileTitle,
  frequencyOf,
  isDataFile,
  PORTAL,
  temporalCoverage,
  publishedAt,
  versionIdentifier,
  versionSummary,
  type Portal,
} from './common.ts';
import { literal, localized, node, PREFIXES, ref, toTurtle, typed, type JsonLdDocument, type Node, type Value } from './rdf.ts';

/**
 * DCAT-AP 3.0.1 (with the HealthDCAT-AP properties that fit open data) for the whole catalog.
 *
 * Versions. Each dataset is a `dcat:DatasetSeries` and each published version a `dcat:Dataset`
 * member of it (`dcat:inSeries`, `dcat:version`, `adms:versionNotes`, `dcat:prev` and
 * `dcat:previousVersion` to the version before; the series names its `dcat:first` and
 * `dcat:last`). Only versions carry distributions (their immutable files); the series carries the
 * description shared by every version. The series is also typed `dcat:Dataset`: DCAT says a
 * series is a dataset, but the SHACL validator does no RDFS inference and `dcat:dataset` on the
 * catalog requires a `dcat:Dataset`. The catalog lists the series and every member, so a
 * harvester that ignores series still gets every version with its files.
 *
 * Every IRI used as the object of a class-constrained property (publisher, themes, licence,
 * access rights, media types…) is typed in the graph, because SHACL `sh:class` reads only the
 * data graph.
 */

const EU = 'http://publications.europa.eu/resource/authority';
const IANA_MEDIA_TYPES = 'http://www.iana.org/assignments/media-types';
const VIET_NAM = `${EU}/country/VNM`;
const DATA_THEME_SCHEME = `${EU}/data-theme`;
const HEALTH_THEME = `${EU}/data-theme/HEAL`;
const PUBLIC_ACCESS = `${EU}/access-right/PUBLIC`;
const LANGUAGES = [`${EU}/language/VIE`, `${EU}/language/ENG`];
const SHA256 = 'spdx:checksumAlgorithm_sha256';

export function dcatApDocument(entries: CatalogEntry[], base: string, portal: Portal = PORTAL): JsonLdDocument {
  const iris = catalogIris(base);
  /** Typed nodes for IRIs used as values, once each, after the catalog's own nodes. */
  const described = new Map<string, Node>();
  const describe = (n: Node): Value => {
    const id = n['@id']!;
    if (!described.has(id)) described.set(id, n);
    return ref(id);
  };

  const agent = (p: DatasetMetadata['publisher']): Value =>
    describe(
      node(iris.organization(p.url), ['foaf:Agent', 'foaf:Organization'], {
        'foaf:name': localized(p.name),
        'foaf:homepage': ref(p.url),
        'foaf:mbox': ref(`mailto:${p.email}`),
      }),
    );
  const contactPoint = (p: DatasetMetadata['publisher']): Node =>
    node(undefined, ['vcard:Kind', 'vcard:Organization'], {
      'vcard:fn': localized(p.name),
      'vcard:hasEmail': ref(`mailto:${p.email}`),
      'vcard:hasURL': ref(p.url),
    });
  const concept = (id: string, types: string[], props: Record<string, Value | Value[]>): Value => describe(node(id, types, props));
  const themes = (m: DatasetMetadata): Value[] => [
    concept(HEALTH_THEME, ['skos:Concept'], {
      'skos:prefLabel': localized({ vi: 'Y tế', en: 'Health' }),
      'skos:inScheme': ref(DATA_THEME_SCHEME),
    }),
    ...m.categories.map((c) =>
      concept(iris.category(c.number), ['skos:Concept'], {
        'skos:prefLabel': localized(c),
        'skos:notation': literal(String(c.number)),
        'skos:inScheme': ref(iris.categoryScheme),
      }),
    ),
  ];
  const typedRef = (iri: string, type: string): Value => describe(node(iri, [type], {}));
  const document = (iri: string): Value => typedRef(iri, 'foaf:Document');
  const licence = (m: DatasetMetadata): Value =>
    describe(
      node(m.licence.url, ['dct:LicenseDocument'], { 'dct:title': literal(m.licence.title), 'dct:identifier': literal(m.licence.id) }),
    );
  const legislation = (): Value =>
    describe(
      node(iris.legislation, ['eli:LegalResource'], {
        'dct:title': localized(DECREE.title),
        'eli:id_local': literal(DECREE.id),
        'eli:first_date_entry_in_force': typed(DECREE.inForce, 'xsd:date'),
      }),
    );
  const period = (p: { start: string; end: string }): Node =>
    node(undefined, ['dct:PeriodOfTime'], { 'dcat:startDate': typed(p.start, 'xsd:date'), 'dcat:endDate': typed(p.end, 'xsd:date') });
  const standard = (s: { iri: string; title: string } | undefined): Value | undefined =>
    s && describe(node(s.iri, ['dct:Standard'], { 'dct:title': literal(s.title) }));

  /** What the series and every version say alike. */
  const common = (m: DatasetMetadata) => ({
    'dct:description': localized(m.description),
    'dcat:keyword': [...m.keywords.vi.map((k) => literal(k, 'vi')), ...m.keywords.en.map((k) => literal(k, 'en'))],
    'dcat:theme': themes(m),
    'dct:publisher': agent(m.publisher),
    'dcat:contactPoint': contactPoint(m.publisher),
    'dct:license': licence(m),
    'dct:accessRights': typedRef(PUBLIC_ACCESS, 'dct:RightsStatement'),
    'dct:spatial': typedRef(VIET_NAM, 'dct:Location'),
    'dct:language': LANGUAGES.map((l) => typedRef(l, 'dct:LinguisticSystem')),
    'dcatap:applicableLegislation': legislation(),
    'dcat:landingPage': document(datasetPageUrl(base, m.id)),
    'dct:provenance': node(undefined, ['dct:ProvenanceStatement'], {
      'rdfs:label': localized({
        vi: `Nguồn: ${m.source.vi}. ${m.kind === 'aggregate' ? 'Số liệu tổng hợp, các số nhỏ được ẩn' : 'Sổ đăng ký'}; các trường không phải dữ liệu mở được loại bỏ trước khi công bố (Nghị định 102/2025/NĐ-CP).`,
        en: `Source: ${m.source.en}. ${m.kind === 'aggregate' ? 'Aggregated counts, small counts suppressed' : 'Register'}; fields that are not open data are removed before publication (Decree 102/2025/ND-CP).`,
      }),
    }),
  });

  const distribution = (m: DatasetMetadata, v: VersionRecord, file: VersionFile): Node => {
    const url = fileUrl(base, file.key);
    const kind = FILE_KINDS[file.format];
    return node(iris.distribution(m.id, v.version, file.name), ['dcat:Distribution'], {
      'dct:title': localized(fileTitle(m, file)),
      'dct:description': localized(kind.description),
      'dcat:accessURL': ref(url),
      'dcat:downloadURL': ref(url),
      'dcat:mediaType': typedRef(`${IANA_MEDIA_TYPES}/${bareMediaType(file.mediaType)}`, 'dct:MediaType'),
      'dct:format': typedRef(`${EU}/file-type/${kind.euFileType}`, 'dct:MediaTypeOrExtent'),
      'dcat:byteSize': typed(file.bytes, 'xsd:nonNegativeInteger'),
      'spdx:checksum': node(undefined, ['spdx:Checksum'], {
        'spdx:algorithm': typedRef(SHA256, 'spdx:ChecksumAlgorithm'),
        'spdx:checksumValue': typed(file.sha256, 'xsd:hexBinary'),
      }),
      'dct:conformsTo': standard(kind.conformsTo),
      'dct:license': licence(m),
      'dct:issued': typed(publishedAt(v), 'xsd:dateTime'),
      'dcatap:applicableLegislation': legislation(),
    });
  };

  const datasetNodes = entries.flatMap(({ dataset, latest, versions }) => {
    const m = dataset.metadata;
    const frequency = frequencyOf(m);
    const oldest = versions[versions.length - 1] ?? latest;
    const series = node(iris.dataset(m.id), ['dcat:DatasetSeries', 'dcat:Dataset'], {
      'dct:identifier': literal(datasetIdentifier(m.id)),
      'dct:title': localized(m.title),
      ...common(m),
      'dct:temporal': period(temporalCoverage(versions, latest)),
      'dct:issued': typed(publishedAt(oldest), 'xsd:dateTime'),
      'dct:modified': typed(publishedAt(latest), 'xsd:dateTime'),
      'dct:accrualPeriodicity': frequency && typedRef(`${EU}/frequency/${frequency.eu}`, 'dct:Frequency'),
      'dcat:first': ref(iris.version(m.id, oldest.version)),
      'dcat:last': ref(iris.version(m.id, latest.version)),
    });
    const visible = new Set(versions.map((v) => v.version));
    const members = versions.flatMap((v) => {
      const files = v.files.filter((f) => isDataFile(f) || f.format === 'datapackage');
      const report = v.files.find((f) => f.format === 'quality-report');
      const previous = v.previousVersion && visible.has(v.previousVersion) ? ref(iris.version(m.id, v.previousVersion)) : undefined;
      const member = node(iris.version(m.id, v.version), ['dcat:Dataset'], {
        'dct:identifier': literal(versionIdentifier(m.id, v.version)),
        'dct:title': localized({ vi: `${m.title.vi} — phiên bản ${v.version}`, en: `${m.title.en} — version ${v.version}` }),
        ...common(m),
        'dct:temporal': period(v.coverage ?? temporalCoverage(versions, v)),
        'dct:issued': typed(publishedAt(v), 'xsd:dateTime'),
        'dct:modified': typed(publishedAt(v), 'xsd:dateTime'),
        'dcat:version': literal(v.version),
        'adms:versionNotes': localized(versionSummary(v)),
        'dcat:inSeries': ref(iris.dataset(m.id)),
        'dcat:prev': previous,
        'dcat:previousVersion': previous,
        'healthdcatap:numberOfRecords': typed(v.rowCount, 'xsd:nonNegativeInteger'),
        'foaf:page': report && document(fileUrl(base, report.key)),
        'dcat:distribution': files.map((f) => ref(iris.distribution(m.id, v.version, f.name))),
      });
      return [member, ...files.map((f) => distribution(m, v, f))];
    });
    return [series, ...members];
  });

  const newest = entries
    .map((e) => publishedAt(e.latest))
    .sort()
    .at(-1);
  const catalog = node(iris.catalog, ['dcat:Catalog'], {
    'dct:title': localized(portal.title),
    'dct:description': localized(portal.description),
    'dct:publisher': agent(portal.publisher),
    'foaf:homepage': document(`${base}/`),
    'dct:language': LANGUAGES.map((l) => typedRef(l, 'dct:LinguisticSystem')),
    'dct:spatial': typedRef(VIET_NAM, 'dct:Location'),
    'dct:modified': newest ? typed(newest, 'xsd:dateTime') : undefined,
    'dcatap:applicableLegislation': legislation(),
    'dcat:themeTaxonomy': [
      describe(
        node(DATA_THEME_SCHEME, ['skos:ConceptScheme'], {
          'dct:title': literal('Data theme', 'en'),
        }),
      ),
      describe(
        node(iris.categoryScheme, ['skos:ConceptScheme'], {
          'dct:title': localized({
            vi: 'Các lĩnh vực dữ liệu y tế (Điều 5, Nghị định 102/2025/NĐ-CP)',
            en: 'Health data categories (Art. 5, Decree 102/2025/ND-CP)',
          }),
        }),
      ),
    ],
    'dcat:dataset': datasetNodes.filter((n) => hasType(n, 'dcat:Dataset')).map((n) => ref(n['@id']!)),
  });

  return { '@context': { ...PREFIXES }, '@graph': [catalog, ...datasetNodes, ...described.values()] };
}

const hasType = (n: Node, type: string): boolean => [n['@type'] ?? []].flat().includes(type);

/** `/catalog.jsonld`: JSON-LD with an inline context (nothing remote to fetch). */
export const dcatApJsonLd = (entries: CatalogEntry[], base: string, portal?: Portal): string =>
  JSON.stringify(dcatApDocument(entries, base, portal));

/** `/catalog.ttl`: the same graph as Turtle. */
export const dcatApTurtle = (entries: CatalogEntry[], base: string, portal?: Portal): string =>
  toTurtle(dcatApDocument(entries, base, portal));
