/**
 * DatabaseRestoreService: the steps of a database restore (state-machines/database-restore.asl.json,
 * reused by the restore test and the DR drill with their own purpose and target):
 *
 *   validate (request, target, source snapshot or PITR window, settings; changes nothing)
 *   -> restore (RestoreDBInstanceFromDBSnapshot / RestoreDBInstanceToPointInTime, tagged)
 *   -> wait until available -> apply settings that did not take -> verify.
 *
 * It only ever creates an instance, and modifies only an instance tagged as this deployment's
 * restore. The outcome (metrics, alerts) is lambdas/services/restore-outcome-service.ts.
 */
import {
  type DBInstance,
  ModifyDBInstanceCommand,
  RestoreDBInstanceFromDBSnapshotCommand,
  RestoreDBInstanceToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { NotReady, PreconditionFailed, TerminalStatus, VerificationFailed } from '../errors';
import { tagsToRecord } from '../domain/backup/ownership-tags';
import { classifyInstanceStatus } from '../domain/restore/instance-status';
import { planInstanceSettings, restoreParameters, settingsDrift, type SourceSettings } from '../domain/restore/instance-settings';
import { checkPlan, checkRestoreRef, type DbRestorePlan, type DbRestoreRef } from '../domain/restore/restore-plan';
import { validateDbRestoreRequest } from '../domain/restore/restore-request';
import { restoreTags } from '../domain/restore/restore-tags';
import { assertResumable, assertTargetAbsent, isDeploymentRestore } from '../domain/restore/restore-target';
import { describeFailedChecks, type RestoreCheck, verifyRestoredInstance } from '../domain/restore/verify-restore';
import type { RestoreSettings } from '../domain/settings/restore';
import type { ClientFactory } from '../runtime/clients';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { hasCode, rethrowTyped } from './aws-errors';
import type { ExecutionRef } from './backup-service';
import { RdsRestoreReads } from './rds-restore-reads';
import { pitrSource, type SourcePart, snapshotSource } from './restore-source-reader';

export interface RestoreWaitResult {
  status: string;
  /** First time the instance was seen available. */
  availableAt: string;
}

export interface RestoreVerification {
  isValid: boolean;
  checks: RestoreCheck[];
  endpoint?: string;
  port?: number;
  verifiedAt: string;
}

export class DatabaseRestoreService {
  private readonly reads: RdsRestoreReads;

  constructor(
    private readonly config: RuntimeConfig,
    private readonly settings: RestoreSettings,
    clients: ClientFactory,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.reads = new RdsRestoreReads(clients);
  }

  /** Step 1: the whole plan, every input checked against fresh reads. Creates, changes and deletes nothing. */
  async validateRestore(input: unknown, execution: ExecutionRef): Promise<DbRestorePlan> {
    const req = validateDbRestoreRequest(input, this.config);
    const target = req.targetDbInstanceIdentifier;
    const existing = await this.reads.instance(req.region, target);
    assertTargetAbsent(
      'targetDbInstanceIdentifier',
      target,
      req.region,
      existing && { status: existing.DBInstanceStatus, tags: tagsToRecord(existing.TagList) },
    );
    // In the backup region the source may be unreachable (that is why one restores there): never read it.
    const source = req.regionRole === 'primary' ? await this.reads.instance(req.region, req.dbInstanceIdentifier) : undefined;
    const from: SourcePart =
      req.source.kind === 'snapshot'
        ? await snapshotSource(this.reads, this.config.deploymentId, req)
        : await pitrSource(this.reads, req, source, this.now());
    const planned = planInstanceSettings({
      configured: this.settings.databases[req.dbInstanceIdentifier]?.[req.regionRole],
      source: source && sourceSettings(source),
      regionRole: req.regionRole,
      purpose: req.purpose,
    });
    return {
      ...from,
      dbInstanceIdentifier: req.dbInstanceIdentifier,
      targetDbInstanceIdentifier: target,
      region: req.region,
      regionRole: req.regionRole,
      purpose: req.purpose,
      settings: planned.settings,
      settingsOrigin: planned.origin,
      tags: restoreTags({
        deploymentId: this.config.deploymentId,
        sourceDb: req.dbInstanceIdentifier,
        regionRole: req.regionRole,
        execution: execution.Name,
        purpose: req.purpose,
        restoredFrom: from.snapshot?.arn || from.pitr?.sourceAutomatedBackupsArn || `pitr:${req.dbInstanceIdentifier}`,
        pointInTime: from.pointInTime,
        extra: planned.settings.tags,
      }),
      warnings: [...from.warnings, ...planned.warnings],
      requestedAt: new Date(execution.StartTime || this.now()).toISOString(),
    };
  }

  /** Step 2: asks RDS for the new instance; a retried step continues with the instance its first attempt made. */
  async startRestore(planInput: unknown, execution: ExecutionRef): Promise<DbRestoreRef> {
    const plan = checkPlan(planInput);
    const target = plan.targetDbInstanceIdentifier;
    const common = { ...restoreParameters(plan.settings), Tags: plan.tags };
    const rds = this.reads.rds(plan.region);
    const startedAt = this.now().toISOString();
    try {
      const out =
        plan.mode === 'snapshot'
          ? await rds.send(
              new RestoreDBInstanceFromDBSnapshotCommand({
                ...common,
                DBInstanceIdentifier: target,
                DBSnapshotIdentifier: plan.snapshot!.id,
              }),
            )
          : await rds.send(
              new RestoreDBInstanceToPointInTimeCommand({
                ...common,
                TargetDBInstanceIdentifier: target,
                SourceDBInstanceIdentifier: plan.pitr!.sourceDbInstanceIdentifier,
                SourceDBInstanceAutomatedBackupsArn: plan.pitr!.sourceAutomatedBackupsArn,
                ...(plan.pitr!.useLatestRestorableTime
                  ? { UseLatestRestorableTime: true }
                  : { RestoreTime: new Date(plan.pitr!.restoreTime!) }),
              }),
            );
      return {
        dbInstanceIdentifier: target,
        region: plan.region,
        dbInstanceArn: out.DBInstance?.DBInstanceArn ?? '',
        startedAt,
        resumed: false,
      };
    } catch (err) {
      if (!hasCode(err, 'DBInstanceAlreadyExists'))
        return rethrowTyped(err, `restore of ${plan.dbInstanceIdentifier} to ${target} in ${plan.region}`);
      const existing = await this.reads.instance(plan.region, target);
      const facts = existing && { status: existing.DBInstanceStatus, tags: tagsToRecord(existing.TagList) };
      assertResumable(target, plan.region, facts, {
        deploymentId: this.config.deploymentId,
        purpose: plan.purpose,
        execution: execution.Name,
      });
      return { dbInstanceIdentifier: target, region: plan.region, dbInstanceArn: existing?.DBInstanceArn ?? '', startedAt, resumed: true };
    }
  }

  /** Step 3 (polled by the state's Retry): NotReady while the instance is being created. */
  async waitForRestore(ref: unknown): Promise<RestoreWaitResult> {
    const r = checkRestoreRef(ref);
    const i = await this.reads.instance(r.region, r.dbInstanceIdentifier);
    if (!i) throw new TerminalStatus(`restored instance ${r.dbInstanceIdentifier} no longer exists in ${r.region}`);
    const status = i.DBInstanceStatus ?? 'unknown';
    const cls = classifyInstanceStatus(status);
    if (cls === 'terminal') throw new TerminalStatus(`restored instance ${r.dbInstanceIdentifier} in ${r.region} is "${status}"`);
    if (cls === 'waiting') throw new NotReady(`restored instance ${r.dbInstanceIdentifier} in ${r.region} is "${status}"`);
    return { status, availableAt: this.now().toISOString() };
  }

  /** Step 4: brings the new instance to the planned settings where the restore call did not (only this deployment's restores). */
  async applySettings(input: { plan?: unknown; restore?: unknown }): Promise<{ modified: string[] }> {
    const plan = checkPlan(input?.plan);
    const r = checkRestoreRef(input?.restore);
    const i = await this.ownRestore(r);
    const drift = settingsDrift(
      {
        instanceClass: i.DBInstanceClass,
        securityGroupIds: (i.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId ?? '').filter(Boolean),
        parameterGroup: i.DBParameterGroups?.[0]?.DBParameterGroupName,
        multiAz: i.MultiAZ,
        deletionProtection: i.DeletionProtection,
        backupRetentionDays: i.BackupRetentionPeriod,
      },
      plan.settings,
    );
    const modified = Object.keys(drift);
    if (modified.length === 0) return { modified };
    try {
      await this.reads
        .rds(r.region)
        .send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: r.dbInstanceIdentifier, ApplyImmediately: true, ...drift }));
    } catch (err) {
      rethrowTyped(err, `ModifyDBInstance ${r.dbInstanceIdentifier} in ${r.region}`);
    }
    return { modified };
  }

  /** Step 5: available (NotReady while settings apply), encrypted with the expected key, same engine and version, storage >= source. */
  async verifyRestore(input: { plan?: unknown; restore?: unknown }): Promise<RestoreVerification> {
    const plan = checkPlan(input?.plan);
    const r = checkRestoreRef(input?.restore);
    const i = await this.ownRestore(r);
    const status = i.DBInstanceStatus ?? 'unknown';
    if (classifyInstanceStatus(status) === 'waiting')
      throw new NotReady(`restored instance ${r.dbInstanceIdentifier} is "${status}" (settings being applied)`);
    const result = verifyRestoredInstance(
      {
        status,
        encrypted: Boolean(i.StorageEncrypted),
        kmsKeyId: i.KmsKeyId,
        engine: i.Engine,
        engineVersion: i.EngineVersion,
        allocatedStorage: i.AllocatedStorage,
      },
      plan.expected,
    );
    if (!result.isValid) {
      throw new VerificationFailed(
        `restored instance ${r.dbInstanceIdentifier} in ${r.region} failed verification: ${describeFailedChecks(result.checks)}`,
      );
    }
    return { ...result, endpoint: i.Endpoint?.Address, port: i.Endpoint?.Port, verifiedAt: this.now().toISOString() };
  }

  private async ownRestore(r: DbRestoreRef): Promise<DBInstance> {
    const i = await this.reads.instance(r.region, r.dbInstanceIdentifier);
    if (!i) throw new TerminalStatus(`restored instance ${r.dbInstanceIdentifier} no longer exists in ${r.region}`);
    if (!isDeploymentRestore(tagsToRecord(i.TagList), this.config.deploymentId)) {
      throw new PreconditionFailed(
        `instance ${r.dbInstanceIdentifier} in ${r.region} is not tagged as a restore of deployment "${this.config.deploymentId}"; refusing to touch it`,
      );
    }
    return i;
  }
}

function ownGroup(name: string | undefined, defaultPrefix: string): string | undefined {
  return name && !name.startsWith(defaultPrefix) ? name : undefined;
}

function sourceSettings(i: DBInstance): SourceSettings {
  const sgs = (i.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId ?? '').filter(Boolean);
  return {
    instanceClass: i.DBInstanceClass,
    subnetGroup: i.DBSubnetGroup?.DBSubnetGroupName,
    securityGroupIds: sgs.length ? sgs : undefined,
    // The engine's default groups ("default.postgres16", "default:postgres-16") are what RDS applies when none is
    // named: copying them would only pin the restore to the source's major version. Own groups are kept.
    parameterGroup: ownGroup(i.DBParameterGroups?.[0]?.DBParameterGroupName, 'default.'),
    optionGroup: ownGroup(i.OptionGroupMemberships?.[0]?.OptionGroupName, 'default:'),
    multiAz: i.MultiAZ,
    backupRetentionDays: i.BackupRetentionPeriod || undefined,
  };
}
