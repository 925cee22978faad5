/**
 * The screenshot of a drill report in docs/ (README): renders the HTML page the rehearsal wrote
 * (`npm start` prints its path) in real headless Chromium (local/headless-chromium.ts, as the
 * browser test does) and saves the top of the page (summary, tests, timeline, RTO/RPO figures) as PNG.
 *   npx tsx local/drill/screenshot-report.ts /tmp/muejam-dr-drill-report.html docs/dr-drill-report.png
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchHeadlessChromium } from '../headless-chromium';

export async function screenshotReport(htmlFile: string, pngFile: string, width = 1060, height = 1180): Promise<void> {
  const browser = await launchHeadlessChromium();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height });
    await page.goto(pathToFileURL(resolve(htmlFile)).href, { waitUntil: 'load' });
    await page.screenshot({ path: pngFile, fullPage: false });
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  const [html, png] = process.argv.slice(2);
  if (!html || !png) {
    console.error('usage: npx tsx local/drill/screenshot-report.ts <report.html> <out.png>');
    process.exit(2);
  }
  screenshotReport(html, png).then(
    () => console.log(`wrote ${png}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
