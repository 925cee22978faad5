/**
 * The retention service a handler uses, made on first use and remade only when
 * the runtime configuration changes (in Lambda: never). The retention settings
 * are read at each run from the environment (lambdas/services/retention-config.ts).
 */
import { awsClient } from '../runtime/clients';
import { perConfig } from './instances';
import { RetentionService } from './retention-service';

export const retentionService = /* @__PURE__ */ perConfig((c) => new RetentionService(c, awsClient));
