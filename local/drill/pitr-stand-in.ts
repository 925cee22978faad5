/**
 * moto has no automated-backups replication: DescribeDBInstanceAutomatedBackups in the backup
 * region lists nothing replicated, and RestoreDBInstanceToPointInTime from a
 * SourceDBInstanceAutomatedBackupsArn answers HTTP 500. This stand-in (local runs only, in the
 * process-wide RDS client of the backup region, like local/failover-world.ts's replication shim)
 * answers the first as AWS does once replication runs (the replicated backups' ARN, restore window,
 * key, engine), and performs the second as a restore of the newest backup-region snapshot copy
 * under the requested name, parameters and tags, recording that it did so. Every other call goes
 * to moto unchanged. The production code is the same code; only the emulator's answers change.
 */
import {
  type DBInstanceAutomatedBackup,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
  RestoreDBInstanceFromDBSnapshotCommand,
  type RestoreDBInstanceToPointInTimeCommandInput,
} from '@aws-sdk/client-rds';
import { awsClient, type ClientFactory } from '../../lambdas/runtime/clients';
import type { RuntimeConfig } from '../../lambdas/runtime/runtime-config';

export interface PitrStandIn {
  /** The point-in-time restores the stand-in performed: target, the snapshot copy it used, the request. */
  readonly restores: { target: string; fromSnapshot: string; request: RestoreDBInstanceToPointInTimeCommandInput }[];
}

const NAME = 'muejamMotoAutomatedBackupsReplication';

export function automatedBackupsArn(region: string, db: string): string {
  return `arn:aws:rds:${region}:123456789012:auto-backup:ab-${db}`;
}

export async function installPitrStandIn(config: RuntimeConfig, clients: ClientFactory): Promise<PitrStandIn> {
  const region = config.backupRegion;
  const primary = clients(RDSClient, config.primaryRegion);
  const facts = new Map<string, DBInstanceAutomatedBackup>();
  for (const db of config.databases) {
    const i = (await primary.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: db }))).DBInstances?.[0];
    facts.set(db, {
      DBInstanceIdentifier: db,
      DBInstanceAutomatedBackupsArn: automatedBackupsArn(region, db),
      Region: config.primaryRegion,
      Status: 'replicating',
      Engine: i?.Engine,
      EngineVersion: i?.EngineVersion,
      AllocatedStorage: i?.AllocatedStorage,
      Encrypted: true,
      KmsKeyId: undefined,
    });
  }
  const state: PitrStandIn = { restores: [] };
  const client = awsClient(RDSClient, region);
  client.middlewareStack.remove(NAME);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, any>;
      if (context.commandName === 'DescribeDBInstanceAutomatedBackupsCommand' && facts.has(input.DBInstanceIdentifier)) {
        const backup = facts.get(input.DBInstanceIdentifier)!;
        const copy = await newestCopy(client, input.DBInstanceIdentifier);
        const now = Date.now();
        const answer: DBInstanceAutomatedBackup = {
          ...backup,
          KmsKeyId: copy?.KmsKeyId,
          EngineVersion: copy?.EngineVersion ?? backup.EngineVersion,
          RestoreWindow: { EarliestTime: new Date(now - 86_400_000), LatestTime: new Date(now - 60_000) },
        };
        return { output: { DBInstanceAutomatedBackups: [answer], $metadata: {} } as never, response: {} };
      }
      if (context.commandName === 'RestoreDBInstanceToPointInTimeCommand' && input.SourceDBInstanceAutomatedBackupsArn) {
        const db = [...facts.values()].find((f) => f.DBInstanceAutomatedBackupsArn === input.SourceDBInstanceAutomatedBackupsArn);
        const copy = db ? await newestCopy(client, db.DBInstanceIdentifier!) : undefined;
        if (!copy) return next(args); // moto's own answer (HTTP 500), as without the stand-in
        const {
          SourceDBInstanceAutomatedBackupsArn,
          SourceDBInstanceIdentifier,
          UseLatestRestorableTime,
          RestoreTime,
          TargetDBInstanceIdentifier,
          ...rest
        } = input as RestoreDBInstanceToPointInTimeCommandInput;
        const out = await client.send(
          new RestoreDBInstanceFromDBSnapshotCommand({
            ...rest,
            DBInstanceIdentifier: TargetDBInstanceIdentifier,
            DBSnapshotIdentifier: copy.DBSnapshotIdentifier,
          }),
        );
        state.restores.push({
          target: TargetDBInstanceIdentifier!,
          fromSnapshot: copy.DBSnapshotIdentifier!,
          request: input as RestoreDBInstanceToPointInTimeCommandInput,
        });
        return { output: { DBInstance: out.DBInstance, $metadata: {} } as never, response: {} };
      }
      return next(args);
    },
    { step: 'initialize', name: NAME },
  );
  return state;
}

export function removePitrStandIn(config: RuntimeConfig): void {
  awsClient(RDSClient, config.backupRegion).middlewareStack.remove(NAME);
}

async function newestCopy(client: RDSClient, db: string) {
  const out = await client.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: db }));
  return (out.DBSnapshots ?? [])
    .filter((s) => s.Status === 'available')
    .sort((a, b) => (b.SnapshotCreateTime?.getTime() ?? 0) - (a.SnapshotCreateTime?.getTime() ?? 0))[0];
}
