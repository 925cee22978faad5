/**
 * The failover and replica services a handler uses, made on first use and
 * remade only when the runtime configuration changes (lambdas/runtime/lazy.ts).
 * Settings (muejam.failover.*) are read at each call from MUEJAM_SETTINGS_FAILOVER.
 */
import { awsClient } from '../runtime/clients';
import { lazy } from '../runtime/lazy';
import { FailoverDnsService } from './failover-dns-service';
import { FailoverFinishService } from './failover-finish-service';
import { FailoverGuardService } from './failover-guard-service';
import { FailoverLockService } from './failover-lock-service';
import { FailoverPromotionService } from './failover-promotion-service';
import { alertPublisher } from './instances';
import { ReplicaService } from './replica-service';

export const failoverLocks = /* @__PURE__ */ lazy((c) => new FailoverLockService(c, awsClient));
export const failoverGuards = /* @__PURE__ */ lazy((c) => new FailoverGuardService(c, awsClient));
export const failoverPromotion = /* @__PURE__ */ lazy((c) => new FailoverPromotionService(c, awsClient));
export const failoverDns = /* @__PURE__ */ lazy(() => new FailoverDnsService(awsClient));
export const failoverFinish = /* @__PURE__ */ lazy((c) => new FailoverFinishService(c, awsClient, alertPublisher));
export const replicas = /* @__PURE__ */ lazy((c) => new ReplicaService(c, awsClient));
