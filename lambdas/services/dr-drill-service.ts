/**
 * The DR drill's own steps (state-machines/dr-drill.asl.json); the restore, SQL-check and
 * failover steps it composes are the other workflows' handlers. Plan (input, goals, drill
 * DNS record), inventory (retention plan + RPO over both regions, Redis too), the drill
 * replica of the restored drill instance in another AZ, and the failover rehearsal's plan
 * (the failover's guards on the drill pair). Every mutating call here targets a resource
 * created by this drill run: checked by assertDrillOwned before the call, and by IAM.
 */
import { CreateDBInstanceReadReplicaCommand, RDSClient } from '@aws-sdk/client-rds';
import { ownershipTags } from '../domain/backup/ownership-tags';
import { type DrillPlan, planDrill } from '../domain/drill/drill-plan';
import { type DrillFailoverDecision, decideDrillFailover } from '../domain/drill/drill-failover';
import { type InventoryResult, checkInventory } from '../domain/drill/inventory';
import { DRILL_PURPOSE, type DrillIdentity, assertDrillOwned, drillTagValue } from '../domain/drill/ownership-guard';
import { instanceFacts } from '../domain/failover/instance-facts';
import { RESTORE_TAG } from '../domain/restore/restore-tags';
import { DRILL_SETTINGS, type DrillSettings } from '../domain/settings/drill';
import { FAILOVER_SETTINGS, type FailoverSettings, databaseFailoverSettings } from '../domain/settings/failover';
import { NotReady, TerminalStatus } from '../errors';
import type { ClientFactory } from '../runtime/clients';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { hasCode, rethrowTyped } from './aws-errors';
import type { ExecutionRef } from './execution-ref';
import { describeInstance, replicaLagDatapoints } from './rds-instance-reads';
import { readRetentionSettings } from './retention-config';
import { RetentionService } from './retention-service';
import { recoveryPointSources } from './rpo-setup';

export interface DrillReplicaRef {
  dbInstanceIdentifier: string;
  sourceDbInstanceIdentifier: string;
  availabilityZone: string;
  requestedAt: string;
}

const TERMINAL = /^(failed|deleting|deleted|incompatible-.*|inaccessible-encryption-credentials.*|storage-full)$/;

export class DrDrillService {
  constructor(
    private readonly config: RuntimeConfig,
    private readonly clients: ClientFactory,
    private readonly drill: () => DrillSettings = () => DRILL_SETTINGS.read(),
    private readonly failover: () => FailoverSettings = () => FAILOVER_SETTINGS.read(),
    private readonly now: () => Date = () => new Date(),
  ) {}

  identity(plan: Pick<DrillPlan, 'drillId'>): DrillIdentity {
    return { deploymentId: this.config.deploymentId, drillId: plan.drillId, protectedDatabases: this.config.databases };
  }

  /** Step 1: validates the input and the drill DNS record (never the production record); creates nothing. */
  plan(input: unknown, execution: ExecutionRef): DrillPlan {
    const failover = this.failover();
    return planDrill(input, execution, {
      deploymentId: this.config.deploymentId,
      primaryRegion: this.config.primaryRegion,
      backupRegion: this.config.backupRegion,
      databases: this.config.databases,
      settings: this.drill(),
      dnsOf: (db) => {
        const d = databaseFailoverSettings(failover, db);
        return { production: d.dns, drill: d.drillDns };
      },
    });
  }

  /** Step 2: every held backup in both regions and verified, newest within RPO, Redis too. Reads only. */
  async inventory(plan: DrillPlan): Promise<InventoryResult & { finishedAt: string }> {
    const retention = new RetentionService(this.config, this.clients, this.now);
    const [primary, backup] = await Promise.all(
      [plan.primaryRegion, plan.backupRegion].map((r) => retention.listSnapshots(r, plan.database)),
    );
    const cache = recoveryPointSources(this.config, this.clients).find((s) => s.kind === 'cache');
    const caches = cache
      ? await Promise.all(
          cache.resources.map(async (group) => ({
            group,
            primary: await cache.candidates(group, plan.primaryRegion, 'primary'),
            backup: await cache.candidates(group, plan.backupRegion, 'backup'),
          })),
        )
      : [];
    const now = this.now();
    const result = checkInventory({
      database: plan.database,
      identity: { deploymentId: this.config.deploymentId, primaryRegion: plan.primaryRegion, backupRegion: plan.backupRegion },
      policy: readRetentionSettings().policy,
      now,
      rpoHours: this.drill().rpoHours,
      snapshots: [...primary.snapshots, ...backup.snapshots],
      caches,
      inFlightMinutes: plan.inFlightMinutes,
    });
    return { ...result, finishedAt: this.now().toISOString() };
  }

