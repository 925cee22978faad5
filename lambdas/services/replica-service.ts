/**
 * Read replicas in another AZ (the seed's create_read_replica and
 * check_replica_health): create -> wait -> verify, and the scheduled health
 * check that publishes ReplicaHealthy / ReplicaCount / ReplicaLagSeconds /
 * PrimaryHealthy per database. The replica's source is the instance that
 * serves the database now (its pointer), so after a failover the new primary
 * gets the replica.
 */
import { CreateDBInstanceReadReplicaCommand, RDSClient } from '@aws-sdk/client-rds';
import { ownershipTags } from '../domain/backup/ownership-tags';
import { instanceFacts } from '../domain/failover/instance-facts';
import { type CreateReplicaRequest, parseCreateReplicaRequest, replicaVerificationProblems } from '../domain/failover/replica-request';
import { type ReplicaHealth, replicaHealthVerdict } from '../domain/failover/replica-health';
import { FAILOVER_METRICS } from '../domain/metrics/failover-metrics';
import type { MetricPoint } from '../domain/metrics/catalog';
import { databaseFailoverSettings, FAILOVER_SETTINGS, type FailoverSettings } from '../domain/settings/failover';
import { InvalidInput, NotReady, PreconditionFailed, TerminalStatus, VerificationFailed } from '../errors';
import type { ClientFactory } from '../runtime/clients';
import { publishMetricPoints } from '../runtime/publish-metrics';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { hasCode, rethrowTyped } from './aws-errors';
import { probeConnection } from './connection-probe';
import { resolveDatabaseInstance } from './database-pointer';
import type { ExecutionRef } from './failover-lock-service';
import { describeInstance, replicaLagDatapoints } from './rds-instance-reads';

export interface ReplicaRef extends CreateReplicaRequest {
  sourceInstanceId: string;
  region: string;
  alreadyExisted: boolean;
}

const TERMINAL = /^(failed|deleting|incompatible-.*|inaccessible-encryption-credentials.*|storage-full|stopped)$/;

