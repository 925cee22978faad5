/**
 * The restore test's own steps around the reused database-restore steps (issue 11):
 *
 * - sweep (janitor): deletes restore-test instances of this deployment older than maxAgeHours,
 *   in both regions, and says what it found (the workflow alerts on a find);
 * - plan: the database, the region (primary/backup/alternate by ISO week), the throwaway name
 *   `<prefix>-rt-<db>-<yyyymmdd>` and the request for the reused validate step (snapshot
 *   "latest" = the newest VERIFIED backup, purpose "restore-test");
 * - adjust: the validated plan's instance settings for a throwaway (small class, the
 *   restore-test network, single-AZ, no deletion protection, no automated backups);
 * - teardown: deletes the instance this run planned, only if its name AND tags say so
 *   (lambdas/domain/restore-test/teardown-guard.ts); a no-op when it is absent or deleting.
 */
import { type DBInstance, DeleteDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { awsErrorCode, InvalidInput, isThrottling, PreconditionFailed } from '../errors';
import { validateProtectedDatabase } from '../domain/backup/identifiers';
import { type RegionRole, tagsToRecord } from '../domain/backup/ownership-tags';
import { checkPlan, type DbRestorePlan } from '../domain/restore/restore-plan';
import { RESTORE_TEST_PURPOSE, regionRoleFor, restoreTestInstanceName } from '../domain/restore-test/names';
import { type InstanceEvidence, janitorVerdict, teardownVerdict } from '../domain/restore-test/teardown-guard';
import type { RestoreTestSettings } from '../domain/settings/restore-test';
import { restoreTestInput } from '../domain/inputs/restore-test';
import { parseInput } from '../domain/inputs/strict';
import type { ClientFactory } from '../runtime/clients';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { hasCode, rethrowTyped } from './aws-errors';
import type { ExecutionRef } from './execution-ref';

/** What the plan step decides; the request is handed unchanged to the reused validate step. */
export interface RestoreTestTarget {
  dbInstanceIdentifier: string;
  regionRole: RegionRole;
  region: string;
  instanceId: string;
  execution: string;
  request: {
    dbInstanceIdentifier: string;
    targetDbInstanceIdentifier: string;
    region: RegionRole;
    snapshotId: 'latest';
    purpose: typeof RESTORE_TEST_PURPOSE;
  };
}

export interface SweepResult {
  found: { instanceId: string; region: string; ageHours?: number; reason: string }[];
  kept: number;
  /** One line for the alert when something was found. */
  summary: string;
}

export interface TeardownResult {
  action: 'deleted' | 'absent' | 'already-deleting';
  instanceId: string;
  region: string;
  reason: string;
  at: string;
}

export function deleteCommand(instanceId: string, region: string): string {
  return `aws rds delete-db-instance --region ${region} --db-instance-identifier ${instanceId} --skip-final-snapshot --delete-automated-backups`;
}

function evidence(i: DBInstance): InstanceEvidence {
  return {
    identifier: i.DBInstanceIdentifier ?? '',
    status: i.DBInstanceStatus,
    tags: tagsToRecord(i.TagList),
    createdAt: i.InstanceCreateTime ? new Date(i.InstanceCreateTime) : undefined,
  };
}

export class RestoreTestService {
  constructor(
    private readonly config: RuntimeConfig,
    private readonly settings: RestoreTestSettings,
    private readonly clients: ClientFactory,
    private readonly now: () => Date = () => new Date(),
  ) {}

  regionOf(role: RegionRole): string {
    return role === 'primary' ? this.config.primaryRegion : this.config.backupRegion;
  }

  /** Janitor: leftovers of earlier runs (a teardown that never ran), both regions. */
  async sweep(): Promise<SweepResult> {
    const found: SweepResult['found'] = [];
    let kept = 0;
    for (const role of ['primary', 'backup'] as const) {
      const region = this.regionOf(role);
      const rds = this.clients(RDSClient, region);
      let marker: string | undefined;
      const seen = new Set<string>();
      do {
        let page: { DBInstances?: DBInstance[]; Marker?: string };
        try {
          page = await rds.send(new DescribeDBInstancesCommand({ MaxRecords: 100, Marker: marker }));
        } catch (err) {
          return rethrowTyped(err, `DescribeDBInstances in ${region}`);
        }
        const fresh = (page.DBInstances ?? []).map(evidence).filter((e) => !seen.has(e.identifier));
        for (const e of fresh) {
          seen.add(e.identifier);
          const v = janitorVerdict(e, {
            deploymentId: this.config.deploymentId,
            prefix: this.config.snapshotPrefix,
            maxAgeHours: this.settings.maxAgeHours,
            now: this.now(),
          });
          if (!v.delete) {
            kept += 1;
            continue;
          }
          await this.deleteInstance(region, e.identifier);
          found.push({ instanceId: e.identifier, region, ageHours: v.ageHours, reason: v.reason });
        }
        // An emulator that ignores Marker returns the same page again: stop when nothing is new.
        marker = page.Marker && fresh.length > 0 ? page.Marker : undefined;
      } while (marker);
    }
    const summary =
      found.length === 0
        ? 'no leftover restore-test instance'
        : `deleted ${found.length} leftover restore-test instance${found.length === 1 ? '' : 's'} older than ${this.settings.maxAgeHours} h (a teardown did not run): ${found.map((f) => `${f.instanceId} in ${f.region} (${f.ageHours} h)`).join(', ')}`;
    return { found, kept, summary };
  }

  plan(input: unknown, execution: ExecutionRef): RestoreTestTarget {
    const raw = parseInput(restoreTestInput, input);
    const db = validateProtectedDatabase('dbInstanceIdentifier', raw.dbInstanceIdentifier, this.config.databases);
    const when = raw.scheduledTime ?? execution.StartTime ?? this.now().toISOString();
    const at = new Date(when);
    if (Number.isNaN(at.getTime())) throw new InvalidInput('scheduledTime', `${JSON.stringify(when)} is not an ISO-8601 time with a zone`);
    const role = regionRoleFor(raw.region ?? this.settings.regionMode, at);
    if (!this.settings.network[role]) {
      throw new PreconditionFailed(
        `no restore-test network is configured for the ${role} region (${this.regionOf(role)}): set muejam.restoreTest network keys for it, or test the other region`,
      );
    }
    const instanceId = restoreTestInstanceName(this.config.snapshotPrefix, db, at);
    return {
      dbInstanceIdentifier: db,
      regionRole: role,
      region: this.regionOf(role),
      instanceId,
      execution: execution.Name,
      request: {
        dbInstanceIdentifier: db,
        targetDbInstanceIdentifier: instanceId,
        region: role,
        snapshotId: 'latest',
        purpose: RESTORE_TEST_PURPOSE,
      },
    };
  }

  /** The validated plan with a throwaway's settings; refuses a plan that is not this run's restore test. */
  adjust(planInput: unknown, target: RestoreTestTarget): DbRestorePlan {
    const plan = checkPlan(planInput);
    if (
      plan.purpose !== RESTORE_TEST_PURPOSE ||
      plan.targetDbInstanceIdentifier !== target.instanceId ||
      plan.regionRole !== target.regionRole
    ) {
      throw new InvalidInput(
        'plan',
        `is not the plan of this restore test (${target.instanceId}, ${target.regionRole}, purpose ${RESTORE_TEST_PURPOSE})`,
      );
    }
    const net = this.settings.network[target.regionRole];
    if (!net) throw new PreconditionFailed(`no restore-test network is configured for the ${target.regionRole} region`);
    const origin = {
      ...plan.settingsOrigin,
      instanceClass: 'configured',
      subnetGroup: 'configured',
      securityGroupIds: 'configured',
      multiAz: 'configured',
      deletionProtection: 'configured',
      backupRetentionDays: 'configured',
    } as const;
    return {
      ...plan,
      settings: {
        ...plan.settings,
        instanceClass: this.settings.instanceClass,
        subnetGroup: net.subnetGroup,
        securityGroupIds: net.securityGroupIds,
        // PostgreSQL option groups hold no options: the throwaway takes the configured one or the engine's default.
        optionGroup: net.optionGroup,
        multiAz: false,
        deletionProtection: false,
        backupRetentionDays: 0,
      },
      settingsOrigin: origin,
    };
  }

  /** Deletes this run's instance (name AND tags checked with a fresh read); a no-op when absent or deleting. */
  async teardown(target: RestoreTestTarget): Promise<TeardownResult> {
    const region = target.region;
    const rds = this.clients(RDSClient, region);
    let instance: DBInstance | undefined;
    try {
      instance = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: target.instanceId }))).DBInstances?.[0];
    } catch (err) {
      if (!hasCode(err, 'DBInstanceNotFound')) return rethrowTyped(err, `DescribeDBInstances ${target.instanceId} in ${region}`);
    }
    const v = teardownVerdict(
      {
        instanceId: target.instanceId,
        deploymentId: this.config.deploymentId,
        prefix: this.config.snapshotPrefix,
        execution: target.execution,
      },
      instance && evidence(instance),
    );
    const at = this.now().toISOString();
    if (v.action === 'refuse') throw new PreconditionFailed(`teardown refused: ${v.reason}`);
    if (v.action === 'delete') {
      await this.deleteInstance(region, target.instanceId);
      return { action: 'deleted', instanceId: target.instanceId, region, reason: v.reason, at };
    }
    return { action: v.action, instanceId: target.instanceId, region, reason: v.reason, at };
  }

  private async deleteInstance(region: string, id: string): Promise<void> {
    try {
      await this.clients(RDSClient, region).send(
        new DeleteDBInstanceCommand({ DBInstanceIdentifier: id, SkipFinalSnapshot: true, DeleteAutomatedBackups: true }),
      );
    } catch (err) {
      if (hasCode(err, 'DBInstanceNotFound')) return;
      if (hasCode(err, 'InvalidDBInstanceState') && /deleting|being deleted/i.test((err as Error).message)) return;
      if (isThrottling(err)) rethrowTyped(err, `DeleteDBInstance ${id} in ${region}`);
      const e = err as Error;
      const wrapped = new Error(
        `DeleteDBInstance ${id} in ${region} failed (${awsErrorCode(err)}: ${e.message}); delete it by hand: ${deleteCommand(id, region)}`,
        {
          cause: err,
        },
      );
      wrapped.name = awsErrorCode(err) ?? 'Error';
      throw wrapped;
    }
  }
}
