/**
 * RetentionService: the database retention steps (plan, delete one snapshot,
 * report) and `cleanupOldBackups`, the same run in-process for the CLI and
 * BackupService. Listing reads TagList from DescribeDBSnapshots (paginated
 * with Marker, no per-snapshot tag call); the plan is the pure
 * lambdas/domain/retention/plan.ts; the only per-snapshot call is the delete
 * (in-process: retention-deletes.ts).
 */
import {
  type DBSnapshot,
  DeleteDBSnapshotCommand,
  DescribeAccountAttributesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
  type DescribeDBSnapshotsCommandOutput,
} from '@aws-sdk/client-rds';
import type { ClientFactory } from '../runtime/clients';
import { awsErrorCode, InvalidInput, isThrottling } from '../errors';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { validateProtectedDatabase, validateRdsIdentifier } from '../domain/backup/identifiers';
import { causeMessage } from '../domain/alerts/alert-message';
import { validateRegion } from '../domain/deployment-regions';
import { clockOverrideAllowed, planningClock } from '../domain/retention/clock';
import { planRetention } from '../domain/retention/plan';
import { assessManualSnapshotQuota } from '../domain/retention/quota';
import {
  buildRetentionReport,
  countByRegion,
  type DeleteOutcome,
  type DeleteRequest,
  type PlanSummaryForReport,
  type RegionReport,
  type RetentionReport,
  selectDeletes,
} from '../domain/retention/report';
import { toRetentionSnapshot } from '../domain/retention/snapshot-mapping';
import type { RetentionPlan, RetentionSnapshot } from '../domain/retention/types';
import { hasCode, rethrowTyped } from './aws-errors';
import { readRetentionSettings, type RetentionSettings } from './retention-config';
import { databaseRetentionInputWith } from '../domain/inputs/database-retention';
import { parseInput } from '../domain/inputs/strict';
import { databaseInstances } from './database-pointer';
import { quotaUnavailableReason } from './snapshot-quota-service';
import { type DeleteLoopOptions, deleteAllWithBackoff } from './retention-deletes';

export interface CleanupRequest {
  dbInstanceIdentifier?: unknown;
  dryRun?: unknown;
  /** Local runs only (tests, rehearsal): plan at this time instead of now. */
  clockOverride?: unknown;
}

/** What the plan step hands to the Map state and the report step. */
export interface PlanStepOutput extends PlanSummaryForReport {
  /** The deletes this run makes (empty on a dry run), oldest first, bounded per run. */
  deletes: DeleteRequest[];
  /** Listing cost, for the report and the bench. */
  listedPages: Record<string, number>;
}

export interface CleanupResult {
  plan: RetentionPlan;
  report: RetentionReport;
  outcomes: DeleteOutcome[];
}

/** `concurrency`, `maxAttempts`, `sleep`: the in-process deletes of cleanupOldBackups (retention-deletes.ts). */
export interface RetentionServiceOptions extends DeleteLoopOptions {
  /** Settings (policy, bound); default: read from the environment at each run. */
  settings?: RetentionSettings;
  /** Allows `clockOverride`; default: only when MUEJAM_LOCAL_RUN=true (the local runner). */
  allowClockOverride?: boolean;
}

const PAGE_SIZE = 100;

export class RetentionService {
  constructor(
    private readonly config: RuntimeConfig,
    private readonly clients: ClientFactory,
    private readonly now: () => Date = () => new Date(),
    private readonly options: RetentionServiceOptions = {},
  ) {}

  private settings(): RetentionSettings {
    return this.options.settings ?? readRetentionSettings();
  }

  private rds(region: string): RDSClient {
    return this.clients(RDSClient, region);
  }

  /** Validates a database id: a valid identifier that this deployment protects. */
  validateDatabase(field: string, value: unknown): string {
    return validateProtectedDatabase(field, value, this.config.databases);
  }

