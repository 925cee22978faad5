/**
 * RDS at the SDK boundary for the database backup: the protected instance, its
 * snapshots and their verified tag. Not-found is `undefined` (or a clear
 * PreconditionFailed for the instance), throttling is `Throttled`.
 */
import {
  AddTagsToResourceCommand,
  type DBInstance,
  type DBSnapshot,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { PreconditionFailed } from '../errors';
import type { ClientFactory } from '../runtime/clients';
import { TAG } from '../domain/backup/ownership-tags';
import type { SnapshotFacts } from '../domain/backup/verify-snapshots';
import { hasCode, rethrowTyped } from './aws-errors';

export class RdsSnapshots {
  constructor(private readonly clients: ClientFactory) {}

  rds(region: string): RDSClient {
    return this.clients(RDSClient, region);
  }

  async describeInstance(region: string, db: string): Promise<DBInstance> {
    try {
      const out = await this.rds(region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: db }));
      const instance = out.DBInstances?.[0];
      if (!instance) throw new PreconditionFailed(`no RDS instance named "${db}" in ${region}`);
      return instance;
    } catch (err) {
      if (hasCode(err, 'DBInstanceNotFound')) throw new PreconditionFailed(`no RDS instance named "${db}" in ${region}`, { cause: err });
      return rethrowTyped(err, `DescribeDBInstances ${db}`);
    }
  }

  async describeSnapshot(region: string, id: string): Promise<DBSnapshot | undefined> {
    try {
      const out = await this.rds(region).send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id }));
      return out.DBSnapshots?.[0];
    } catch (err) {
      if (hasCode(err, 'DBSnapshotNotFound')) return undefined;
      return rethrowTyped(err, `DescribeDBSnapshots ${id} in ${region}`);
    }
  }

  async tagVerified(region: string, arn: string, at: string): Promise<void> {
    try {
      await this.rds(region).send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: TAG.verifiedAt, Value: at }] }));
    } catch (err) {
      rethrowTyped(err, `AddTagsToResource ${arn}`);
    }
  }
}

/** The facts of a snapshot the verification judges. */
export function snapshotFacts(s: DBSnapshot, region: string): SnapshotFacts {
  return {
    id: s.DBSnapshotIdentifier ?? '',
    arn: s.DBSnapshotArn ?? '',
    region,
    status: s.Status ?? 'unknown',
    encrypted: Boolean(s.Encrypted),
    kmsKeyId: s.KmsKeyId,
    engine: s.Engine,
    engineVersion: s.EngineVersion,
    allocatedStorage: s.AllocatedStorage,
  };
}
