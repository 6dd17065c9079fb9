import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tableFilesIn } from '../../src/catalog/rows.ts';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { datasetDefinitions, findDataset } from '../../datasets/index.ts';
import { createApiHandler } from '../../src/api/app.ts';
import { createLocalServer } from '../../src/local/http-server.ts';
import { freePort, listenOn, type TestStack } from '../support/local-stack.ts';
import { startSampleStack } from '../support/published-samples.ts';

/** Debian's Chromium (`apt-get install -y chromium`, see .ci/run); Playwright never downloads a browser here. */
const CHROMIUM = '/usr/bin/chromium';
/** Flags that let Chromium start on a machine without a sandbox, a GPU or outside network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Screenshots to look at by hand; not compared, not committed. */
const SCREENSHOTS = { home: '/tmp/catalog-home.png', dataset: '/tmp/catalog-dataset.png' };

describe('the catalog in a real browser', () => {
  let stack: TestStack;
  let server: Server;
  let base: string;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;
  const logged = vi.fn();
  const facilities = findDataset('medical-facilities')!;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: install it with "apt-get install -y --no-install-recommends chromium" (.ci/run does)`,
      );
    }
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const samples = await startSampleStack(base);
    stack = samples;
    expect(samples.reports.map((r) => [r.datasetId, r.outcome])).toEqual(datasetDefinitions.map((d) => [d.id, 'published']));
    server = createLocalServer(
      createApiHandler(
        { catalog: stack.stores.catalog, publicBaseUrl: base, tableFiles: tableFilesIn(stack.stores.publicFiles) },
        { error: logged },
      ),
      stack.stores.publicFiles,
    );
    await listenOn(server, port);

    // A fresh profile per run (the user-data-dir), removed afterwards.
    profile = await mkdtemp(join(tmpdir(), 'chromium-profile-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
      locale: 'vi-VN',
    });
    page = browser.pages()[0] ?? (await browser.newPage());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await stack?.close();
  });

  it('searches without diacritics, opens the dataset, switches to English and downloads a CSV matching its sha256', async () => {
    // Search "benh vien": the facilities register mentions hospitals (bệnh viện) and comes first;
    // the encounters count discharges (ra viện) of sick people (khám bệnh), so it matches too.
    await page.goto(`${base}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.screenshot({ path: SCREENSHOTS.home, fullPage: true });
    await page.getByLabel('Tìm bộ dữ liệu').fill('benh vien');
    await page.getByRole('button', { name: 'Tìm' }).click();
    await page.waitForURL(/[?&]q=benh\+vien/);
    const results = page.locator('article.card h3 a');
    expect(await results.allTextContents()).toEqual([facilities.title.vi, findDataset('health-care-encounters')!.title.vi]);

    // Open it.
    await results.first().click();
    await page.waitForURL(`${base}/dataset/${facilities.id}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(facilities.title.vi);
    expect(await page.locator('script[type="application/ld+json"]').count()).toBe(1);
    await page.screenshot({ path: SCREENSHOTS.dataset, fullPage: true });

    // Switch to English: same page, English metadata, links keep the language.
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(`${base}/dataset/${facilities.id}?lang=en`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect(page.locator('h1').textContent()).resolves.toBe(facilities.title.en);
    expect(await page.getByRole('link', { name: 'Catalog' }).getAttribute('href')).toBe(`${base}/?lang=en`);

    // Download the CSV and check it against the sha256 the page shows.
    const card = page.locator(`li.file[data-file="${facilities.id}.csv"]`);
    const shown = (await page.locator(`tr[data-file="${facilities.id}.csv"] [data-sha256]`).textContent())?.trim();
    expect(shown).toMatch(/^[0-9a-f]{64}$/);
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: /Download CSV/ }).click()]);
    const bytes = await readFile(await download.path());
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${facilities.id}-\\d{8}T\\d{6}Z\\.csv$`));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(shown);
    expect(logged).not.toHaveBeenCalled();
  });

  it('downloads a table as Excel, and one province’s rows as CSV through the form on the page', async () => {
    await page.goto(`${base}/dataset/births`, { waitUntil: 'domcontentloaded' });
    const table = 'births-by-month-province-sex';
    // The whole table as Excel: a workbook (a zip) whose sha256 is the one shown.
    const card = page.locator(`li.file[data-file="${table}.xlsx"]`);
    const shown = (await page.locator(`tr[data-file="${table}.xlsx"] [data-sha256]`).textContent())?.trim();
    const [workbook] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: /Tải Excel/ }).click()]);
    const xlsx = await readFile(await workbook.path());
    expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(createHash('sha256').update(xlsx).digest('hex')).toBe(shown);

    // One province, as CSV, through the form: only that province's rows, the published CSV's header.
    const form = page.locator(`form.rows:has(input[name="table"][value="${table}"])`);
    await form.getByLabel('Tỉnh, thành phố').selectOption({ label: 'Thành phố Hà Nội (01)' });
    await form.getByLabel('Định dạng').selectOption('csv');
    const [rows] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Tải các dòng đã chọn' }).click()]);
    expect(rows.suggestedFilename()).toMatch(new RegExp(`^${table}-\\d{8}T\\d{6}Z-01\\.csv$`));
    const lines = (await readFile(await rows.path(), 'utf8')).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('\ufeffmonth,province_code,province_name,sex_code,sex_name,count,count_status');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((line) => line.split(',')[1] === '01')).toBe(true);
    expect(logged).not.toHaveBeenCalled();
  });

  it('finds a dataset by a value its tables hold: a disease typed without diacritics', async () => {
    await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' });
    await page.getByLabel('Tìm bộ dữ liệu').fill('soi');
    await page.getByRole('button', { name: 'Tìm' }).click();
    await page.waitForURL(/[?&]q=soi/);
    expect(await page.locator('article.card h3 a').allTextContents()).toEqual([findDataset('notifiable-diseases')!.title.vi]);
  });

  it('finds a register by a value in its rows, and says which rows matched', async () => {
    await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' });
    await page.getByLabel('Tìm bộ dữ liệu').fill('bach mai');
    await page.getByRole('button', { name: 'Tìm' }).click();
    await page.waitForURL(/[?&]q=bach\+mai/);
    expect(await page.locator('article.card h3 a').allTextContents()).toEqual([facilities.title.vi]);
    expect(await page.locator('article.card p.matched').textContent()).toMatch(/^Khớp \d+ dòng có địa chỉ: “[^”]*Phường Bạch Mai/);
  });

  it('shows a chart with its text alternative and its numbers on every dataset page', async () => {
    for (const definition of datasetDefinitions) {
      await page.goto(`${base}/dataset/${definition.id}`, { waitUntil: 'domcontentloaded' });
      const first = page.locator('section[aria-labelledby="charts"] figure.chart').first();
      const image = first.getByRole('img');
      // The title, then the main finding as a sentence; drawn with a size; its numbers beside it.
      const seen = {
        name: await image.getAttribute('aria-label'),
        drawn: ((await image.boundingBox())?.width ?? 0) > 100,
        numbers: await first.locator('details tbody tr').count(),
      };
      expect([definition.id, seen]).toEqual([
        definition.id,
        { name: expect.stringMatching(/^.+\. .+\.$/), drawn: true, numbers: expect.any(Number) },
      ]);
      expect(seen.numbers).toBeGreaterThan(0);
    }
    expect(logged).not.toHaveBeenCalled();
  });
});