  /** The failover rehearsal's throwaway replica: of the restored drill instance, in another AZ, with the drill tags. */
  async createReplica(plan: DrillPlan, execution: ExecutionRef): Promise<DrillReplicaRef> {
    const region = plan.backupRegion;
    const sourceRaw = await describeInstance(this.clients, region, plan.names.restore);
    if (!sourceRaw) throw new TerminalStatus(`the drill instance ${plan.names.restore} does not exist in ${region}: no replica to make`);
    const source = instanceFacts(sourceRaw);
    assertDrillOwned('replicate', source.id, source.tags, this.identity(plan));
    const existing = await describeInstance(this.clients, region, plan.names.replica);
    if (existing) {
      // A retried step: continue only with this drill's own replica.
      assertDrillOwned('reuse', plan.names.replica, instanceFacts(existing).tags, this.identity(plan));
      return {
        dbInstanceIdentifier: plan.names.replica,
        sourceDbInstanceIdentifier: source.id,
        availabilityZone: existing.AvailabilityZone ?? '',
        requestedAt: this.now().toISOString(),
      };
    }
    const az = otherAz(source.az, region);
    // The drill tag: muejam:execution = the drill's execution name (this step runs in the drill's own execution).
    const tags = [
      ...ownershipTags({
        deploymentId: this.config.deploymentId,
        resource: plan.database,
        regionRole: 'backup',
        execution: drillTagValue(execution.Name ?? plan.drillId),
      }),
      { Key: RESTORE_TAG.purpose, Value: DRILL_PURPOSE },
    ];
    try {
      await this.clients(RDSClient, region).send(
        new CreateDBInstanceReadReplicaCommand({
          DBInstanceIdentifier: plan.names.replica,
          SourceDBInstanceIdentifier: source.id,
          AvailabilityZone: az,
          Tags: tags,
          CopyTagsToSnapshot: true,
          DeletionProtection: false,
        }),
      );
    } catch (err) {
      if (!hasCode(err, 'DBInstanceAlreadyExists'))
        rethrowTyped(err, `create the drill replica ${plan.names.replica} of ${source.id} in ${az}`);
    }
    return {
      dbInstanceIdentifier: plan.names.replica,
      sourceDbInstanceIdentifier: source.id,
      availabilityZone: az,
      requestedAt: this.now().toISOString(),
    };
  }

  /** NotReady until the drill replica is available; TerminalStatus on a status it will not leave. */
  async checkReplica(plan: DrillPlan): Promise<{ availableAt: string; availabilityZone?: string }> {
    const raw = await describeInstance(this.clients, plan.backupRegion, plan.names.replica);
    if (!raw) throw new NotReady(`${plan.names.replica} is not listed yet`);
    const status = raw.DBInstanceStatus ?? 'unknown';
    if (TERMINAL.test(status)) throw new TerminalStatus(`the drill replica ${plan.names.replica} is ${status}`);
    if (status !== 'available') throw new NotReady(`${plan.names.replica} is ${status}`);
    return { availableAt: this.now().toISOString(), availabilityZone: raw.AvailabilityZone };
  }

  /** The failover's guards on the drill pair, fresh; the plan its promote and DNS steps run, or a refusal (nothing changed). */
  async planFailover(plan: DrillPlan): Promise<DrillFailoverDecision> {
    const region = plan.backupRegion;
    const now = this.now();
    const [primary, target, lag] = await Promise.all([
      describeInstance(this.clients, region, plan.names.restore),
      describeInstance(this.clients, region, plan.names.replica),
      replicaLagDatapoints(this.clients, region, plan.names.replica, now),
    ]);
    return decideDrillFailover({
      database: plan.database,
      primary: primary ? instanceFacts(primary) : undefined,
      primaryId: plan.names.restore,
      target: target ? instanceFacts(target) : undefined,
      targetId: plan.names.replica,
      lag,
      now,
      maxLagSeconds: this.failover().maxLagSeconds,
      identity: this.identity(plan),
      region,
      dns: plan.dns,
      drillStartedAt: plan.startedAt,
    });
  }
}

/** Another AZ of the region than the source's: the next letter (a -> b, b -> c, ..., f -> a). */
export function otherAz(sourceAz: string | undefined, region: string): string {
  const letter = sourceAz?.slice(-1) ?? 'a';
  const next = letter === 'f' ? 'a' : String.fromCharCode(letter.charCodeAt(0) + 1);
  return `${region}${next}`;
}
