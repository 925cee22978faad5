/**
 * Restore test, last step (after the teardown): the report (JSON in the backup region's report
 * bucket), the RestoreTest* metrics and, when every check passed, the run's success and recovery
 * message. A failed check comes back as `failure` (VerificationFailed naming the checks), which
 * the workflow alerts with.
 * In:  RecordInput { target, plan, available, checks, teardown, execution }   Out: RecordResult
 */
import { stepHandler } from '../runtime/step-handler';
import type { RecordInput } from '../services/restore-test-record';
import { restoreTestRecorder } from '../services/restore-test-instances';

export const handler = stepHandler('record-restore-test', (e: RecordInput) => restoreTestRecorder().record(e));
