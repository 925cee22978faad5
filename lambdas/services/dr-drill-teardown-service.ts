/**
 * The drill's teardown, run on every path (success, failed check, error): delete every
 * instance and snapshot that carries this drill's tag, in both regions, and the drill DNS
 * record when it points at one of them; then check that nothing tagged for this drill is
 * left. Each delete is preceded by the ownership guard (and allowed by IAM only on
 * resources tagged for a drill). Idempotent: a second run finds nothing and deletes nothing.
 */
import {
  type DBInstance,
  type DBSnapshot,
  DeleteDBInstanceCommand,
  DeleteDBSnapshotCommand,
  DescribeDBInstancesCommand,
  type DescribeDBInstancesCommandOutput,
  DescribeDBSnapshotsCommand,
  type DescribeDBSnapshotsCommandOutput,
  RDSClient,
} from '@aws-sdk/client-rds';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { tagsToRecord } from '../domain/backup/ownership-tags';
import type { DrillPlan } from '../domain/drill/drill-plan';
import { type DrillIdentity, whyNotDrillOwned } from '../domain/drill/ownership-guard';
import { NotReady } from '../errors';
import type { ClientFactory } from '../runtime/clients';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { hasCode, rethrowTyped } from './aws-errors';

const ROUTE53_REGION = 'us-east-1';
const MAX_PAGES = 100;

export interface TeardownResult {
  removed: string[];
  /** Still going away (deleting); the check step waits for them. */
  pending: string[];
  errors: string[];
}

export interface TeardownCheck {
  removed: string[];
  leftOver: string[];
  errors: string[];
  finishedAt: string;
}

interface Found {
  kind: 'instance' | 'snapshot';
  id: string;
  region: string;
  status: string;
  endpoint?: string;
}

const normal = (n: string) => n.trim().toLowerCase().replace(/\.$/, '');

