import { dashboardBodyFromTemplate, escapeXml, renderDashboardSvg, seriesLabels } from '../../../local/dashboard-svg';

const body = {
  widgets: [
    {
      type: 'text',
      x: 0,
      y: 0,
      width: 24,
      height: 2,
      properties: { markdown: '# MueJam backup & DR: prod\nRPO **6 h** · [runbook](https://x)' },
    },
    {
      type: 'metric',
      x: 0,
      y: 2,
      width: 16,
      height: 6,
      properties: {
        title: 'Newest verified backup age (h) vs RPO 6 h',
        metrics: [
          [{ expression: 'age0 / 3600', label: 'db us-east-1', id: 'e0' }],
          ['MueJam/Backup', 'NewestVerifiedBackupAge', 'Resource', 'db', { id: 'age0', visible: false }],
          ['AWS/States', 'ExecutionsFailed', 'StateMachineArn', 'x'],
        ],
        annotations: { horizontal: [{ value: 6, label: 'RPO 6 h', color: '#d62728' }] },
      },
    },
    {
      type: 'alarm',
      x: 16,
      y: 2,
      width: 8,
      height: 6,
      properties: { title: 'Alarms', alarms: ['muejam-backup-dr-prod-db-rpo-breached', 'a<b'] },
    },
  ],
};

describe('dashboard SVG', () => {
  it('lists visible series by label, else expression, else metric name', () => {
    expect(seriesLabels(body.widgets[1].properties.metrics as unknown[])).toEqual(['db us-east-1', 'ExecutionsFailed']);
  });

  it('draws every widget at its grid place with its title, legend, annotation and alarms, escaped', () => {
    const svg = renderDashboardSvg(body, 'CloudWatch dashboard muejam-backup-dr-prod');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="1220" height="316"')).toBe(true);
    for (const s of [
      'MueJam backup &amp; DR: prod',
      'Newest verified backup age (h) vs RPO 6 h',
      'RPO 6 h',
      'db us-east-1',
      'db-rpo-breached',
      'a&lt;b',
    ])
      expect(svg).toContain(s);
    expect(svg).not.toContain('NewestVerifiedBackupAge<');
    // The text widget spans the full width at the top; the metric widget is 16 columns wide.
    expect(svg).toContain('<rect x="10" y="10" width="1194" height="62"');
    expect(svg).toContain('<rect x="10" y="78" width="794" height="198"');
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(1);
  });

  it('reads the body out of a template, naming alarms and state machines instead of tokens', () => {
    const template = {
      Resources: {
        A1: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'muejam-backup-dr-prod-x' } },
        D: {
          Type: 'AWS::CloudWatch::Dashboard',
          Properties: {
            DashboardName: 'muejam-backup-dr-prod',
            DashboardBody: {
              'Fn::Join': [
                '',
                [
                  '{"widgets":[{"type":"alarm","x":0,"y":0,"width":8,"height":6,"properties":{"region":"',
                  { Ref: 'AWS::Region' },
                  '","alarms":["',
                  { 'Fn::GetAtt': ['A1', 'Arn'] },
                  '"]}}]}',
                ],
              ],
            },
          },
        },
      },
    };
    expect(dashboardBodyFromTemplate(template, 'us-east-1')).toEqual({
      name: 'muejam-backup-dr-prod',
      body: {
        widgets: [
          { type: 'alarm', x: 0, y: 0, width: 8, height: 6, properties: { region: 'us-east-1', alarms: ['muejam-backup-dr-prod-x'] } },
        ],
      },
    });
    expect(() => dashboardBodyFromTemplate({ Resources: {} }, 'r')).toThrow('no AWS::CloudWatch::Dashboard');
    expect(escapeXml('"<&>"')).toBe('&quot;&lt;&amp;&gt;&quot;');
  });
});
