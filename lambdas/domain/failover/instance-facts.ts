/**
 * What the failover guards know about an RDS instance: the few fields of
 * DescribeDBInstances they judge, in plain data (no SDK types), so every guard
 * is a pure function over evidence. Built by `instanceFacts` from an SDK
 * DBInstance-shaped object.
 */
import { tagsToRecord } from '../backup/ownership-tags';

/** The replication status RDS reports for a read replica (StatusInfos, StatusType "read replication"). */
export interface ReplicationStatus {
  status: string;
  normal: boolean;
  message?: string;
}

export interface InstanceFacts {
  id: string;
  arn: string;
  status: string;
  az?: string;
  /** ReadReplicaSourceDBInstanceIdentifier: the source's id (same region) or ARN (cross-region); absent = standalone. */
  sourceId?: string;
  replicaIds: string[];
  /** Absent when RDS reports no replication status (a standalone instance, or no evidence). */
  replication?: ReplicationStatus;
  encrypted: boolean;
  backupRetentionDays: number;
  endpoint?: { address: string; port: number };
  securityGroupIds: string[];
  instanceClass?: string;
  tags: Record<string, string>;
}

/** The DescribeDBInstances fields read here (structurally the SDK's DBInstance). */
export interface DbInstanceLike {
  DBInstanceIdentifier?: string;
  DBInstanceArn?: string;
  DBInstanceStatus?: string;
  AvailabilityZone?: string;
  ReadReplicaSourceDBInstanceIdentifier?: string;
  ReadReplicaDBInstanceIdentifiers?: string[];
  StatusInfos?: { StatusType?: string; Normal?: boolean; Status?: string; Message?: string }[];
  StorageEncrypted?: boolean;
  BackupRetentionPeriod?: number;
  Endpoint?: { Address?: string; Port?: number };
  VpcSecurityGroups?: { VpcSecurityGroupId?: string; Status?: string }[];
  DBInstanceClass?: string;
  TagList?: { Key?: string; Value?: string }[];
}

export function instanceFacts(db: DbInstanceLike): InstanceFacts {
  const info = db.StatusInfos?.find((s) => s.StatusType === 'read replication');
  return {
    id: db.DBInstanceIdentifier ?? '',
    arn: db.DBInstanceArn ?? '',
    status: db.DBInstanceStatus ?? 'unknown',
    az: db.AvailabilityZone,
    sourceId: db.ReadReplicaSourceDBInstanceIdentifier || undefined,
    replicaIds: db.ReadReplicaDBInstanceIdentifiers ?? [],
    replication: info ? { status: info.Status ?? 'unknown', normal: info.Normal === true, message: info.Message } : undefined,
    encrypted: db.StorageEncrypted === true,
    backupRetentionDays: db.BackupRetentionPeriod ?? 0,
    endpoint: db.Endpoint?.Address ? { address: db.Endpoint.Address, port: db.Endpoint.Port ?? 5432 } : undefined,
    securityGroupIds: (db.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId ?? '').filter(Boolean),
    instanceClass: db.DBInstanceClass,
    tags: tagsToRecord(db.TagList),
  };
}

/** True when `target` names `primary` as its replication source (by id or by ARN). */
export function isReplicaOf(target: Pick<InstanceFacts, 'sourceId'>, primary: Pick<InstanceFacts, 'id' | 'arn'>): boolean {
  if (!target.sourceId || !primary.id) return false;
  // Same region: RDS names the source by id; a cross-region source is named by its full ARN, matched exactly.
  return target.sourceId === primary.id || (primary.arn !== '' && target.sourceId === primary.arn);
}
