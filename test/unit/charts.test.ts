import { describe, expect, it } from 'vitest';
import type { DatasetMetadata, VersionChart } from '../../src/catalog/model.ts';
import { chartsSection, sparkline } from '../../src/web/charts.ts';
import { MESSAGES } from '../../src/web/i18n.ts';

const metadata = (kind: 'aggregate' | 'registry'): DatasetMetadata =>
  ({
    id: 'births',
    kind,
    tables: [
      {
        name: 'births-by-month',
        columns: [{ name: 'month', type: 'string', title: { vi: 'Tháng cấp', en: 'Month of issue' }, description: { vi: '', en: '' } }],
      },
    ],
  }) as unknown as DatasetMetadata;

const overTime: VersionChart = {
  id: 'over-time',
  table: 'births-by-month',
  column: 'month',
  bars: [
    { code: '2025-01', value: 120, hiddenCells: 0 },
    { code: '2025-02', value: 95, hiddenCells: 3 },
    { code: '2025-03', value: 0, hiddenCells: 4 },
  ],
};

const byProvince: VersionChart = {
  id: 'by-province',
  table: 'births-by-month',
  column: 'province_code',
  period: '2025-03',
  bars: [
    { code: '79', label: 'Thành phố Hồ Chí Minh', value: 40, hiddenCells: 0 },
    { code: '01', label: 'Thành phố Hà Nội', value: 12, hiddenCells: 1 },
    { code: '11', label: 'Điện Biên', value: 0, hiddenCells: 2 },
  ],
};

const render = (charts: VersionChart[], lang: 'vi' | 'en' = 'vi', kind: 'aggregate' | 'registry' = 'aggregate') =>
  chartsSection(lang, MESSAGES[lang], metadata(kind), charts).value;

describe('charts on the dataset page', () => {
  it('draws each chart as an image named by its title and main finding, with its numbers as a table', () => {
    const page = render([overTime, byProvince]);
    const svgs = page.match(/<svg [^>]*>/g) ?? [];
    // The periods, the provinces as a tile map and as ranked bars.
    expect(svgs).toHaveLength(3);
    for (const svg of svgs) expect(svg).toMatch(/role="img" aria-label="[^"]+\. [^"]+"/);
    expect(page).toContain('aria-label="Cả nước, theo tháng cấp. Kỳ mới nhất 2025-03: bị ẩn. Cao nhất: 2025-01, 120."');
    expect(page).toContain('Nhiều nhất: Thành phố Hồ Chí Minh, 40. Ít nhất: Điện Biên, bị ẩn.');
    // One table row per bar, in both charts.
    expect(page.match(/<tr><td>/g)).toHaveLength(overTime.bars.length + byProvince.bars.length);
  });

  it('draws a suppressed cell hatched and says "at least" or "suppressed", never zero', () => {
    const page = render([byProvince], 'en');
    // On the map, then on the bars.
    expect(page.match(/data-hidden="\d+"/g)).toEqual(['data-hidden="1"', 'data-hidden="2"', 'data-hidden="1"', 'data-hidden="2"']);
    expect(page).toContain('<td>Thành phố Hà Nội</td><td>at least 12</td><td>1</td>');
    expect(page).toContain('<td>Điện Biên</td><td>suppressed</td><td>2</td>');
    expect(page).not.toMatch(/Điện Biên<\/td><td>0</);
    // A bar with nothing published has no solid part, only its hatch.
    const bien = page.slice(page.indexOf('<g><title>Điện Biên'), page.indexOf('</g>', page.indexOf('<g><title>Điện Biên')));
    expect(bien).not.toContain(`fill="#1d6fb8"`);
    expect(bien).toContain('url(#chart-by-province-hatch)');
  });

  it('says so when nothing is published yet, and draws nothing without bars', () => {
    const hidden: VersionChart = { ...overTime, bars: overTime.bars.map((b) => ({ ...b, value: 0, hiddenCells: 2 })) };
    expect(render([hidden])).toContain('Mọi ô đều bị ẩn vì số nhỏ');
    const zeros: VersionChart = { ...overTime, bars: overTime.bars.map((b) => ({ ...b, value: 0, hiddenCells: 0 })) };
    expect(render([zeros])).toContain('Chưa kỳ nào có số lớn hơn 0 được công bố.');
    expect(render([])).toBe('');
    expect(render([{ ...overTime, bars: [] }])).toBe('');
  });

  it('escapes category names and names the rest of a long list', () => {
    const chart: VersionChart = {
      id: 'by-country',
      table: 'births-by-month',
      column: 'country',
      bars: [
        { code: '<script>alert(1)</script>', value: 3, hiddenCells: 0 },
        { code: '', value: 2, hiddenCells: 0 },
        { code: '*', value: 9, hiddenCells: 0 },
      ],
      otherCategories: 7,
    };
    const page = render([chart], 'vi', 'registry');
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('<td>(để trống)</td><td>2</td>');
    expect(page).toContain('<td>7 nhóm khác</td><td>9</td>');
  });
});

