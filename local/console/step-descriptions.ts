/**
 * A few words about each step's result, per workflow, for the live progress
 * lines: the same for the CLI following an execution and for the rehearsal.
 * Pure; a workflow's describer lives here so that cli/commands/<workflow>.ts
 * does not import its rehearsal section.
 */
import type { RetentionReport } from '../../lambdas/domain/retention/report';
import type { OutputDescriber } from './progress';

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MiB`;

/** A few words about each step's result, for the live progress lines. */
export const describeBackupStep: OutputDescriber = (state, output) => {
  const o = (output ?? {}) as Record<string, any>;
  switch (state) {
    case 'CreateSnapshot':
      return `${o.backup?.reused ? 'continuing with existing' : 'created'} snapshot ${o.backup?.snapshotId} in ${o.backup?.region}`;
    case 'WaitForSnapshot':
      return `available in ${o.backup?.region}`;
    case 'CopyToBackupRegion':
      return `${o.copy?.reused ? 'continuing with existing' : 'copy requested'} in ${o.copy?.region}, re-encrypted with ${o.copy?.kmsKeyArn}`;
    case 'WaitForCopy':
      return `copy available in ${o.copy?.region}`;
    case 'VerifyBackup': {
      const checks = (o.verification?.checks ?? []) as { ok: boolean }[];
      return `${checks.filter((c) => c.ok).length}/${checks.length} checks passed (available, encrypted, expected KMS key, engine/version/storage)`;
    }
    case 'RecordMetrics':
      return 'BackupSucceeded, BackupDuration, CopyDuration, SnapshotSize recorded';
    case 'NotifyFailure':
      return 'alert published to the alert topic';
    default:
      return undefined;
  }
};

/** A few words about each step's result, for the live progress lines (CLI and rehearsal). */
export const describeRetentionStep: OutputDescriber = (state, output) => {
  const o = (output ?? {}) as Record<string, any>;
  switch (state) {
    case 'PlanRetention': {
      const p = o.plan ?? {};
      const planned = Object.values((p.plannedByRegion ?? {}) as Record<string, number>).reduce((a, b) => a + b, 0);
      const kept = Object.values((p.byRegion ?? {}) as Record<string, { keep: number }>).reduce((a, b) => a + b.keep, 0);
      return `planned at ${p.plannedAt}${p.clockOverridden ? ' (clock moved: local run)' : ''}: keep ${kept}, ${p.dryRun ? 'would delete' : 'delete'} ${planned} in ${p.primaryRegion} + ${p.backupRegion}`;
    }
    case 'DeleteSnapshot':
      return o.outcome ? `${o.outcome} ${o.snapshotId} in ${o.region}` : undefined;
    case 'DeleteExpired': {
      const done = (o.plan?.deletes ?? []) as { outcome?: string }[];
      const failed = done.filter((d) => d.outcome === 'failed').length;
      return `${done.length} deletes done${failed ? `, ${failed} FAILED` : ''}`;
    }
    case 'ReportRetention': {
      const r = o.report as RetentionReport | undefined;
      return r ? `kept ${r.totals.kept}, deleted ${r.totals.deleted}, failed ${r.totals.failed}, skipped ${r.totals.skipped}` : undefined;
    }
    case 'NotifyFailure':
      return 'alert published to the alert topic';
    default:
      return undefined;
  }
};

/** A few words about each Redis backup step's result, for the live progress lines. */
export const describeRedisBackupStep: OutputDescriber = (state, output) => {
  const o = (output ?? {}) as Record<string, any>;
  switch (state) {
    case 'CreateSnapshot':
      return (
        `${o.backup?.reused ? "reusing the day's" : "created the day's"} snapshot ${o.backup?.backupName} of ${o.backup?.replicationGroupId}` +
        (o.backup?.quota ? ` (manual backups in 24 h: ${o.backup.quota.used}/${o.backup.quota.limit})` : '')
      );
    case 'WaitForSnapshot':
      return 'snapshot available';
    case 'ExportToS3':
      return `${o.export?.reused ? 'export already in' : 'exporting to'} s3://${o.export?.bucket} (${o.export?.expectedObjects} shard file(s))`;
    case 'WaitForExport':
      return `${o.exported?.objects?.length} object(s), ${mib(o.exported?.totalBytes ?? 0)} in ${o.exported?.region}`;
    case 'CopyToBackupRegion':
      return o.copy?.done
        ? `${o.copy.reused ? 'copy already in' : 'copied to'} s3://${o.copy.bucket} (${o.copy.region})`
        : `copy in progress (${JSON.stringify(o.copy?.progress)})`;
    case 'VerifyBackup':
      return o.verification?.done
        ? `${o.verification.checks?.length} checks passed: both copies equal byte for byte, valid RDB, CRC-64 ${o.verification.objects?.[0]?.crc64}`
        : `verification in progress (byte ${o.verification?.progress?.compare?.offset ?? 0})`;
    case 'RecordMetrics':
      return 'BackupSucceeded, BackupDuration, SnapshotSize recorded (Workflow=redis-backup)';
    case 'NotifyFailure':
      return 'alert published to the alert topic';
    default:
      return undefined;
  }
};

/** A few words about each Redis restore step's result. */
export const describeRedisRestoreStep: OutputDescriber = (state, output) => {
  const o = (output ?? {}) as Record<string, any>;
  switch (state) {
    case 'ValidateRequest':
      return `restoring ${o.plan?.backupName} (verified ${o.plan?.verifiedAt}) into new group ${o.plan?.replicationGroupId} in ${o.plan?.region}`;
    case 'StageObjects':
      return o.staged?.done ? `staged ${o.staged.snapshotArns?.length} SSE-S3 copy(ies) for ElastiCache` : 'staging in progress';
    case 'CreateReplicationGroup':
      return `${o.restore?.reused ? 'group already being restored' : 'CreateReplicationGroup requested'} (${o.restore?.replicationGroupId})`;
    case 'WaitForReplicationGroup':
      return `group ${o.group?.status}${o.group?.endpoint ? `, endpoint ${o.group.endpoint}` : ''}`;
    case 'CleanupStaging':
      return `deleted ${o.cleanup?.deleted} staged object version(s)`;
    case 'NotifyFailure':
      return 'alert published to the alert topic';
    default:
      return undefined;
  }
};