export class ReplicaService {
  constructor(
    private readonly config: RuntimeConfig,
    private readonly clients: ClientFactory,
    private readonly settings: () => FailoverSettings = () => FAILOVER_SETTINGS.read(),
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** createReadReplica(sourceInstanceId, replicaId, options): checks first, then creates (or continues with the same replica). */
  async createReadReplica(input: unknown, execution: ExecutionRef): Promise<ReplicaRef> {
    const s = this.settings();
    const req = parseCreateReplicaRequest(input, this.config.databases, (db) => databaseFailoverSettings(s, db).replica);
    const region = this.config.primaryRegion;
    const sourceInstanceId = await resolveDatabaseInstance(this.clients, this.config, req.database);
    const source = await describeInstance(this.clients, region, sourceInstanceId);
    if (!source)
      throw new PreconditionFailed(`${sourceInstanceId} (serving ${req.database}) does not exist in ${region}; nothing was created`);
    const p = instanceFacts(source);
    if (p.az === req.availabilityZone) {
      throw new InvalidInput(
        'input.availabilityZone',
        `${req.availabilityZone} is the primary's AZ (${sourceInstanceId}); a replica must be in another AZ`,
      );
    }
    if (p.sourceId) throw new PreconditionFailed(`${sourceInstanceId} is itself a replica of ${p.sourceId}; nothing was created`);
    const ref = { ...req, sourceInstanceId, region };
    const existing = await describeInstance(this.clients, region, req.replicaId);
    if (existing) return { ...ref, alreadyExisted: this.sameReplica(existing, sourceInstanceId, req.replicaId) };
    try {
      await this.clients(RDSClient, region).send(
        new CreateDBInstanceReadReplicaCommand({
          DBInstanceIdentifier: req.replicaId,
          SourceDBInstanceIdentifier: sourceInstanceId,
          AvailabilityZone: req.availabilityZone,
          DBInstanceClass: req.instanceClass,
          VpcSecurityGroupIds: p.securityGroupIds.length ? p.securityGroupIds : undefined,
          PubliclyAccessible: false,
          CopyTagsToSnapshot: true,
          DeletionProtection: true,
          Tags: ownershipTags({
            deploymentId: this.config.deploymentId,
            resource: req.database,
            regionRole: 'primary',
            execution: execution.Name ?? 'manual',
          }),
        }),
      );
    } catch (err) {
      if (hasCode(err, 'DBInstanceAlreadyExists')) {
        const again = await describeInstance(this.clients, region, req.replicaId);
        if (again) return { ...ref, alreadyExisted: this.sameReplica(again, sourceInstanceId, req.replicaId) };
      }
      rethrowTyped(err, `create read replica ${req.replicaId} of ${sourceInstanceId}`);
    }
    return { ...ref, alreadyExisted: false };
  }

  private sameReplica(existing: Parameters<typeof instanceFacts>[0], source: string, id: string): true {
    const f = instanceFacts(existing);
    if (f.sourceId !== source) {
      throw new PreconditionFailed(
        `${id} already exists and is ${f.sourceId ? `a replica of ${f.sourceId}` : 'not a replica'}, not of ${source}; nothing was created (choose another --id)`,
      );
    }
    return true;
  }

  /** NotReady until the replica is available. */
  async waitForReplica(ref: ReplicaRef): Promise<{ status: string; availableAt: string }> {
    const i = await describeInstance(this.clients, ref.region, ref.replicaId);
    if (!i) throw new TerminalStatus(`replica ${ref.replicaId} does not exist (was it deleted?)`);
    const status = i.DBInstanceStatus ?? 'unknown';
    if (TERMINAL.test(status)) throw new TerminalStatus(`replica ${ref.replicaId} is ${status}`);
    if (status !== 'available') throw new NotReady(`replica ${ref.replicaId} is ${status}`);
    return { status, availableAt: this.now().toISOString() };
  }

  /** Another AZ than the primary's, encrypted, replicating normally from it; NotReady while RDS has not reported replication yet. */
  async verifyReplica(
    ref: ReplicaRef,
  ): Promise<{ replicaId: string; az?: string; primaryAz?: string; encrypted: boolean; replication: string }> {
    const [pr, rr] = await Promise.all([
      describeInstance(this.clients, ref.region, ref.sourceInstanceId),
      describeInstance(this.clients, ref.region, ref.replicaId),
    ]);
    if (!pr || !rr) throw new VerificationFailed(`${!pr ? ref.sourceInstanceId : ref.replicaId} no longer exists`);
    const p = instanceFacts(pr);
    const r = instanceFacts(rr);
    const problems = replicaVerificationProblems(p, r);
    if (problems.length === 1 && !r.replication) throw new NotReady(problems[0]);
    if (problems.length) throw new VerificationFailed(`replica ${ref.replicaId}: ${problems.join('; ')}`);
    return { replicaId: r.id, az: r.az, primaryAz: p.az, encrypted: r.encrypted, replication: r.replication?.status ?? 'unknown' };
  }

  /** The seed's checkReplicaHealth for one database: `{healthy, replicaCount, replicas}`. */
  async replicaHealth(database: string): Promise<ReplicaHealth & { primaryHealthy: boolean; primaryDetail: string }> {
    const s = this.settings();
    const region = this.config.primaryRegion;
    const now = this.now();
    const primaryId = await resolveDatabaseInstance(this.clients, this.config, database);
    const pr = await describeInstance(this.clients, region, primaryId);
    const primary = pr ? instanceFacts(pr) : { ...instanceFacts({}), id: primaryId, status: 'not-found' };
    const declared = databaseFailoverSettings(s, database).replica?.id;
    const ids = [...new Set([...primary.replicaIds, ...(declared ? [declared] : [])])].filter((id) => !id.startsWith('arn:'));
    const replicas = [];
    for (const id of ids) {
      const raw = await describeInstance(this.clients, region, id);
      if (!raw) continue;
      replicas.push({ facts: instanceFacts(raw), lag: await replicaLagDatapoints(this.clients, region, id, now) });
    }
    const probe = primary.endpoint
      ? await probeConnection(primary.endpoint.address, primary.endpoint.port)
      : { reachable: false, detail: 'no endpoint' };
    const verdict = replicaHealthVerdict(database, primary, replicas, now, s.maxLagSeconds);
    return {
      ...verdict,
      // A probe that could not be made (no network path) is no evidence: the status alone decides then.
      primaryHealthy: primary.status === 'available' && (probe.reachable || ('notRun' in probe && probe.notRun === true)),
      primaryDetail: `status ${primary.status}; ${probe.detail}`,
    };
  }

  /** The scheduled check: every protected database, metrics published; returns the verdicts. */
  async checkReplicaHealth(
    input: { dbInstanceIdentifier?: unknown } = {},
  ): Promise<{ databases: Awaited<ReturnType<ReplicaService['replicaHealth']>>[] }> {
    const wanted = input?.dbInstanceIdentifier;
    if (wanted !== undefined && (typeof wanted !== 'string' || !this.config.databases.includes(wanted))) {
      throw new InvalidInput(
        'input.dbInstanceIdentifier',
        `unknown database ${JSON.stringify(wanted)}; this deployment protects: ${this.config.databases.join(', ')}`,
      );
    }
    const dbs = typeof wanted === 'string' ? [wanted] : this.config.databases;
    const out = [];
    for (const db of dbs) out.push(await this.replicaHealth(db));
    const at = this.now();
    const points: MetricPoint[] = out.flatMap((v) => {
      const d = { Resource: v.database };
      const p: MetricPoint[] = [
        { metric: FAILOVER_METRICS.replicaHealthy, value: v.healthy ? 1 : 0, dimensions: d, timestamp: at },
        { metric: FAILOVER_METRICS.replicaCount, value: v.replicaCount, dimensions: d, timestamp: at },
        { metric: FAILOVER_METRICS.primaryHealthy, value: v.primaryHealthy ? 1 : 0, dimensions: d, timestamp: at },
      ];
      if (v.bestLagSeconds !== undefined)
        p.push({ metric: FAILOVER_METRICS.replicaLagSeconds, value: v.bestLagSeconds, dimensions: d, timestamp: at });
      return p;
    });
    publishMetricPoints(points);
    return { databases: out };
  }
}