describe('the sparkline on a catalog card', () => {
  it('draws one bar per period, a suppressed period grey and never zero-high, named by its finding', () => {
    const svg = sparkline('vi', MESSAGES.vi, metadata('aggregate'), [overTime, byProvince]).value;
    const bars = svg.match(/<rect [^>]*>/g) ?? [];
    expect(bars).toHaveLength(overTime.bars.length);
    expect(svg).toMatch(
      /^<svg class="spark"[^>]* role="img" aria-label="Cả nước, theo tháng cấp\. Kỳ mới nhất 2025-03: bị ẩn\. Cao nhất: 2025-01, 120\."/,
    );
    // 2025-03: nothing published, 4 cells hidden: a grey stub, not a missing bar.
    expect(bars[2]).toContain('fill="#8a8f98"');
    expect(Number(/height="([\d.]+)"/.exec(bars[2]!)![1])).toBeGreaterThan(0);
  });

  it('is nothing for a register or a single period', () => {
    expect(sparkline('vi', MESSAGES.vi, metadata('registry'), [byProvince]).value).toBe('');
    expect(sparkline('vi', MESSAGES.vi, metadata('aggregate'), [{ ...overTime, bars: overTime.bars.slice(0, 1) }]).value).toBe('');
    expect(sparkline('vi', MESSAGES.vi, metadata('aggregate'), undefined).value).toBe('');
  });

  it('maps an aggregate’s provinces on the tile map: a square each where it lies, darker for more, hatched where suppressed', () => {
    const page = render([byProvince], 'en');
    const map = page.slice(page.indexOf('<figure class="chart map"'), page.indexOf('</figure>') + 9);
    expect(map).toMatch(/role="img" aria-label="Map of the provinces: By province, 2025-03\. Most: Thành phố Hồ Chí Minh, 40\./);
    expect(map.match(/data-province="(\d+)"/g)).toEqual(['data-province="79"', 'data-province="01"', 'data-province="11"']);
    // Hồ Chí Minh City has the most: the darkest shade; Điện Biên's every cell is suppressed: all hatch, not the shade of 0.
    expect(map).toMatch(/<g data-province="79"><title>Thành phố Hồ Chí Minh: 40<\/title><rect [^>]*fill="#08306b"/);
    expect(map).toMatch(/<g data-province="11"><title>Điện Biên: suppressed<\/title><rect [^>]*fill="url\(#chart-by-province-map-hatch\)"/);
    expect(map).toContain('>HCM</text>');
    // Not for a chart whose categories are not provinces (a register's rows by status).
    const byStatus: VersionChart = {
      id: 'by-status',
      table: 'births-by-month',
      column: 'status',
      bars: [{ code: 'active', value: 3, hiddenCells: 0 }],
    };
    expect(render([byStatus], 'en', 'registry')).not.toContain('chart map');
  });
});
