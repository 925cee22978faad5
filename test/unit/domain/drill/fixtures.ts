/** A drill report as the drill's report step builds it, for the rendering tests and the browser test. */
import { type DrillReport, type TimelineStep, buildDrillReport } from '../../../../lambdas/domain/drill/drill-report';
import { type PartOutcome, drillGoals } from '../../../../lambdas/domain/drill/drill-status';

const T0 = Date.parse('2026-01-04T05:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

export function step(name: string, test: string, from: number, to: number, status: TimelineStep['status'] = 'passed'): TimelineStep {
  return { name, test, startedAt: at(from), endedAt: at(to), status };
}

export const GOALS = drillGoals({ rtoHours: 4, rpoHours: 6, rtoGoalHours: 1 });

export function parts(o: { restore?: Partial<PartOutcome>; failover?: Partial<PartOutcome> } = {}): PartOutcome[] {
  return [
    {
      name: 'inventory',
      result: 'completed',
      durationS: 4,
      rtoS: null,
      rpoS: 1800,
      detail: '12 backups the policy holds, all in both regions and verified',
      evidence: [{ check: 'every held backup is in both regions', passed: true, expected: '12', actual: '12' }],
    },
    {
      name: 'restore',
      result: 'completed',
      durationS: 900,
      rtoS: 880,
      rpoS: 1800,
      detail: 'restored muejam-db-prod-drill-r from the newest copy in us-west-2; 9 SQL checks passed',
      evidence: [{ check: 'rows public.users', passed: true, expected: '> 0', actual: '1204' }],
      ...o.restore,
    },
    {
      name: 'pitr',
      result: 'completed',
      durationS: 1000,
      rtoS: 990,
      rpoS: 300,
      detail: 'restored to the latest restorable time from replicated automated backups',
    },
    {
      name: 'failover',
      result: 'completed',
      durationS: 400,
      rtoS: 380,
      rpoS: null,
      detail: 'promoted the drill replica and repointed drill.db.example.internal',
      ...o.failover,
    },
  ];
}

export function sampleReport(o: Parameters<typeof parts>[0] = {}, leftOver: string[] = []): DrillReport {
  return buildDrillReport({
    drillId: 'drill-20260104T0500Z',
    deployment: 'prod',
    database: 'muejam-db-prod',
    startedAt: at(0),
    finishedAt: at(2500),
    goals: GOALS,
    parts: parts(o),
    timeline: [
      step('CheckInventory', 'inventory', 0, 4),
      step('RestoreFromNewestCopy', 'restore', 5, 885),
      step('RestoreChecks', 'restore', 885, 905),
      step('PointInTimeRestore', 'pitr', 906, 1896),
      step('CreateDrillReplica', 'failover', 1900, 2100),
      step('Failover', 'failover', 2100, 2300),
      step('Teardown', 'teardown', 2300, 2490),
    ],
    teardown: { removed: ['muejam-db-prod-drill-r', 'muejam-db-prod-drill-p', 'muejam-db-prod-drill-replica'], leftOver, errors: [] },
    notExercised: ['replica lag (the emulator reports none)'],
  });
}