  /** Every snapshot of `db` in `region`, one DescribeDBSnapshots page after another (Marker). */
  async listSnapshots(region: string, db: string): Promise<{ snapshots: RetentionSnapshot[]; pages: number }> {
    const snapshots: RetentionSnapshot[] = [];
    let marker: string | undefined;
    let pages = 0;
    const seen = new Set<string>();
    do {
      let out: DescribeDBSnapshotsCommandOutput;
      try {
        out = await this.rds(region).send(
          new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: db, MaxRecords: PAGE_SIZE, Marker: marker }),
        );
      } catch (err) {
        rethrowTyped(err, `DescribeDBSnapshots ${db} in ${region}`);
      }
      pages += 1;
      for (const s of out.DBSnapshots ?? []) {
        const mapped = toRetentionSnapshot(s as DBSnapshot, region);
        // A snapshot listed twice (a page boundary moving under concurrent changes) is planned once.
        if (mapped && !seen.has(mapped.arn)) {
          seen.add(mapped.arn);
          snapshots.push(mapped);
        }
      }
      marker = out.Marker || undefined;
    } while (marker);
    return { snapshots, pages };
  }

  /** Manual-snapshot quota headroom in `region`; a figure for the report, never a reason to stop the run. */
  async quotaHeadroom(region: string): Promise<NonNullable<RegionReport['quota']>> {
    try {
      const out = await this.rds(region).send(new DescribeAccountAttributesCommand({}));
      const q = assessManualSnapshotQuota(out.AccountQuotas, region);
      return { used: q.used, max: q.max, headroom: q.headroom, usedPercent: q.usedPercent, alert: q.alert };
    } catch (err) {
      return { unavailable: quotaUnavailableReason(err) };
    }
  }

  /** Lists both regions, plans, and picks this run's deletes. */
  async plan(req: CleanupRequest): Promise<{ plan: RetentionPlan; step: PlanStepOutput }> {
    const allowLocal = this.options.allowClockOverride ?? clockOverrideAllowed();
    // Strict first (unknown keys with "did you mean", types, dates, local-only fields): nothing is listed on bad input.
    const input = parseInput(
      databaseRetentionInputWith(() => allowLocal),
      req,
    );
    const db = this.validateDatabase('dbInstanceIdentifier', input.dbInstanceIdentifier);
    const dryRun = input.dryRun === true;
    const clock = planningClock(input.clockOverride, { now: this.now(), overrideAllowed: allowLocal });
    const settings = this.settings();
    const { primaryRegion, backupRegion, deploymentId } = this.config;
    // The database's history: snapshots of the original primary and of the instance serving it since a failover, as one database.
    const instances = await databaseInstances(this.clients, this.config, db);
    const history = async (region: string) => {
      const lists = await Promise.all(instances.map((id) => this.listSnapshots(region, id)));
      return {
        snapshots: lists.flatMap((l) => l.snapshots.map((x) => ({ ...x, resource: db }))),
        pages: lists.reduce((n, l) => n + l.pages, 0),
      };
    };
    const [primary, backup, primaryQuota, backupQuota] = await Promise.all([
      history(primaryRegion),
      history(backupRegion),
      this.quotaHeadroom(primaryRegion),
      this.quotaHeadroom(backupRegion),
    ]);
    const plan = planRetention({
      snapshots: [...primary.snapshots, ...backup.snapshots],
      policy: settings.policy,
      now: clock.now,
      identity: { deploymentId, primaryRegion, backupRegion },
    });
    const { deletes, deferredByRegion } = selectDeletes(plan, settings.maxDeletesPerRun);
    const step: PlanStepOutput = {
      resource: db,
      dryRun,
      plannedAt: clock.now.toISOString(),
      clockOverridden: clock.overridden,
      primaryRegion,
      backupRegion,
      byRegion: plan.summary.byRegion,
      plannedByRegion: countByRegion(deletes),
      deferredByRegion,
      quota: { [primaryRegion]: primaryQuota, [backupRegion]: backupQuota },
      deletes: dryRun ? [] : deletes,
      listedPages: { [primaryRegion]: primary.pages, [backupRegion]: backup.pages },
    };
    return { plan, step };
  }

  /** Workflow step 1: the plan, without the per-snapshot decisions (they would not fit a state's payload). */
  async planStep(req: CleanupRequest): Promise<PlanStepOutput> {
    return (await this.plan(req)).step;
  }

  /**
   * Workflow step 2 (one Map iteration): deletes one snapshot the plan chose.
   * Gone already = reported, not an error; throttling = Throttled (the state retries
   * with backoff); any other AWS error is returned as a compact failed outcome (error
   * code + first line of the message), so even 500 failures fit in the state's
   * payload; invalid input is thrown (the Map records it as failed).
   */
  async deleteSnapshot(req: Partial<DeleteRequest>): Promise<DeleteOutcome> {
    const region = validateRegion('region', req?.region, this.config);
    const snapshotId = validateRdsIdentifier('snapshotId', req?.snapshotId, 255);
    const db = this.validateDatabase('resource', req?.resource);
    const prefix = `${this.config.snapshotPrefix}-${db}-`.toLowerCase();
    if (!snapshotId.toLowerCase().startsWith(prefix)) {
      throw new InvalidInput('snapshotId', `"${snapshotId}" is not a name this system gives (${prefix}<time>); refusing to delete it`);
    }
    try {
      await this.rds(region).send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: snapshotId }));
      return { region, snapshotId, outcome: 'deleted' };
    } catch (err) {
      if (hasCode(err, 'DBSnapshotNotFound')) {
        return { region, snapshotId, outcome: 'already-gone', detail: 'deleted by someone else since it was listed' };
      }
      if (isThrottling(err)) rethrowTyped(err, `DeleteDBSnapshot ${snapshotId} in ${region}`);
      const message = String((err as Error)?.message ?? err)
        .split('\n')[0]
        .slice(0, 200);
      return { region, snapshotId, outcome: 'failed', error: awsErrorCode(err) ?? 'Error', detail: message };
    }
  }

  /** Workflow step 3: the report of the run, from the plan and every delete's outcome. */
  report(req: { plan?: PlanSummaryForReport; results?: unknown }): RetentionReport {
    if (!req?.plan || typeof req.plan !== 'object') throw new InvalidInput('plan', 'is required: the output of the plan step');
    if (!Array.isArray(req.results)) throw new InvalidInput('results', 'must be the array of delete outcomes');
    const outcomes = req.results.map(
      (r: Partial<DeleteOutcome> & { detail?: unknown }): DeleteOutcome => ({
        region: String(r?.region ?? ''),
        snapshotId: String(r?.snapshotId ?? ''),
        outcome: r?.outcome === 'deleted' || r?.outcome === 'already-gone' ? r.outcome : 'failed',
        ...(r?.error ? { error: String(r.error) } : {}),
        ...(r?.detail !== undefined
          ? { detail: r.outcome === 'failed' ? causeMessage({ Cause: String(r.detail) }) : String(r.detail) }
          : {}),
      }),
    );
    return buildRetentionReport(req.plan, outcomes);
  }

  /**
   * The whole run in-process (BackupService.cleanupOldBackups, the CLI against an
   * emulator): plan, then delete in bounded parallel with backoff on throttling,
   * then report. Never stops half-way silently: every failure is in the report.
   */
  async cleanupOldBackups(dbInstanceId: string, o: { dryRun?: boolean; clockOverride?: string } = {}): Promise<CleanupResult> {
    const { plan, step } = await this.plan({
      dbInstanceIdentifier: dbInstanceId,
      dryRun: o.dryRun ?? false,
      clockOverride: o.clockOverride,
    });
    const outcomes = await deleteAllWithBackoff(step.deletes, (d) => this.deleteSnapshot(d), this.options);
    return { plan, report: buildRetentionReport(step, outcomes), outcomes };
  }
}
