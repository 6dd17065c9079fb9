/**
 * The README's screenshots, from a running `npm start` (BASE, default http://127.0.0.1:8080):
 * the catalog page and a dataset page in Debian's Chromium, the top of each as a reader first
 * sees it, into docs/screenshots/.
 *   npm start   # in another terminal, until it serves
 *   npx tsx scripts/screenshots.ts
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.BASE ?? 'http://127.0.0.1:8080';
const out = join(import.meta.dirname, '..', 'docs', 'screenshots');
const shots = [
  { name: 'home.png', path: '/' },
  { name: 'dataset.png', path: '/dataset/births' },
];

await mkdir(out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'vi-VN' });
  for (const shot of shots) {
    const response = await page.goto(`${base}${shot.path}`);
    if (response?.status() !== 200) throw new Error(`${shot.path}: ${response?.status()} (is "npm start" serving ${base}?)`);
    await page.screenshot({ path: join(out, shot.name) });
    console.log(`docs/screenshots/${shot.name} ← ${base}${shot.path}`);
  }
} finally {
  await browser.close();
}
