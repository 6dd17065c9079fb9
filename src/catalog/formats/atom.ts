import type { Localized } from '../../policy/dataset-definition.ts';
import { stableUuid } from '../ids.ts';
import type { DatasetRecord, VersionRecord } from '../model.ts';
import type { CatalogEntry } from '../queries.ts';
import { datasetPageUrl, fileUrl } from '../urls.ts';
import { catalogIris, PORTAL, publishedAt, versionSummary, type Portal } from './common.ts';

/** `/feed.atom` (RFC 4287): one entry per catalog event, newest first. */

const FEED_LIMIT = 100;

type FeedEventKind = 'published' | 'withdrawn';

/** Something that happened to one version of a dataset. */
export interface FeedEvent {
  kind: FeedEventKind;
  dataset: DatasetRecord;
  version: VersionRecord;
  /** When it happened (RFC 3339). */
  at: string;
  /** Withdrawals: why, shown in the entry. */
  reason?: Localized;
}

/** A `published` event for every visible version. */
export const publishedEvents = (entries: CatalogEntry[]): FeedEvent[] =>
  entries.flatMap(({ dataset, versions }) =>
    versions.map((version) => ({ kind: 'published' as const, dataset, version, at: publishedAt(version) })),
  );

/** The entry's id: stable for one event, different for the publication and the withdrawal of one version. */
export const feedEntryId = (kind: FeedEventKind, datasetId: string, version: string): string =>
  `urn:uuid:${stableUuid('feed', kind, datasetId, version)}`;

export function atomEntry(event: FeedEvent, base: string): string {
  const { kind, dataset, version } = event;
  const m = dataset.metadata;
  const title = kind === 'published' ? `${m.title.vi} — phiên bản ${version.version}` : `${m.title.vi} — rút phiên bản ${version.version}`;
  const summary = kind === 'published' ? versionSummary(version) : withdrawalSummary(event);
  // Withdrawn files are no longer served: the entry links to the dataset page only.
  const files =
    kind === 'published'
      ? version.files.map(
          (f) =>
            `    <link rel="enclosure" href="${xml(fileUrl(base, f.key))}" type="${xml(f.mediaType)}" length="${f.bytes}" title="${xml(f.name)}"/>`,
        )
      : [];
  const categories = m.categories.map(
    (c) => `    <category term="${c.number}" scheme="${xml(catalogIris(base).categoryScheme)}" label="${xml(c.vi)}"/>`,
  );
  return [
    '  <entry>',
    `    <id>${feedEntryId(kind, m.id, version.version)}</id>`,
    `    <title>${xml(title)}</title>`,
    `    <updated>${xml(event.at)}</updated>`,
    ...(kind === 'published' ? [`    <published>${xml(event.at)}</published>`] : []),
    `    <link rel="alternate" type="text/html" href="${xml(datasetPageUrl(base, m.id))}"/>`,
    ...files,
    ...categories,
    `    <author><name>${xml(m.publisher.name.vi)}</name><uri>${xml(m.publisher.url)}</uri><email>${xml(m.publisher.email)}</email></author>`,
    `    <content type="text">${xml(`${summary.vi}\n${summary.en}`)}</content>`,
    '  </entry>',
  ].join('\n');
}

function withdrawalSummary(event: FeedEvent): Localized {
  const reason = event.reason;
  return {
    vi: `Phiên bản ${event.version.version} đã bị rút và không còn được cung cấp.${reason ? ` Lý do: ${reason.vi}` : ''}`,
    en: `Version ${event.version.version} has been withdrawn and is no longer available.${reason ? ` Reason: ${reason.en}` : ''}`,
  };
}

/** The feed: the newest FEED_LIMIT events. `updated` is the newest event's time, so an unchanged catalog gives the same bytes. */
export function atomFeed(events: FeedEvent[], base: string, portal: Portal = PORTAL): string {
  const newest = [...events]
    .sort((a, b) => b.at.localeCompare(a.at) || b.version.version.localeCompare(a.version.version))
    .slice(0, FEED_LIMIT);
  const updated = newest[0]?.at ?? '1970-01-01T00:00:00Z';
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">',
    `  <id>urn:uuid:${stableUuid('feed', 'catalog')}</id>`,
    `  <title>${xml(`${portal.title.vi} — phiên bản mới`)}</title>`,
    `  <subtitle>${xml(`${portal.title.en}: new and withdrawn versions`)}</subtitle>`,
    `  <updated>${xml(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(`${base}/feed.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(`${base}/`)}"/>`,
    `  <author><name>${xml(portal.publisher.name.vi)}</name><uri>${xml(portal.publisher.url)}</uri><email>${xml(portal.publisher.email)}</email></author>`,
    ...newest.map((e) => atomEntry(e, base)),
    '</feed>',
    '',
  ].join('\n');
}

/** Text and attribute values: escape markup, drop characters XML 1.0 cannot carry. */
export const xml = (s: string): string =>
  s
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** A `withdrawn` event for every tombstone (Art. 24.1), at the withdrawal's date, with its reason. */
const withdrawnEvents = (entries: CatalogEntry[]): FeedEvent[] =>
  entries.flatMap(({ dataset, withdrawn }) =>
    withdrawn.map((version) => ({
      kind: 'withdrawn' as const,
      dataset,
      version,
      at: version.withdrawal?.at ?? publishedAt(version),
      reason: { vi: version.withdrawal?.reason ?? '', en: version.withdrawal?.reason ?? '' },
    })),
  );

/** The feed of the whole catalog as it stands: every publication and every withdrawal. */
export const catalogFeed = (entries: CatalogEntry[], base: string, portal?: Portal): string =>
  atomFeed([...publishedEvents(entries), ...withdrawnEvents(entries)], base, portal);