export class DrDrillTeardownService {
  constructor(
    private readonly config: RuntimeConfig,
    private readonly clients: ClientFactory,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private identity(plan: DrillPlan): DrillIdentity {
    return { deploymentId: this.config.deploymentId, drillId: plan.drillId, protectedDatabases: this.config.databases };
  }

  /** Everything in both regions that carries this drill's tag (TagList from the Describe calls, paginated). */
  async find(plan: DrillPlan): Promise<Found[]> {
    const id = this.identity(plan);
    const out: Found[] = [];
    for (const region of [plan.backupRegion, plan.primaryRegion]) {
      const rds = this.clients(RDSClient, region);
      let marker: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        let res: DescribeDBInstancesCommandOutput;
        try {
          res = await rds.send(new DescribeDBInstancesCommand({ Marker: marker }));
        } catch (err) {
          rethrowTyped(err, `DescribeDBInstances in ${region}`);
        }
        for (const i of (res.DBInstances ?? []) as DBInstance[]) {
          const name = i.DBInstanceIdentifier ?? '';
          if (name && !whyNotDrillOwned(name, tagsToRecord(i.TagList), id)) {
            out.push({ kind: 'instance', id: name, region, status: i.DBInstanceStatus ?? 'unknown', endpoint: i.Endpoint?.Address });
          }
        }
        marker = res.Marker || undefined;
        if (!marker) break;
      }
      marker = undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        let res: DescribeDBSnapshotsCommandOutput;
        try {
          res = await rds.send(new DescribeDBSnapshotsCommand({ SnapshotType: 'manual', Marker: marker }));
        } catch (err) {
          rethrowTyped(err, `DescribeDBSnapshots in ${region}`);
        }
        for (const s of (res.DBSnapshots ?? []) as DBSnapshot[]) {
          const name = s.DBSnapshotIdentifier ?? '';
          if (name && !whyNotDrillOwned(name, tagsToRecord(s.TagList), id))
            out.push({ kind: 'snapshot', id: name, region, status: s.Status ?? 'unknown' });
        }
        marker = res.Marker || undefined;
        if (!marker) break;
      }
    }
    return out;
  }

  /** Deletes what this drill made; records errors instead of stopping, so one failure does not keep the rest alive. */
  async teardown(plan: DrillPlan): Promise<TeardownResult> {
    const found = await this.find(plan);
    const removed: string[] = [];
    const pending: string[] = [];
    const errors: string[] = [];
    const endpoints = new Set(
      found
        .map((f) => f.endpoint)
        .filter((e): e is string => Boolean(e))
        .map(normal),
    );
    await this.removeDrillRecord(plan, endpoints, removed, errors);
    // Replicas first: RDS refuses to delete a source that still has replicas.
    const order = [...found].sort((a, b) => Number(b.id === plan.names.replica) - Number(a.id === plan.names.replica));
    for (const f of order) {
      if (f.status === 'deleting') {
        pending.push(`${f.kind} ${f.id} (${f.region})`);
        continue;
      }
      const rds = this.clients(RDSClient, f.region);
      try {
        if (f.kind === 'instance') {
          await rds.send(
            new DeleteDBInstanceCommand({ DBInstanceIdentifier: f.id, SkipFinalSnapshot: true, DeleteAutomatedBackups: true }),
          );
        } else {
          await rds.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: f.id }));
        }
        removed.push(`${f.kind} ${f.id} (${f.region})`);
      } catch (err) {
        if (hasCode(err, 'DBInstanceNotFound', 'DBInstanceNotFoundFault', 'DBSnapshotNotFound', 'DBSnapshotNotFoundFault')) continue;
        if (hasCode(err, 'InvalidDBInstanceState')) {
          pending.push(`${f.kind} ${f.id} (${f.region})`);
          continue;
        }
        const e = err as Error;
        errors.push(`delete ${f.kind} ${f.id} in ${f.region}: ${e.name}: ${e.message}`);
      }
    }
    return { removed, pending, errors };
  }

  /** The drill record is deleted only when it points at one of this drill's instances (what the rehearsal set). */
  private async removeDrillRecord(plan: DrillPlan, endpoints: Set<string>, removed: string[], errors: string[]): Promise<void> {
    const r53 = this.clients(Route53Client, ROUTE53_REGION);
    const name = normal(plan.dns.recordName);
    try {
      const out = await r53.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: plan.dns.hostedZoneId,
          StartRecordName: name,
          StartRecordType: 'CNAME',
          MaxItems: 1,
        }),
      );
      const set = out.ResourceRecordSets?.find((r) => normal(r.Name ?? '') === name && r.Type === 'CNAME');
      const value = set?.ResourceRecords?.[0]?.Value;
      if (!set || !value || !endpoints.has(normal(value))) return;
      await r53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: plan.dns.hostedZoneId,
          ChangeBatch: { Comment: `DR drill ${plan.drillId} teardown`, Changes: [{ Action: 'DELETE', ResourceRecordSet: set }] },
        }),
      );
      removed.push(`dns ${name} -> ${normal(value)}`);
    } catch (err) {
      const e = err as Error;
      errors.push(`delete the drill record ${name}: ${e.name}: ${e.message}`);
    }
  }

  /**
   * NotReady while anything tagged for this drill is left: what is not deleting yet (a source
   * whose replica was still going away) is deleted again. The state's Retry budget bounds the
   * wait; the report step then lists what is left, with fresh evidence, and alerts.
   */
  async check(plan: DrillPlan, teardown: Partial<TeardownResult> | undefined): Promise<TeardownCheck> {
    let left = await this.find(plan);
    const removed = [...(teardown?.removed ?? [])];
    const errors = [...(teardown?.errors ?? [])];
    if (left.some((f) => f.status !== 'deleting')) {
      // The teardown failed or missed something: run it again, then look again.
      const again = await this.teardown(plan);
      removed.push(...again.removed.filter((r) => !removed.includes(r)));
      left = await this.find(plan);
    }
    if (left.length > 0) {
      throw new NotReady(`still there: ${left.map((f) => `${f.id} (${f.status})`).join(', ')}`);
    }
    return { removed, leftOver: [], errors, finishedAt: this.now().toISOString() };
  }

  /** What is left with this drill's tag, for the report (fresh). */
  async leftOver(plan: DrillPlan): Promise<string[]> {
    return (await this.find(plan)).map((f) => `${f.kind} ${f.id} (${f.region}, ${f.status})`);
  }
}
