import { escapeHtml, formatSeconds } from '../../../../lambdas/domain/drill/html-escape';
import { renderDrillReportHtml } from '../../../../lambdas/domain/drill/report-html';
import { axisSeconds, renderTimelineSvg } from '../../../../lambdas/domain/drill/timeline-svg';
import { sampleReport, step } from './fixtures';

describe('drill report page', () => {
  const html = renderDrillReportHtml(sampleReport());

  it('is self-contained: no script, no external URL, no link or img element', () => {
    expect(html).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
    expect(html.match(/https?:\/\/[^"]+/g)).toEqual(['http://www.w3.org/2000/svg']);
  });
  it('has one row per test with its status, and the overall status in the title', () => {
    for (const t of ['inventory', 'restore', 'pitr', 'failover', 'teardown']) expect(html).toContain(`<tr data-test="${t}">`);
    expect(html).toContain('<title>DR drill muejam-db-prod: passed</title>');
  });
  it('draws every timeline step and the RTO line at the goal', () => {
    expect(html.match(/<g class="step"/g)).toHaveLength(7);
    expect(html).toContain('RTO goal 1.00 h');
  });
  it('shows the RPO figures and every check of the evidence', () => {
    expect(html).toContain('<tr data-figures="pitr">');
    expect(html).toContain('rows public.users');
    expect(html).toContain('RPO within goal');
  });
  it('lists what the teardown removed and what was not exercised', () => {
    expect(html).toContain('<li>muejam-db-prod-drill-replica</li>');
    expect(html).toContain('nothing: every drill resource is gone');
    expect(html).toContain('<li>replica lag (the emulator reports none)</li>');
  });
  it('escapes every text it is given', () => {
    const r = sampleReport({ restore: { detail: '<script>alert(1)</script> & "quotes"' } });
    const page = renderDrillReportHtml({ ...r, database: '<b>db</b>' });
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(page).toContain('&lt;b&gt;db&lt;/b&gt;');
  });
  it('shows left-behind resources and teardown errors when there are some', () => {
    const r = sampleReport({}, ['drill-leftover']);
    const page = renderDrillReportHtml({ ...r, teardown: { ...r.teardown, errors: ['DeleteDBInstance failed'] } });
    expect(page).toContain('<li>drill-leftover</li>');
    expect(page).toContain('<li>DeleteDBInstance failed</li>');
  });
});

describe('timeline', () => {
  it('the axis always reaches the RTO line', () => {
    expect(axisSeconds(30, 3600)).toBeCloseTo(3780);
    expect(axisSeconds(7200, 3600)).toBeCloseTo(7560);
  });
  it('a zero-length step is still drawn (3 px)', () => {
    const svg = renderTimelineSvg({
      startedAt: '2026-01-04T05:00:00.000Z',
      finishedAt: '2026-01-04T05:00:10.000Z',
      rtoS: 3600,
      steps: [step('Instant', 'inventory', 1, 1)],
    });
    expect(svg).toMatch(/<rect x="[0-9.]+" y="[0-9.]+" width="3.0"/);
  });
  it('places the RTO line right of every bar when the drill was quick', () => {
    const svg = renderTimelineSvg({
      startedAt: '2026-01-04T05:00:00Z',
      finishedAt: '2026-01-04T05:01:00Z',
      rtoS: 600,
      steps: [step('A', 'restore', 0, 60)],
    });
    const rto = Number(/<g id="rto-line"><line x1="([0-9.]+)"/.exec(svg)![1]);
    const bar = /<rect x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"/.exec(svg)!;
    expect(Number(bar[1]) + Number(bar[2])).toBeLessThan(rto);
  });
});

describe('formatting', () => {
  it.each([
    [null, '—'],
    [42, '42 s'],
    [90, '1.5 min'],
    [5400, '1.50 h'],
  ])('%p seconds read %p', (s, text) => expect(formatSeconds(s as number | null)).toBe(text));
  it('escapes the five HTML specials', () =>
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;'));
});
