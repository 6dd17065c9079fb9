import type { Localized } from '../policy/dataset-definition.ts';

/** Every string of the pages' chrome, Vietnamese first. Dataset text comes from the metadata's vi/en. */

export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'vi';

/** Locale for numbers and dates. */
export const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

const vi = {
  siteName: 'Dữ liệu mở ngành y tế',
  feedTitle: 'Phiên bản mới và dữ liệu đã rút (Atom)',
  siteTagline: 'Bộ Y tế · Nghị định 102/2025/NĐ-CP',
  skipToContent: 'Bỏ qua, đến nội dung chính',
  /** The switch link names the other language, in that language. */
  otherLanguage: { lang: 'en' as Lang, label: 'English' },
  languageSwitchLabel: 'Ngôn ngữ',
  catalogTitle: 'Danh mục dữ liệu mở',
  catalogIntro:
    'Dữ liệu mở của ngành y tế, công bố theo Nghị định 102/2025/NĐ-CP. Mỗi bộ dữ liệu có nhiều phiên bản với đường dẫn cố định; tải về dạng CSV (mở bằng Excel) hoặc Parquet (cho DuckDB, pandas, R).',
  searchLabel: 'Tìm bộ dữ liệu',
  searchHint: 'Gõ có dấu hoặc không dấu, ví dụ: benh vien, sinh, thuốc',
  categoryLabel: 'Nhóm dữ liệu (Điều 5)',
  allCategories: 'Tất cả các nhóm',
  kindLabel: 'Loại dữ liệu',
  allKinds: 'Mọi loại',
  frequencyLabel: 'Cập nhật',
  allFrequencies: 'Mọi tần suất',
  provinceLabel: 'Có dữ liệu của tỉnh, thành phố',
  sortLabel: 'Sắp xếp',
  sortRelevance: 'Phù hợp nhất',
  sortTitle: 'Theo tên (A–Z)',
  sortUpdated: 'Mới cập nhật trước',
  searchButton: 'Tìm',
  clearSearch: 'Xem tất cả',
  resultCount: (n: string) => `${n} bộ dữ liệu`,
  resultCountFor: (n: string, q: string) => `${n} bộ dữ liệu cho “${q}”`,
  noResults: 'Không tìm thấy bộ dữ liệu nào. Thử từ khác hoặc bỏ bộ lọc nhóm.',
  results: 'Kết quả',
  pagination: 'Phân trang',
  previousPage: '← Trang trước',
  nextPage: 'Trang sau →',
  pageOf: (page: string, pages: string) => `Trang ${page}/${pages}`,
  category: (n: number) => `Nhóm ${n}`,
  updated: 'Cập nhật',
  rows: (n: string) => `${n} dòng`,
  rowCount: 'Số dòng',
  formats: 'Định dạng',
  kind: { registry: 'Sổ đăng ký', aggregate: 'Số liệu tổng hợp' },
  catalog: 'Danh mục',
  breadcrumb: 'Vị trí',
  onThisPage: 'Trên trang này',
  latestVersion: 'Phiên bản mới nhất',
  download: 'Tải về',
  downloadIntro:
    'Liên kết cố định trỏ tới đúng phiên bản này và không bao giờ đổi; liên kết “mới nhất” luôn trỏ tới phiên bản mới nhất. Mã sha256 để kiểm tra tệp đã tải.',
  downloadButton: (format: string) => `Tải ${format}`,
  matchedValues: (rows: string, column: string, examples: string[], values: number) =>
    `Khớp ${rows} dòng có ${column.charAt(0).toLowerCase()}${column.slice(1)}: ${examples.map((e) => `“${e}”`).join(', ')}${values > examples.length ? ` và ${values - examples.length} giá trị khác` : ''}`,
  pickRows: 'Chỉ tải các dòng cần',
  pickRowsIntro: 'Chọn một tỉnh, thành phố (và một kỳ) rồi tải đúng các dòng đó của phiên bản mới nhất.',
  pickProvince: 'Tỉnh, thành phố',
  allProvinces: 'Tất cả',
  pickPeriod: 'Kỳ',
  allPeriods: 'Tất cả các kỳ',
  pickFormat: 'Định dạng',
  pickButton: 'Tải các dòng đã chọn',
  fileFormats: {
    xlsx: 'Excel',
    csv: 'CSV',
    parquet: 'Parquet',
    datapackage: 'datapackage.json',
    'quality-report': 'Báo cáo chất lượng',
  } as Record<string, string>,
  fileHints: {
    xlsx: 'Cho Excel: tiêu đề cột tiếng Việt, mã giữ nguyên (01 vẫn là 01), có trang giới thiệu và từ điển dữ liệu',
    csv: 'Cho máy đọc: tên cột cố định, UTF-8 có BOM; mở được bằng Excel, LibreOffice, Google Sheets',
    parquet: 'Có kiểu dữ liệu, cho DuckDB, pandas, R',
    datapackage: 'Mô tả, lược đồ, kích thước và sha256 của các tệp',
    'quality-report': 'Dòng bị loại, dòng trùng và các trường không công bố',
  } as Record<string, string>,
  size: 'Dung lượng',
  developers: 'Cho nhà phát triển',
  developersIntro: 'Mã kiểm tra, liên kết cố định, đoạn mã cho DuckDB, pandas, R và truy vấn theo dòng qua API.',
  checksumsAndLinks: 'Kích thước, sha256 và liên kết của từng tệp',
  rowQueries: 'Truy vấn theo dòng (CKAN datastore_search)',
  rowQueriesIntro: 'Lọc, tìm và phân trang các dòng của bảng mà không cần tải cả tệp; thêm format=csv để nhận CSV.',
  pinnedUrl: 'Liên kết cố định',
  latestUrl: 'Liên kết mới nhất',
  dataFiles: 'Tệp dữ liệu',
  otherFiles: 'Tệp khác',
  use: 'Dùng trong DuckDB, pandas, R',
  useIntro: 'Dán vào công cụ của bạn. Các liên kết dưới đây trỏ tới phiên bản này nên kết quả luôn lặp lại được.',
  duckdbNote: 'DuckDB đọc URL qua tiện ích httpfs (các bản mới tự nạp).',
  csvNote: 'Với CSV, đọc mã (tỉnh, giấy phép…) dạng văn bản để giữ số 0 ở đầu.',
  otherTables: 'Các bảng khác của bộ dữ liệu dùng cùng cách, với tệp:',
  about: 'Thông tin và cơ sở pháp lý',
  legalBasis: 'Căn cứ pháp lý',
  categoriesArt5: 'Nhóm dữ liệu (Điều 5)',
  scopeArt14: 'Phạm vi (Điều 14)',
  scopeItem: (article: string, clause?: string, point?: string) =>
    [point && `điểm ${point}`, clause && `khoản ${clause}`, `Điều ${article}`].filter(Boolean).join(' '),
  updateSchedule: 'Lịch cập nhật',
  licence: 'Giấy phép',
  publisher: 'Đơn vị công bố',
  contact: 'Liên hệ',
  source: 'Nguồn',
  datasetKind: 'Loại',
  machineReadable: 'Dữ liệu máy đọc',
  columns: 'Cột dữ liệu',
  columnName: 'Tên cột',
  columnType: 'Kiểu',
  columnDescription: 'Mô tả',
  types: { string: 'văn bản', date: 'ngày', integer: 'số nguyên' } as Record<string, string>,
  suppression: 'Số liệu bị ẩn',
  neverPublished: 'Không công bố',
  neverPublishedIntro:
    'Các trường sau có trong dữ liệu nguồn nhưng không bao giờ được công bố, theo Nghị định 102/2025/NĐ-CP. Trường chưa được phân loại cũng không được công bố.',
  countedOnly: 'Chỉ dùng để đếm',
  countedOnlyIntro: 'Các trường sau cũng không được công bố theo từng dòng; bảng số liệu chỉ đếm theo chúng (theo nhóm, đã ẩn số nhỏ).',
  countedAs: 'Được đếm theo',
  sourceField: 'Trường nguồn',
  provision: 'Căn cứ',
  reason: 'Lý do',
  unclassified: 'chưa phân loại',
  nothingStripped: 'Không có trường nào bị loại bỏ.',
  preview: 'Xem trước',
  previewIntro: (n: string, table: string) => `${n} dòng đầu của bảng ${table}, như trong tệp CSV.`,
  previewIntroLatest: (n: string, table: string, period: string) =>
    `${n} ô có số lớn nhất của kỳ mới nhất (${period}) trong bảng ${table}. Ở đây bỏ các cột mã; tệp CSV có đủ mọi cột.`,
  previewCaption: 'Các dòng đầu',
  backToCatalog: 'Về danh mục dữ liệu',
  apiTitle: 'Tài liệu API',
  apiIntro:
    'Mọi địa chỉ của trang và của API: tham số, câu trả lời và lỗi. Mô tả chi tiết bằng tiếng Anh cho lập trình viên; cùng nội dung ở dạng OpenAPI 3.1.',
  apiParameter: 'Tham số',
  apiWhere: 'Ở đâu',
  apiResponses: 'Câu trả lời',
  errorPage: (status: number) =>
    status === 400
      ? { title: 'Yêu cầu không hợp lệ', explanation: 'Địa chỉ này có một tham số không đúng. Hãy quay lại danh mục và tìm lại.' }
      : status === 404
        ? { title: 'Không tìm thấy trang', explanation: 'Không có trang hay bộ dữ liệu nào ở địa chỉ này: có thể đường dẫn bị gõ sai.' }
        : status === 410
          ? {
              title: 'Dữ liệu đã được rút',
              explanation: 'Bộ dữ liệu hoặc phiên bản này đã được rút và không còn được công bố; lý do ghi ở dưới.',
            }
          : status < 500
            ? { title: 'Không thể trả lời yêu cầu này', explanation: 'Máy chủ không xử lý được yêu cầu như đã gửi.' }
            : { title: 'Có lỗi ở máy chủ', explanation: 'Máy chủ gặp lỗi khi tạo trang này. Vui lòng thử lại sau ít phút.' },
  previewCaptionLatest: (period: string) => `Số lớn nhất, kỳ ${period}`,
  charts: 'Biểu đồ',
  chartsIntroAggregate:
    'Vẽ từ các số liệu đã công bố của phiên bản mới nhất. Phần gạch chéo là các ô bị ẩn để bảo vệ dữ liệu cá nhân: con số thật ít nhất bằng phần đã vẽ, không phải bằng 0.',
  chartsIntroRegistry: 'Số dòng của phiên bản mới nhất theo từng nhóm.',
  chartOverTime: (dimension: string) => `Cả nước, theo ${dimension.charAt(0).toLowerCase()}${dimension.slice(1)}`,
  chartByProvince: (period: string) => `Theo tỉnh/thành phố, kỳ ${period}`,
  chartByColumn: (column: string) => `Số dòng theo ${column.charAt(0).toLowerCase()}${column.slice(1)}`,
  chartHidden: 'bị ẩn',
  chartMap: 'Bản đồ các tỉnh, thành phố',
  chartAtLeast: (n: string) => `ít nhất ${n}`,
  chartOther: (n: string) => `${n} nhóm khác`,
  chartBlank: '(để trống)',
  chartAllHidden: 'Mọi ô đều bị ẩn vì số nhỏ: chưa có con số nào được công bố.',
  chartFindingSeries: (last: string, lastValue: string, top: string, topValue: string) =>
    `Kỳ mới nhất ${last}: ${lastValue}. Cao nhất: ${top}, ${topValue}.`,
  chartFindingSeriesNone: (last: string, lastValue: string) =>
    `Kỳ mới nhất ${last}: ${lastValue}. Chưa kỳ nào có số lớn hơn 0 được công bố.`,
  chartFindingRank: (first: string, firstValue: string, last: string, lastValue: string) =>
    `Nhiều nhất: ${first}, ${firstValue}. Ít nhất: ${last}, ${lastValue}.`,
  chartNumbers: 'Số liệu của biểu đồ',
  chartCategory: 'Nhóm',
  chartValue: 'Số lượng',
  chartHiddenCells: 'Ô bị ẩn',
  versions: 'Các phiên bản',
  version: 'Phiên bản',
  date: 'Ngày công bố',
  changes: 'Thay đổi so với phiên bản trước',
  files: 'Tệp',
  firstVersion: 'Phiên bản đầu tiên',
  changesUnknown: 'Không có thông tin',
  changeCounts: (added: string, removed: string, changed: string) => `thêm ${added}, bớt ${removed}, sửa ${changed} dòng`,
  periodsAdded: (periods: string[]) =>
    periods.length ? `thêm kỳ ${periodList(periods)}; các kỳ đã công bố không đổi` : 'không có kỳ mới; các kỳ đã công bố không đổi',
  since: (version: string) => `so với ${version}`,
  withdrawn: 'Đã rút',
  withdrawnFiles: 'Tệp không còn được cung cấp',
  purgedFiles: 'Mọi bản lưu của tệp đã bị xoá hẳn',
  cite: 'Trích dẫn',
  citeIntro: 'Khi dùng dữ liệu này, vui lòng ghi nguồn:',
  citation: (p: { publisher: string; year: string; title: string; version: string; date: string; url: string; licence: string }) =>
    `${p.publisher} (${p.year}). ${p.title}. Phiên bản ${p.version}, công bố ngày ${p.date}. ${p.licence}. ${p.url}`,
  footerDecree:
    'Công bố theo Nghị định 102/2025/NĐ-CP về quản lý dữ liệu y tế. Chỉ dữ liệu mở được công bố: dữ liệu cá nhân, bí mật kinh doanh, bí mật đời sống riêng tư và bí mật gia đình không bao giờ được công bố.',
  footerApi: 'Danh mục dạng máy đọc',
};

