/**
 * Failover step 6: repoint the database's private-zone record (one CNAME
 * UPSERT, short TTL) at the new primary and wait until Route 53 reports the
 * change INSYNC; then check the record answers with the new endpoint. A
 * failure here comes after promotion: the error carries the exact command to
 * finish by hand, and a re-run resumes at this step.
 */
import { ChangeResourceRecordSetsCommand, GetChangeCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { manualRepointCommand, normalizeRecordName, recordValue, repointChangeBatch } from '../domain/failover/dns';
import { FailoverStepFailed } from '../domain/failover/errors';
import { failoverCommand } from '../domain/failover/report';
import { isThrottling, NotReady } from '../errors';
import type { ClientFactory } from '../runtime/clients';
import type { FailoverPlan } from './failover-guard-service';
import type { PromotedInstance } from './failover-promotion-service';

/** Route 53 is a global service; its API lives in us-east-1 (aws partition). */
const ROUTE53_REGION = 'us-east-1';

export interface DnsChange {
  changeId: string;
  recordName: string;
  value: string;
  ttl: number;
  submittedAt: string;
}

export class FailoverDnsService {
  constructor(
    private readonly clients: ClientFactory,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private r53() {
    return this.clients(Route53Client, ROUTE53_REGION);
  }

  private finishByHand(plan: FailoverPlan, endpoint: string, what: string, err: unknown): FailoverStepFailed {
    const e = err as Error;
    return new FailoverStepFailed(
      `${what} failed after ${plan.targetId} was promoted (${e.name}: ${e.message}). Finish by hand: ${manualRepointCommand(plan.dns, endpoint)} ; or re-run, which resumes at this step: ${failoverCommand(plan.database, plan.targetId, plan.reason, plan.force)}`,
    );
  }

  async repoint(plan: FailoverPlan, promoted: PromotedInstance): Promise<DnsChange> {
    const batch = repointChangeBatch(
      plan.dns,
      promoted.endpoint,
      `muejam failover of ${plan.database}: ${plan.primaryId} -> ${promoted.instanceId}`,
    );
    try {
      const out = await this.r53().send(new ChangeResourceRecordSetsCommand({ HostedZoneId: plan.dns.hostedZoneId, ChangeBatch: batch }));
      return {
        changeId: out.ChangeInfo?.Id ?? '',
        recordName: normalizeRecordName(plan.dns.recordName),
        value: promoted.endpoint,
        ttl: plan.dns.ttl,
        submittedAt: this.now().toISOString(),
      };
    } catch (err) {
      if (isThrottling(err)) throw err;
      throw this.finishByHand(plan, promoted.endpoint, `Route 53 UPSERT of ${plan.dns.recordName}`, err);
    }
  }

  /** NotReady while the change is PENDING; then the record must answer with the new endpoint. */
  async waitForInSync(plan: FailoverPlan, change: DnsChange): Promise<{ inSyncAt: string; answer: string }> {
    let status: string | undefined;
    try {
      status = change.changeId ? (await this.r53().send(new GetChangeCommand({ Id: change.changeId }))).ChangeInfo?.Status : 'INSYNC';
    } catch (err) {
      throw this.finishByHand(plan, change.value, `Route 53 GetChange ${change.changeId}`, err);
    }
    if (status !== 'INSYNC') throw new NotReady(`Route 53 change ${change.changeId} is ${status ?? 'unknown'}`);
    const name = normalizeRecordName(plan.dns.recordName);
    const out = await this.r53().send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: plan.dns.hostedZoneId,
        StartRecordName: name,
        StartRecordType: 'CNAME',
        MaxItems: 1,
      }),
    );
    const set = out.ResourceRecordSets?.find((r) => normalizeRecordName(r.Name ?? '') === name && r.Type === 'CNAME');
    const answer = recordValue(set);
    if (answer !== normalizeRecordName(change.value)) {
      throw this.finishByHand(
        plan,
        change.value,
        `record check (${name} answers ${answer ?? 'nothing'}, expected ${change.value})`,
        new Error('record not repointed'),
      );
    }
    return { inSyncAt: this.now().toISOString(), answer };
  }
}
