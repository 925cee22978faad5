/** Failover wait step: NotReady until the promoted replica is a standalone available instance (the state's Retry waits, within its budget). In: { plan }. */
import { stepHandler } from '../runtime/step-handler';
import type { FailoverPlan } from '../services/failover-guard-service';
import { failoverPromotion } from '../services/failover-instances';

export const handler = stepHandler('check-promotion', (e: { plan: FailoverPlan }) => failoverPromotion().waitForPromotion(e.plan));
