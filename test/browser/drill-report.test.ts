/**
 * The drill report page in a real headless Chromium: the timeline, the RTO line and every
 * test row are visible, and the page loads nothing but itself. Without Chromium the suite
 * is skipped and says how to install it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderDrillReportHtml } from '../../lambdas/domain/drill/report-html';
import {
  CHROMIUM_INSTALL_HINT,
  CHROMIUM_PATH,
  type HeadlessChromium,
  chromiumAvailable,
  launchHeadlessChromium,
} from '../../local/headless-chromium';
import { sampleReport } from '../unit/domain/drill/fixtures';

const available = chromiumAvailable();
// CI (.ci/run installs chromium) must run it; elsewhere a missing Chromium skips it and says how to install it.
const required = Boolean(process.env.CI);
if (!available && !required) {
  console.warn(`skipping the drill report browser test: no Chromium at ${CHROMIUM_PATH}; install it with: ${CHROMIUM_INSTALL_HINT}`);
}
if (!available && required) {
  it('has Chromium in CI', () => {
    throw new Error(`CI is set but there is no Chromium at ${CHROMIUM_PATH}: ${CHROMIUM_INSTALL_HINT}`);
  });
}

(available ? describe : describe.skip)('drill report in headless Chromium', () => {
  let browser: HeadlessChromium;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'drill-report-'));
    browser = await launchHeadlessChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(file: string, html: string) {
    const path = join(dir, file);
    writeFileSync(path, html);
    const page = await browser.context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    return { page, requests, url: pathToFileURL(path).href };
  }

  it('shows the timeline with every step, the RTO line and every test row, and loads nothing else', async () => {
    const report = sampleReport({ failover: { result: 'guard-refused', detail: 'no replica lag datapoint: refused' } });
    const { page, requests, url } = await open('partial.html', renderDrillReportHtml(report));
    try {
      expect(requests).toEqual([url]);
      expect(await page.title()).toBe('DR drill muejam-db-prod: partial');
      await expect(page.locator('#timeline').isVisible()).resolves.toBe(true);
      await expect(page.locator('#rto-line').isVisible()).resolves.toBe(true);
      const steps = page.locator('#timeline g.step rect');
      expect(await steps.count()).toBe(report.timeline.length);
      for (let i = 0; i < report.timeline.length; i++) {
        const box = await steps.nth(i).boundingBox();
        expect(box && box.width >= 2 && box.height > 0).toBe(true);
      }
      for (const t of report.tests) {
        const row = page.locator(`#tests tr[data-test="${t.name}"]`);
        await expect(row.isVisible()).resolves.toBe(true);
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered (upper-cased) text is what a reader sees
        await expect(row.locator('td').nth(1).innerText()).resolves.toBe(t.status.toUpperCase());
      }
      await expect(page.locator('#figures').isVisible()).resolves.toBe(true);
    } finally {
      await page.close();
    }
  });

  it('the RTO line lies right of every step of a drill that took less than its goal', async () => {
    const { page } = await open('passed.html', renderDrillReportHtml(sampleReport()));
    try {
      const rto = (await page.locator('#rto-line line').boundingBox())!;
      const rects = page.locator('#timeline g.step rect');
      for (let i = 0; i < (await rects.count()); i++) {
        const b = (await rects.nth(i).boundingBox())!;
        expect(b.x + b.width).toBeLessThanOrEqual(rto.x + 1);
      }
    } finally {
      await page.close();
    }
  });
});