export type Messages = typeof vi;

const en: Messages = {
  siteName: 'Viet Nam open health data',
  feedTitle: 'New versions and withdrawals (Atom)',
  siteTagline: 'Ministry of Health · Decree 102/2025/ND-CP',
  skipToContent: 'Skip to main content',
  otherLanguage: { lang: 'vi', label: 'Tiếng Việt' },
  languageSwitchLabel: 'Language',
  catalogTitle: 'Open data catalog',
  catalogIntro:
    'Open health data published under Decree 102/2025/ND-CP. Every dataset has versions with stable links; download CSV for spreadsheets or Parquet for DuckDB, pandas and R.',
  searchLabel: 'Search datasets',
  searchHint: 'Vietnamese words match with or without diacritics, e.g. benh vien, births, medicines',
  categoryLabel: 'Data category (Art. 5)',
  allCategories: 'All categories',
  kindLabel: 'Kind of data',
  allKinds: 'All kinds',
  frequencyLabel: 'Updated',
  allFrequencies: 'Any frequency',
  provinceLabel: 'Has data for province',
  sortLabel: 'Sort',
  sortRelevance: 'Best match',
  sortTitle: 'By title (A–Z)',
  sortUpdated: 'Recently updated first',
  searchButton: 'Search',
  clearSearch: 'Show all',
  resultCount: (n) => `${n} ${n === '1' ? 'dataset' : 'datasets'}`,
  resultCountFor: (n, q) => `${n} ${n === '1' ? 'dataset' : 'datasets'} for “${q}”`,
  noResults: 'No dataset found. Try other words or remove the category filter.',
  results: 'Results',
  pagination: 'Pagination',
  previousPage: '← Previous',
  nextPage: 'Next →',
  pageOf: (page, pages) => `Page ${page} of ${pages}`,
  category: (n) => `Category ${n}`,
  updated: 'Updated',
  rows: (n) => `${n} ${n === '1' ? 'row' : 'rows'}`,
  rowCount: 'Rows',
  formats: 'Formats',
  kind: { registry: 'Register', aggregate: 'Aggregate statistics' },
  catalog: 'Catalog',
  breadcrumb: 'Breadcrumb',
  onThisPage: 'On this page',
  latestVersion: 'Latest version',
  download: 'Download',
  downloadIntro:
    'A pinned link names this exact version and never changes; the “latest” link always points to the newest version. Check a downloaded file against its sha256.',
  downloadButton: (format) => `Download ${format}`,
  matchedValues: (rows, column, examples, values) =>
    `Matches ${rows} row${rows === '1' ? '' : 's'} whose ${column.charAt(0).toLowerCase()}${column.slice(1)} is ${examples.map((e) => `“${e}”`).join(', ')}${values > examples.length ? ` and ${values - examples.length} other value${values - examples.length === 1 ? '' : 's'}` : ''}`,
  pickRows: 'Download only the rows you need',
  pickRowsIntro: 'Pick a province (and a period) and download just those rows of the latest version.',
  pickProvince: 'Province',
  allProvinces: 'All',
  pickPeriod: 'Period',
  allPeriods: 'All periods',
  pickFormat: 'Format',
  pickButton: 'Download the rows picked',
  fileFormats: { xlsx: 'Excel', csv: 'CSV', parquet: 'Parquet', datapackage: 'datapackage.json', 'quality-report': 'Quality report' },
  fileHints: {
    xlsx: 'For Excel: Vietnamese column titles, codes kept as written (01 stays 01), an about sheet and a data dictionary',
    csv: 'For machines: stable column names, UTF-8 with BOM; opens in Excel, LibreOffice, Google Sheets',
    parquet: 'Typed, for DuckDB, pandas, R',
    datapackage: 'Description, schema, sizes and sha256 of the files',
    'quality-report': 'Rejected rows, duplicates and the fields not published',
  },
  size: 'Size',
  developers: 'For developers',
  developersIntro: 'Checksums, pinned links, snippets for DuckDB, pandas and R, and row queries through the API.',
  checksumsAndLinks: 'Size, sha256 and links of each file',
  rowQueries: 'Row queries (CKAN datastore_search)',
  rowQueriesIntro: 'Filter, search and page a table’s rows without downloading the whole file; add format=csv for CSV.',
  pinnedUrl: 'Pinned link',
  latestUrl: 'Latest link',
  dataFiles: 'Data files',
  otherFiles: 'Other files',
  use: 'Use from DuckDB, pandas, R',
  useIntro: 'Paste into your tool. These links name this version, so results stay reproducible.',
  duckdbNote: 'DuckDB reads URLs through its httpfs extension (recent versions load it automatically).',
  csvNote: 'With CSV, read codes (province, licence…) as text to keep leading zeros.',
  otherTables: 'The dataset’s other tables work the same way, with the files:',
  about: 'About and legal basis',
  legalBasis: 'Legal basis',
  categoriesArt5: 'Data categories (Art. 5)',
  scopeArt14: 'Scope (Art. 14)',
  scopeItem: (article, clause, point) => `Art. ${article}${clause ? `(${clause})` : ''}${point ? `(${point})` : ''}`,
  updateSchedule: 'Update schedule',
  licence: 'Licence',
  publisher: 'Publisher',
  contact: 'Contact',
  source: 'Source',
  datasetKind: 'Kind',
  machineReadable: 'Machine-readable',
  columns: 'Columns',
  columnName: 'Column',
  columnType: 'Type',
  columnDescription: 'Description',
  types: { string: 'text', date: 'date', integer: 'integer' },
  suppression: 'Suppressed counts',
  neverPublished: 'Never published',
  neverPublishedIntro:
    'These fields exist in the source data but are never published, under Decree 102/2025/ND-CP. Fields that are not classified are not published either.',
  countedOnly: 'Counted only',
  countedOnlyIntro: 'These fields are not published row by row either; the tables only count by them (in groups, small counts suppressed).',
  countedAs: 'Counted by',
  sourceField: 'Source field',
  provision: 'Provision',
  reason: 'Reason',
  unclassified: 'unclassified',
  nothingStripped: 'No field is stripped.',
  preview: 'Preview',
  previewIntro: (n, table) => `The first ${n} rows of table ${table}, as the CSV file shows them.`,
  previewIntroLatest: (n, table, period) =>
    `The ${n} largest counts of the latest period (${period}) in table ${table}. Code columns are left out here; the CSV file has every column.`,
  previewCaption: 'First rows',
  backToCatalog: 'Back to the data catalog',
  apiTitle: 'API documentation',
  apiIntro: 'Every address of the site and its API: parameters, answers and errors; the same as OpenAPI 3.1.',
  apiParameter: 'Parameter',
  apiWhere: 'In',
  apiResponses: 'Answers',
  errorPage: (status) =>
    status === 400
      ? { title: 'Bad request', explanation: 'This address has a parameter that is not right. Go back to the catalog and search again.' }
      : status === 404
        ? { title: 'Page not found', explanation: 'There is no page or dataset at this address: the link may be mistyped.' }
        : status === 410
          ? { title: 'Withdrawn', explanation: 'This dataset or version was withdrawn and is no longer published; the reason is below.' }
          : status < 500
            ? { title: 'This request cannot be answered', explanation: 'The server could not handle the request as it was sent.' }
            : { title: 'Server error', explanation: 'The server failed while making this page. Please try again in a few minutes.' },
  previewCaptionLatest: (period) => `Largest counts, ${period}`,
  charts: 'Charts',
  chartsIntroAggregate:
    'Drawn from the published counts of the latest version. Hatched parts are cells suppressed to protect personal data: the true figure is at least what is drawn, not zero.',
  chartsIntroRegistry: 'Rows of the latest version by group.',
  chartOverTime: (dimension) => `Whole country, by ${dimension.charAt(0).toLowerCase()}${dimension.slice(1)}`,
  chartByProvince: (period) => `By province, ${period}`,
  chartByColumn: (column) => `Rows by ${column.charAt(0).toLowerCase()}${column.slice(1)}`,
  chartHidden: 'suppressed',
  chartMap: 'Map of the provinces',
  chartAtLeast: (n) => `at least ${n}`,
  chartOther: (n) => `${n} other groups`,
  chartBlank: '(blank)',
  chartAllHidden: 'Every cell is suppressed because its count is small: no figure is published yet.',
  chartFindingSeries: (last, lastValue, top, topValue) => `Latest period ${last}: ${lastValue}. Highest: ${top}, ${topValue}.`,
  chartFindingSeriesNone: (last, lastValue) => `Latest period ${last}: ${lastValue}. No period has a published figure above 0 yet.`,
  chartFindingRank: (first, firstValue, last, lastValue) => `Most: ${first}, ${firstValue}. Fewest: ${last}, ${lastValue}.`,
  chartNumbers: 'The chart’s numbers',
  chartCategory: 'Group',
  chartValue: 'Count',
  chartHiddenCells: 'Suppressed cells',
  versions: 'Versions',
  version: 'Version',
  date: 'Published',
  changes: 'Changes since the previous version',
  files: 'Files',
  firstVersion: 'First version',
  changesUnknown: 'Not recorded',
  changeCounts: (added, removed, changed) => `${added} added, ${removed} removed, ${changed} changed`,
  periodsAdded: (periods) =>
    periods.length ? `periods added: ${periodList(periods)}; published periods unchanged` : 'no new period; published periods unchanged',
  since: (version) => `since ${version}`,
  withdrawn: 'Withdrawn',
  withdrawnFiles: 'Files no longer available',
  purgedFiles: 'Every stored copy of the files has been erased',
  cite: 'How to cite',
  citeIntro: 'When you use this data, please cite:',
  citation: (p) => `${p.publisher} (${p.year}). ${p.title}. Version ${p.version}, published ${p.date}. ${p.licence}. ${p.url}`,
  footerDecree:
    'Published under Decree 102/2025/ND-CP on the management of health data. Only open data is published: personal data and business, private-life and family secrets never are.',
  footerApi: 'Machine-readable catalog',
};

export const MESSAGES: Record<Lang, Messages> = { vi, en };

/** `?lang=`: absent means Vietnamese; anything but `vi` or `en` is a 400. */
/** The page's language; anything but a language the site speaks falls back to Vietnamese. */
export function parseLang(raw: string | undefined): Lang {
  return raw !== undefined && (LANGS as readonly string[]).includes(raw) ? (raw as Lang) : DEFAULT_LANG;
}

/** A metadata text in the page's language, falling back to Vietnamese (the authoritative text). */
export const pick = (text: Localized, lang: Lang): string => text[lang] || text.vi;

/** `2025-01 … 2025-12 (12)` for long runs of periods, else each one. */
function periodList(periods: string[]): string {
  return periods.length > 3 ? `${periods[0]} … ${periods.at(-1)} (${periods.length})` : periods.join(', ');
}
