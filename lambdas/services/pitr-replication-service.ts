/**
 * Keeps point-in-time recovery alive in the backup region: for every protected database, reads
 * the source instance (primary region) and its automated backups in the backup region, and starts
 * automated-backups replication when it is not running (StartDBInstanceAutomatedBackupsReplication,
 * sent to the backup region, encrypted with the backup-region CMK, retention from
 * `muejam.pitrReplicationRetentionDays`). Idempotent: a database already replicating costs two reads.
 * A database that cannot be replicated (automated backups off, not encrypted, start refused) gets a
 * critical alert naming it and the cause; the PITR lag alarm also fires while nothing is replicated.
 */
import { DescribeDBInstancesCommand, RDSClient, StartDBInstanceAutomatedBackupsReplicationCommand } from '@aws-sdk/client-rds';
import { buildFailureAlert, buildRecoveryAlert } from '../domain/alerts/alert-message';
import { type ReplicationDecision, type ReplicationFacts, replicationDecision } from '../domain/restore/pitr-replication';
import { InvalidInput } from '../errors';
import type { ClientFactory } from '../runtime/clients';
import type { RuntimeConfig } from '../runtime/runtime-config';
import type { AlertPublisher } from './alert-publisher';
import { hasCode, rethrowTyped } from './aws-errors';
import { KmsKeys } from './kms-keys';
import { RdsRestoreReads } from './rds-restore-reads';

export const PITR_REPLICATION_WORKFLOW = 'pitr-replication';
export const PITR_RETENTION_ENV = 'PITR_REPLICATION_RETENTION_DAYS';
export const DEFAULT_PITR_RETENTION_DAYS = 7;

export function readPitrRetentionDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[PITR_RETENTION_ENV]?.trim();
  if (!raw) return DEFAULT_PITR_RETENTION_DAYS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 35)
    throw new InvalidInput(`env ${PITR_RETENTION_ENV}`, 'must be a whole number of days from 1 to 35');
  return n;
}

export interface ReplicationOutcome {
  db: string;
  /** started: the call was made now; running: nothing to do; refused / failed: alerted. */
  result: 'started' | 'running' | 'refused' | 'failed';
  detail: string;
  arn?: string;
}

export interface ReplicationReport {
  checkedAt: string;
  backupRegion: string;
  retentionDays: number;
  databases: ReplicationOutcome[];
}

export class PitrReplicationService {
  private readonly reads: RdsRestoreReads;
  private readonly kms: KmsKeys;

  constructor(
    private readonly config: RuntimeConfig,
    private readonly clients: ClientFactory,
    private readonly alerts: Pick<AlertPublisher, 'publish'>,
    private readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.reads = new RdsRestoreReads(clients);
    this.kms = new KmsKeys(clients);
  }

  /** The facts the decision needs, read from both regions. */
  async facts(db: string): Promise<ReplicationFacts> {
    const { primaryRegion, backupRegion } = this.config;
    let source: ReplicationFacts['source'];
    try {
      const out = await this.clients(RDSClient, primaryRegion).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: db }));
      const i = out.DBInstances?.[0];
      if (i)
        source = {
          arn: i.DBInstanceArn ?? '',
          encrypted: i.StorageEncrypted === true,
          retentionDays: i.BackupRetentionPeriod ?? 0,
          status: i.DBInstanceStatus ?? 'unknown',
          replicationArns: (i.DBInstanceAutomatedBackupsReplications ?? []).map((r) => r.DBInstanceAutomatedBackupsArn ?? ''),
        };
    } catch (err) {
      if (!hasCode(err, 'DBInstanceNotFound')) rethrowTyped(err, `DescribeDBInstances ${db} in ${primaryRegion}`);
    }
    const backups = await this.reads.automatedBackups(backupRegion, db);
    return {
      db,
      backupRegion,
      source,
      replicated: backups.map((b) => ({ arn: b.DBInstanceAutomatedBackupsArn, status: b.Status })),
    };
  }

  /** Starts replication of one database if needed; never throws for that database's own problem. */
  async ensure(db: string): Promise<ReplicationOutcome> {
    let decision: ReplicationDecision;
    try {
      decision = replicationDecision(await this.facts(db));
    } catch (err) {
      return { db, result: 'failed', detail: `could not read its state: ${(err as Error).message}` };
    }
    if (decision.action === 'running') return { db, result: 'running', detail: `replicating (${decision.status})`, arn: decision.arn };
    if (decision.action === 'refuse') return { db, result: 'refused', detail: decision.reason };
    const region = this.config.backupRegion;
    try {
      const key = await this.kms.backupRegionKey(region, this.config.backupKmsKeyAlias);
      const out = await this.clients(RDSClient, region).send(
        new StartDBInstanceAutomatedBackupsReplicationCommand({
          SourceDBInstanceArn: decision.sourceArn,
          BackupRetentionPeriod: this.retentionDays,
          KmsKeyId: key.Arn,
        }),
      );
      const arn = out.DBInstanceAutomatedBackup?.DBInstanceAutomatedBackupsArn;
      return { db, result: 'started', detail: `${decision.reason}: replication started, ${this.retentionDays} days, key ${key.Arn}`, arn };
    } catch (err) {
      return { db, result: 'failed', detail: `StartDBInstanceAutomatedBackupsReplication in ${region} failed: ${(err as Error).message}` };
    }
  }

  /** Every protected database; one critical alert per database that is not replicated, a recovery for the others. */
  async ensureAll(): Promise<ReplicationReport> {
    const databases: ReplicationOutcome[] = [];
    for (const db of this.config.databases) databases.push(await this.ensure(db));
    const executionArn = `scheduled:${PITR_REPLICATION_WORKFLOW}`;
    const time = this.now();
    const deployment = this.config.deploymentId;
    for (const o of databases) {
      const alert =
        o.result === 'refused' || o.result === 'failed'
          ? buildFailureAlert({
              deployment,
              workflow: PITR_REPLICATION_WORKFLOW,
              resource: o.db,
              step: 'start automated-backups replication to the backup region',
              caught: { Error: o.result === 'refused' ? 'PreconditionFailed' : 'ReplicationFailed', Cause: o.detail },
              severity: 'critical',
              executionArn,
              time,
            })
          : buildRecoveryAlert({ deployment, workflow: PITR_REPLICATION_WORKFLOW, resource: o.db, executionArn, time });
      // A recovery resolves an earlier incident; sent only when replication was (re)started now, not every hour.
      if (alert.kind === 'recovery' && o.result === 'running') continue;
      await this.alerts.publish(alert);
    }
    return { checkedAt: time.toISOString(), backupRegion: this.config.backupRegion, retentionDays: this.retentionDays, databases };
  }
}
