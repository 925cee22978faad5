/** What the CLI and the rehearsal print for a drill: the plan, the live step lines, the summary table, the report URL. */
import { planDrill } from '../../../lambdas/domain/drill/drill-plan';
import {
  DRILL_TABLE_HEADERS,
  describeDrillStep,
  drillPlanLines,
  drillTableRows,
  reportConsoleUrl,
  secondsText,
} from '../../../local/drill/drill-console';
import { sampleReport } from '../domain/drill/fixtures';

const DNS = { hostedZoneId: 'Z0DRILL', recordName: 'drill.db.muejam.internal', ttl: 10 };
const plan = planDrill(
  { dbInstanceIdentifier: 'muejam-db-prod' },
  { Name: 'manual-dr-muejam-db-prod-20261203T1800', StartTime: '2026-12-03T18:00:00Z' },
  {
    deploymentId: 'prod',
    primaryRegion: 'us-east-1',
    backupRegion: 'us-west-2',
    databases: ['muejam-db-prod'],
    settings: {
      rtoHours: 4,
      rpoHours: 6,
      rtoGoalHours: 1,
      reportBucket: 'muejam-prod-reports-123456789012-us-west-2',
      inFlightMinutes: 120,
    },
    dnsOf: () => ({ production: { hostedZoneId: 'Z0PROD', recordName: 'db.muejam.internal', ttl: 30 }, drill: DNS }),
  },
);

describe('drill console', () => {
  it('the plan names every throwaway instance, the drill record, the goals and where the report goes, before anything starts', () => {
    const text = drillPlanLines(plan).join('\n');
    for (const n of Object.values(plan.names)) expect(text).toContain(n);
    expect(text).toContain('drill.db.muejam.internal (drill record, zone Z0DRILL; never the production record)');
    expect(text).toContain('RTO 1.00 h (muejam.drill.rtoGoalHours), RPO 6.00 h (muejam.rpoHours)');
    expect(text).toContain(`s3://muejam-prod-reports-123456789012-us-west-2/${plan.report.htmlKey}`);
    expect(text).toContain('drill id manual-dr-muejam-db-prod-20261203T1800');
  });

  it('follows the run: a part measured, a guard refusal, the teardown', () => {
    const measured = { parts: { restore: { outcome: { result: 'completed', rtoS: 880, rpoS: 95, detail: 'restored' } } } };
    expect(describeDrillStep('MeasureRestore', measured)).toBe('completed: RTO 14.7 min, RPO 95 s; restored');
    const refused = {
      failover: {
        decision: {
          refused: true,
          guards: [
            { guard: 'a', passed: true },
            { guard: 'lag', passed: false },
          ],
        },
      },
    };
    expect(describeDrillStep('JudgeFailoverGuards', refused)).toBe('1/2 guards passed: REFUSED');
    expect(describeDrillStep('Teardown', { teardown: { removed: ['instance x (us-west-2)'] } })).toBe('removed 1: instance x (us-west-2)');
    expect(describeDrillStep('StartPitr', {})).toBeUndefined();
  });

  it('the summary table has a row per test with RTO, RPO and duration ("-" when not measured)', () => {
    const report = sampleReport();
    const rows = drillTableRows(report.tests);
    expect(DRILL_TABLE_HEADERS).toEqual(['test', 'status', 'RTO', 'RPO', 'took', 'detail']);
    expect(rows.map((r) => r[0])).toEqual(report.tests.map((t) => t.name));
    expect(rows[0].slice(0, 3)).toEqual(['inventory', 'passed', '-']);
    expect(secondsText(null)).toBe('-');
    expect(secondsText(119)).toBe('119 s');
    expect(secondsText(900)).toBe('15.0 min');
  });

  it('the report URL opens the HTML object in the S3 console of the backup region', () => {
    expect(reportConsoleUrl('b', 'dr-drill/db/2026-01-04-d.html', 'us-west-2')).toBe(
      'https://s3.console.aws.amazon.com/s3/object/b?region=us-west-2&prefix=dr-drill%2Fdb%2F2026-01-04-d.html',
    );
  });
});
