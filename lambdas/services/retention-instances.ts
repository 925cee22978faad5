/**
 * The retention service a handler uses, made on first use and remade only when
 * the runtime configuration changes (in Lambda: never). The retention settings
 * are read at each run from the environment (lambdas/services/retention-config.ts).
 */
import { awsClient } from '../runtime/clients';
import { lazy } from '../runtime/lazy';
import { RetentionService } from './retention-service';

export const retentionService = /* @__PURE__ */ lazy((c) => new RetentionService(c, awsClient));
