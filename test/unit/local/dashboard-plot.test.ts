/**
 * docs/dashboard.svg with data: the widget's series evaluated over datapoints read back from
 * CloudWatch (statistic per series, `id / N` and `N * id` expressions, dimensions matched
 * exactly), drawn against the RPO annotation at its value.
 */
import type { DashboardDatapoints } from '../../../local/dashboard-datapoints';
import { plotSvg, plottedSeries } from '../../../local/dashboard-plot';
import { renderDashboardSvg } from '../../../local/dashboard-svg';

const T0 = Date.parse('2026-12-03T17:00:00Z');
const point = (minute: number, v: { sum?: number; max?: number; avg?: number; n?: number }) => ({
  t: T0 + minute * 60_000,
  sum: v.sum ?? 0,
  max: v.max ?? 0,
  avg: v.avg ?? 0,
  n: v.n ?? 1,
});
const data: DashboardDatapoints = {
  source: 'a test',
  from: new Date(T0).toISOString(),
  to: new Date(T0 + 10 * 60_000).toISOString(),
  periodSeconds: 60,
  series: [
    {
      namespace: 'MueJam/Backup',
      metric: 'NewestVerifiedBackupAge',
      dimensions: { Resource: 'db', Region: 'us-east-1' },
      points: [point(2, { max: 7200, avg: 3600 }), point(8, { max: 10800, avg: 1 })],
    },
    {
      namespace: 'MueJam/Backup',
      metric: 'BackupSucceeded',
      dimensions: { Workflow: 'database-backup', Resource: 'db' },
      points: [point(3, { sum: 2, avg: 0.5, n: 4 })],
    },
  ],
};

const ageWidget = {
  title: 'Newest verified backup age (h) vs RPO 6 h',
  metrics: [
    [{ expression: 'age0 / 3600', label: 'db us-east-1', id: 'e0' }],
    ['MueJam/Backup', 'NewestVerifiedBackupAge', 'Resource', 'db', 'Region', 'us-east-1', { id: 'age0', visible: false, stat: 'Maximum' }],
    ['AWS/States', 'ExecutionsFailed', 'StateMachineArn', 'x', { yAxis: 'right' }],
  ],
  annotations: { horizontal: [{ value: 6, label: 'RPO 6 h', color: '#d62728' }] },
};

describe('dashboard plot', () => {
  it('evaluates each visible series with its statistic; a metric with no datapoints is empty', () => {
    expect(plottedSeries(ageWidget, data)).toEqual([
      {
        label: 'db us-east-1',
        axis: 'left',
        points: [
          { t: T0 + 2 * 60_000, v: 2 },
          { t: T0 + 8 * 60_000, v: 3 },
        ],
      },
      { label: 'ExecutionsFailed', axis: 'right', points: [] },
    ]);
  });

  it('reads `N * id` and matches dimensions exactly (a subset is another metric)', () => {
    const rate = {
      metrics: [
        [{ expression: '100 * ok0', label: 'db', id: 'r0' }],
        [
          'MueJam/Backup',
          'BackupSucceeded',
          'Workflow',
          'database-backup',
          'Resource',
          'db',
          { id: 'ok0', visible: false, stat: 'Average' },
        ],
        ['MueJam/Backup', 'BackupSucceeded', 'Resource', 'db', { label: 'no workflow dimension', stat: 'Sum' }],
      ],
    };
    expect(plottedSeries(rate, data)).toEqual([
      { label: 'db', axis: 'left', points: [{ t: T0 + 3 * 60_000, v: 50 }] },
      { label: 'no workflow dimension', axis: 'left', points: [] },
    ]);
  });

  it('draws the series and the RPO line on one scale: the top is 1.15 x the largest of data and annotations', () => {
    const texts: string[] = [];
    const box = { x: 0, y: 0, w: 100, h: 69 };
    const svg = plotSvg(box, ageWidget, plottedSeries(ageWidget, data), data, ['#111111', '#222222'], (_x, _y, s) => texts.push(s)).join(
      '',
    );
    // scale: max(2, 3, 6) * 1.15 = 6.9 h over 69 px, so 1 h = 10 px; x: 10 minutes over 100 px.
    expect(svg).toContain('<line x1="0" y1="9" x2="100" y2="9" stroke="#d62728"');
    expect(svg).toContain('<polyline points="20,49 80,39" fill="none" stroke="#111111"');
    expect(texts).toEqual(expect.arrayContaining(['6.9', '0', '17:00 UTC', '17:10', 'RPO 6 h']));
    expect(texts).not.toContain('no datapoints in the emulator');
  });

  it('draws bars for a bar widget and says so when a widget has no datapoints at all', () => {
    const bars = {
      view: 'bar',
      metrics: [['MueJam/Backup', 'BackupSucceeded', 'Workflow', 'database-backup', 'Resource', 'db', { stat: 'Sum' }]],
    };
    const texts: string[] = [];
    const svg = plotSvg({ x: 0, y: 0, w: 100, h: 50 }, bars, plottedSeries(bars, data), data, ['#111111'], (_x, _y, s) =>
      texts.push(s),
    ).join('');
    expect(svg).toMatch(/<rect x="30" y="\d+(\.\d)?" width="[\d.]+" height="[\d.]+" fill="#111111"\/>/);
    const empty = { metrics: [['MueJam/Backup', 'PitrLag', 'Resource', 'db', { stat: 'Maximum' }]] };
    const none: string[] = [];
    plotSvg({ x: 0, y: 0, w: 100, h: 50 }, empty, plottedSeries(empty, data), data, ['#111111'], (_x, _y, s) => none.push(s));
    expect(none).toContain('no datapoints in the emulator');
  });

  it('names the datapoints it drew under the picture', () => {
    const svg = renderDashboardSvg(
      { widgets: [{ type: 'metric', x: 0, y: 0, width: 12, height: 6, properties: ageWidget }] },
      'dash',
      data,
    );
    expect(svg).toContain('dash: the synthesized DashboardBody with the datapoints of a test (2026-12-03T17:00Z to 17:10Z, 60 s points');
    expect(svg).toContain('<polyline');
  });
});
