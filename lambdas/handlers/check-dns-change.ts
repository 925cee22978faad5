/** Failover wait step: NotReady while the Route 53 change is PENDING; then the record must answer with the new endpoint. In: { plan, dns }. */
import { stepHandler } from '../runtime/step-handler';
import type { DnsChange } from '../services/failover-dns-service';
import type { FailoverPlan } from '../services/failover-guard-service';
import { failoverDns } from '../services/failover-instances';

export const handler = stepHandler('check-dns-change', (e: { plan: FailoverPlan; dns: DnsChange }) =>
  failoverDns().waitForInSync(e.plan, e.dns),
);
