/** Failover last step: RTO/RPO metrics and the page that a failover happened (with next steps). In: { run: the state, execution }. */
import { stepHandler } from '../runtime/step-handler';
import type { FailoverFinishService } from '../services/failover-finish-service';
import { failoverFinish } from '../services/failover-instances';
import type { ExecutionRef } from '../services/failover-lock-service';

type Run = Parameters<FailoverFinishService['report']>[0];

export const handler = stepHandler('report-failover', (e: { run: Run; execution: ExecutionRef }) =>
  failoverFinish().report(e.run, e.execution),
);
