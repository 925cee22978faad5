/**
 * What the DR drill prints, the same for `npm run cli -- dr-drill` and the rehearsal: the plan
 * before anything starts, a few words per step while it runs, and the summary table at the end
 * (every test with its status, RTO, RPO, duration and detail). Pure text.
 */
import type { DrillPlan } from '../../lambdas/domain/drill/drill-plan';
import type { DrillTest } from '../../lambdas/domain/drill/drill-test';
import type { InventoryResult } from '../../lambdas/domain/drill/inventory';
import type { OutputDescriber } from '../console/progress';

const hours = (s: number) => `${(s / 3600).toFixed(2)} h`;

/** Seconds as the table shows them: "-" when not measured. */
export function secondsText(s: number | null | undefined): string {
  if (s === null || s === undefined) return '-';
  return s < 120 ? `${s} s` : `${(s / 60).toFixed(1)} min`;
}

/** The plan of one drill, before anything is created (from the drill's own plan step and the read-only inventory). */
export function drillPlanLines(plan: DrillPlan, inventory?: InventoryResult): string[] {
  const source = inventory?.restoreSource;
  return [
    `database:        ${plan.database} (deployment ${plan.deployment}); drill id ${plan.drillId} (the muejam:execution tag of everything it creates)`,
    `goals:           RTO ${hours(plan.goals.rtoS)} (${plan.goals.rtoSource}), RPO ${hours(plan.goals.rpoS)} (${plan.goals.rpoSource})`,
    `1 inventory:     every held backup in ${plan.primaryRegion} and ${plan.backupRegion}, verified, newest within RPO${inventory ? ` (now: ${inventory.held} held, ${inventory.paired} paired, ${inventory.problems.length} problem(s))` : ''}`,
    `2 restore:       ${source ? `${source.snapshotId} (${source.region}, ${source.recoveryPointTime})` : 'the newest verified copy'} -> ${plan.names.restore} in ${plan.backupRegion} -> SQL checks`,
    `3 point in time: replicated automated backups, latest restorable time -> ${plan.names.pitr} in ${plan.backupRegion} -> SQL checks`,
    `4 failover:      replica ${plan.names.replica} of ${plan.names.restore} in another AZ -> the failover's guards -> promote -> ${plan.dns.recordName} (drill record, zone ${plan.dns.hostedZoneId}; never the production record)`,
    `5 teardown:      every instance, snapshot and record tagged for drill ${plan.drillId}, on every path; then checked empty`,
    `report:          s3://${plan.report.bucket}/${plan.report.htmlKey} (+ .json), ${plan.backupRegion}`,
  ];
}

/** A few words about each drill step's result, for the live progress lines. */
export const describeDrillStep: OutputDescriber = (state, output) => {
  const o = (output ?? {}) as Record<string, any>;
  const part = (name: string) => {
    const p = o.parts?.[name]?.outcome;
    if (!p) return undefined;
    return `${p.result}: RTO ${secondsText(p.rtoS)}, RPO ${secondsText(p.rpoS)}; ${p.detail}`;
  };
  switch (state) {
    case 'PlanDrill':
      return `drill ${o.drill?.drillId}: ${o.drill?.names?.restore}, ${o.drill?.names?.pitr}, ${o.drill?.names?.replica}; drill record ${o.drill?.dns?.recordName}`;
    case 'MeasureInventory':
      return part('inventory');
    case 'RestoreRestore':
      return `RDS accepted ${o.restore?.restore?.dbInstanceIdentifier} in ${o.restore?.restore?.region}`;
    case 'PitrRestore':
      return `RDS accepted ${o.pitr?.restore?.dbInstanceIdentifier} in ${o.pitr?.restore?.region}`;
    case 'RestoreSqlChecks':
    case 'PitrSqlChecks': {
      const tests = ((state === 'RestoreSqlChecks' ? o.restore : o.pitr)?.checksOutcome?.report?.tests ?? []) as { status: string }[];
      return `${tests.filter((t) => t.status === 'passed').length}/${tests.length} SQL checks passed`;
    }
    case 'MeasureRestore':
      return part('restore');
    case 'MeasurePitr':
      return part('pitr');
    case 'CreateDrillReplica':
      return `replica ${o.failover?.replica?.dbInstanceIdentifier} in ${o.failover?.replica?.availabilityZone}`;
    case 'JudgeFailoverGuards': {
      const guards = (o.failover?.decision?.guards ?? []) as { guard: string; passed: boolean }[];
      return `${guards.filter((g) => g.passed).length}/${guards.length} guards passed${o.failover?.decision?.refused ? ': REFUSED' : ''}`;
    }
    case 'RepointDrillDns':
      return `${o.failover?.dns?.recordName} -> ${o.failover?.promoted?.endpoint ?? 'the promoted drill replica'}`;
    case 'MeasureFailover':
      return part('failover');
    case 'Teardown':
      return `removed ${(o.teardown?.removed ?? []).length}: ${(o.teardown?.removed ?? []).join(', ') || 'nothing'}`;
    case 'CheckTeardown':
      return o.teardownCheck?.error ? `check failed: ${o.teardownCheck.error.Error}` : 'nothing tagged for this drill is left';
    case 'ReportDrill':
      return o.report?.summary;
    default:
      return undefined;
  }
};

/** The summary table's rows: test, status, RTO, RPO, duration, detail. */
export function drillTableRows(tests: readonly DrillTest[]): string[][] {
  return tests.map((t) => [t.name, t.status, secondsText(t.rtoS), secondsText(t.rpoS), secondsText(t.durationS), t.detail.slice(0, 110)]);
}

export const DRILL_TABLE_HEADERS = ['test', 'status', 'RTO', 'RPO', 'took', 'detail'];

/** The HTML report in the S3 console (the path is printed too). */
export function reportConsoleUrl(bucket: string, key: string, region: string): string {
  return `https://s3.console.aws.amazon.com/s3/object/${bucket}?region=${region}&prefix=${encodeURIComponent(key)}`;
}
