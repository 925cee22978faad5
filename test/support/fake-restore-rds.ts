/**
 * An in-memory RDS for the database restore steps, installed on an aws-sdk-client-mock RDS mock:
 * instances, snapshots and automated backups per region; restores create instances that go
 * through a scripted list of statuses (one per DescribeDBInstances), so tests can show several
 * NotReady polls, a terminal status, or an instance appearing under the target's name. Shared by
 * the restore unit and workflow tests (and the restore test / drill tests that reuse its steps).
 */
import {
  type DBInstance,
  type DBInstanceAutomatedBackup,
  type DBSnapshot,
  DescribeDBInstanceAutomatedBackupsCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  ModifyDBInstanceCommand,
  RestoreDBInstanceFromDBSnapshotCommand,
  RestoreDBInstanceToPointInTimeCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import type { AwsStub } from 'aws-sdk-client-mock';
import { ownershipTags, TAG } from '../../lambdas/domain/backup/ownership-tags';
import { awsError } from './aws-error';

export const PRIMARY = 'us-east-1';
export const BACKUP = 'us-west-2';
export const DB = 'muejam-db-prod';
export const DB_KEY = 'arn:aws:kms:us-east-1:123456789012:key/db-key';
export const BACKUP_KEY = 'arn:aws:kms:us-west-2:123456789012:key/backup-key';
export const AUTOMATED_BACKUPS_ARN = 'arn:aws:rds:us-west-2:123456789012:auto-backup:ab-muejam-db-prod';

type RdsMock = AwsStub<any, any, any> & { on: AwsStub<any, any, any>['on'] };

export class FakeRestoreRds {
  readonly instances = new Map<string, DBInstance>();
  readonly snapshots = new Map<string, DBSnapshot>();
  readonly automatedBackups: Record<string, DBInstanceAutomatedBackup[]> = {};
  /** Statuses a restored instance reports, one per DescribeDBInstances; the last one repeats. */
  restoredStatuses: string[] = ['creating', 'available'];
  /** Set to make the restored instance report another key (verification failure). */
  restoredKmsKeyId?: string;
  private readonly polls = new Map<string, number>();

  constructor(readonly deploymentId: string) {}

  private key(region: string, id: string): string {
    return `${region}/${id.toLowerCase()}`;
  }

  /** The protected database in the primary region (encrypted, PITR on). */
  addSource(o: Partial<DBInstance> = {}): DBInstance {
    const i: DBInstance = {
      DBInstanceIdentifier: DB,
      DBInstanceArn: `arn:aws:rds:${PRIMARY}:123456789012:db:${DB}`,
      DBInstanceStatus: 'available',
      DBInstanceClass: 'db.r6g.large',
      Engine: 'postgres',
      EngineVersion: '16.4',
      AllocatedStorage: 100,
      StorageEncrypted: true,
      KmsKeyId: DB_KEY,
      DbiResourceId: 'db-ABC',
      MultiAZ: true,
      BackupRetentionPeriod: 7,
      LatestRestorableTime: new Date('2026-12-03T04:55:00Z'),
      DBSubnetGroup: { DBSubnetGroupName: 'app-private' },
      VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0123456789abcdef0', Status: 'active' }],
      DBParameterGroups: [{ DBParameterGroupName: 'app-pg16' }],
      TagList: [],
      ...o,
    };
    this.instances.set(this.key(PRIMARY, DB), i);
    this.automatedBackups[PRIMARY] = [
      {
        DBInstanceIdentifier: DB,
        DbiResourceId: 'db-ABC',
        Status: 'active',
        RestoreWindow: { EarliestTime: new Date('2026-11-26T05:00:00Z'), LatestTime: new Date('2026-12-03T04:55:00Z') },
      },
    ];
    return i;
  }

  /** Replicated automated backups of DB in the backup region (what StartDBInstanceAutomatedBackupsReplication makes). */
  addReplicatedBackups(o: Partial<DBInstanceAutomatedBackup> = {}): void {
    this.automatedBackups[BACKUP] = [
      {
        DBInstanceIdentifier: DB,
        DBInstanceAutomatedBackupsArn: AUTOMATED_BACKUPS_ARN,
        Status: 'replicating',
        Engine: 'postgres',
        EngineVersion: '16.4',
        AllocatedStorage: 100,
        Encrypted: true,
        KmsKeyId: BACKUP_KEY,
        RestoreWindow: { EarliestTime: new Date('2026-11-26T05:00:00Z'), LatestTime: new Date('2026-12-03T04:50:00Z') },
        ...o,
      },
    ];
  }

  /** A snapshot of DB this deployment made in `region` (verified unless `verifiedAt` is null). */
  addSnapshot(
    region: string,
    id: string,
    o: { createdAt?: string; verifiedAt?: string | null; tags?: { Key: string; Value: string }[]; snapshot?: Partial<DBSnapshot> } = {},
  ): DBSnapshot {
    const role = region === PRIMARY ? 'primary' : 'backup';
    const tags = o.tags ?? ownershipTags({ deploymentId: this.deploymentId, resource: DB, regionRole: role, execution: 'backup-run' });
    const verified = o.verifiedAt === null ? [] : [{ Key: TAG.verifiedAt, Value: o.verifiedAt ?? '2026-12-03T00:10:00Z' }];
    const s: DBSnapshot = {
      DBSnapshotIdentifier: id,
      DBSnapshotArn: `arn:aws:rds:${region}:123456789012:snapshot:${id}`,
      DBInstanceIdentifier: DB,
      Status: 'available',
      SnapshotType: 'manual',
      SnapshotCreateTime: new Date(o.createdAt ?? '2026-12-03T00:00:00Z'),
      Encrypted: true,
      KmsKeyId: region === PRIMARY ? DB_KEY : BACKUP_KEY,
      Engine: 'postgres',
      EngineVersion: '16.4',
      AllocatedStorage: 100,
      TagList: [...tags, ...verified],
      ...o.snapshot,
    };
    this.snapshots.set(this.key(region, id), s);
    return s;
  }

  /** An instance that is not this system's (e.g. one already using the target's name). */
  addForeignInstance(region: string, id: string, tags: { Key: string; Value: string }[] = []): void {
    this.instances.set(this.key(region, id), { DBInstanceIdentifier: id, DBInstanceStatus: 'available', TagList: tags });
  }

  instance(region: string, id: string): DBInstance | undefined {
    return this.instances.get(this.key(region, id));
  }

  private create(
    region: string,
    id: string,
    input: Record<string, any>,
    from: { kmsKeyId?: string; engine?: string; engineVersion?: string; storage?: number },
  ): DBInstance {
    if (this.instances.has(this.key(region, id))) throw awsError('DBInstanceAlreadyExistsFault', `DB instance ${id} already exists`);
    const i: DBInstance = {
      DBInstanceIdentifier: id,
      DBInstanceArn: `arn:aws:rds:${region}:123456789012:db:${id}`,
      DBInstanceStatus: 'creating',
      DBInstanceClass: input.DBInstanceClass ?? 'db.r6g.large',
      Engine: from.engine,
      EngineVersion: from.engineVersion,
      AllocatedStorage: from.storage,
      StorageEncrypted: true,
      KmsKeyId: this.restoredKmsKeyId ?? from.kmsKeyId,
      MultiAZ: input.MultiAZ ?? false,
      DeletionProtection: input.DeletionProtection ?? false,
      BackupRetentionPeriod: input.BackupRetentionPeriod ?? 1,
      VpcSecurityGroups: (input.VpcSecurityGroupIds ?? []).map((g: string) => ({ VpcSecurityGroupId: g })),
      DBParameterGroups: input.DBParameterGroupName
        ? [{ DBParameterGroupName: input.DBParameterGroupName }]
        : [{ DBParameterGroupName: 'default.postgres16' }],
      DBSubnetGroup: input.DBSubnetGroupName ? { DBSubnetGroupName: input.DBSubnetGroupName } : { DBSubnetGroupName: 'default' },
      Endpoint: { Address: `${id}.abc.${region}.rds.amazonaws.com`, Port: 5432 },
      TagList: input.Tags ?? [],
    };
    this.instances.set(this.key(region, id), i);
    this.polls.set(this.key(region, id), 0);
    return i;
  }

  install(rds: RdsMock): void {
    const region = async (getClient: () => RDSClient) => getClient().config.region();
    rds.on(DescribeDBInstancesCommand).callsFake(async (input, getClient) => {
      const r = await region(getClient);
      const k = this.key(r, input.DBInstanceIdentifier);
      const i = this.instances.get(k);
      if (!i) throw awsError('DBInstanceNotFoundFault', `DBInstance ${input.DBInstanceIdentifier} not found`);
      if (this.polls.has(k)) {
        const n = this.polls.get(k)!;
        this.polls.set(k, n + 1);
        i.DBInstanceStatus = this.restoredStatuses[Math.min(n, this.restoredStatuses.length - 1)];
      }
      return { DBInstances: [structuredClone(i)] };
    });
    rds.on(DescribeDBSnapshotsCommand).callsFake(async (input, getClient) => {
      const r = await region(getClient);
      if (input.DBSnapshotIdentifier) {
        const s = this.snapshots.get(this.key(r, input.DBSnapshotIdentifier));
        if (!s) throw awsError('DBSnapshotNotFoundFault', `DBSnapshot ${input.DBSnapshotIdentifier} not found`);
        return { DBSnapshots: [s] };
      }
      return {
        DBSnapshots: [...this.snapshots.entries()]
          .filter(([k, s]) => k.startsWith(`${r}/`) && s.DBInstanceIdentifier === input.DBInstanceIdentifier)
          .map(([, s]) => s),
      };
    });
    rds.on(DescribeDBInstanceAutomatedBackupsCommand).callsFake(async (input, getClient) => {
      const r = await region(getClient);
      return {
        DBInstanceAutomatedBackups: (this.automatedBackups[r] ?? []).filter((b) => b.DBInstanceIdentifier === input.DBInstanceIdentifier),
      };
    });
    rds.on(RestoreDBInstanceFromDBSnapshotCommand).callsFake(async (input, getClient) => {
      const r = await region(getClient);
      const s = this.snapshots.get(this.key(r, input.DBSnapshotIdentifier));
      if (!s) throw awsError('DBSnapshotNotFoundFault', `DBSnapshot ${input.DBSnapshotIdentifier} not found`);
      const i = this.create(r, input.DBInstanceIdentifier, input, {
        kmsKeyId: s.KmsKeyId,
        engine: s.Engine,
        engineVersion: s.EngineVersion,
        storage: s.AllocatedStorage,
      });
      return { DBInstance: i };
    });
    rds.on(RestoreDBInstanceToPointInTimeCommand).callsFake(async (input, getClient) => {
      const r = await region(getClient);
      if (input.RestoreTime && input.UseLatestRestorableTime)
        throw awsError('InvalidParameterCombination', 'RestoreTime and UseLatestRestorableTime are exclusive');
      const src = input.SourceDBInstanceIdentifier ? this.instances.get(this.key(r, input.SourceDBInstanceIdentifier)) : undefined;
      const ab = (this.automatedBackups[r] ?? []).find(
        (b) => b.DBInstanceAutomatedBackupsArn === input.SourceDBInstanceAutomatedBackupsArn,
      );
      if (!src && !ab) throw awsError('DBInstanceAutomatedBackupNotFoundFault', 'no source for the point-in-time restore');
      const from = src
        ? { kmsKeyId: src.KmsKeyId, engine: src.Engine, engineVersion: src.EngineVersion, storage: src.AllocatedStorage }
        : { kmsKeyId: ab!.KmsKeyId, engine: ab!.Engine, engineVersion: ab!.EngineVersion, storage: ab!.AllocatedStorage };
      return { DBInstance: this.create(r, input.TargetDBInstanceIdentifier, input, from) };
    });
    rds.on(ModifyDBInstanceCommand).callsFake(async (input, getClient) => {
      const r = await region(getClient);
      const i = this.instances.get(this.key(r, input.DBInstanceIdentifier));
      if (!i) throw awsError('DBInstanceNotFoundFault', `DBInstance ${input.DBInstanceIdentifier} not found`);
      if (input.BackupRetentionPeriod !== undefined) i.BackupRetentionPeriod = input.BackupRetentionPeriod;
      if (input.DeletionProtection !== undefined) i.DeletionProtection = input.DeletionProtection;
      return { DBInstance: i };
    });
  }
}
