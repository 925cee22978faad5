/** recordSucceededRun / recordFailedRun: metrics (captured EMF) and the recovery message, which never fails the run. */
import { recordFailedRun, recordSucceededRun } from '../../../lambdas/services/run-outcome';
import type { WorkflowAlert } from '../../../lambdas/domain/alerts/alert-message';
import { captureEmf } from '../../../local/emf-bridge';

const run = {
  deployment: 'prod',
  workflow: 'database-backup',
  resource: 'muejam-db-prod',
  executionArn: 'arn:aws:states:us-east-1:1:execution:sm:run-7',
  durationSeconds: 900,
  copyDurationSeconds: 300,
};
const now = new Date('2026-11-24T06:20:00Z');

describe('run outcomes', () => {
  it('a successful run publishes its metrics, then the recovery that resolves the incident of this workflow and resource', async () => {
    const published: WorkflowAlert[] = [];
    const capture = captureEmf();
    try {
      await recordSucceededRun({ publish: async (a) => (published.push(a), 'id') }, run, now);
    } finally {
      capture.stop();
    }
    expect(capture.values('BackupSucceeded').map((v) => [v.value, v.timestamp])).toEqual([[1, now.getTime()]]);
    expect(published).toEqual([
      {
        source: 'muejam-backup-dr',
        kind: 'recovery',
        deployment: 'prod',
        workflow: 'database-backup',
        resource: 'muejam-db-prod',
        step: '',
        error: '',
        cause: '',
        severity: 'info',
        executionArn: run.executionArn,
        consoleUrl: `https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/${run.executionArn}`,
        dedupKey: 'muejam-backup-dr/prod/database-backup/muejam-db-prod',
        summary: '[prod] database-backup succeeded for muejam-db-prod',
        time: now.toISOString(),
      },
    ]);
  });

  it('a recovery that cannot be published does not fail the (successful) run; the metrics are already out', async () => {
    const capture = captureEmf();
    try {
      await expect(recordSucceededRun({ publish: async () => Promise.reject(new Error('SNS down')) }, run, now)).resolves.toBeUndefined();
    } finally {
      capture.stop();
    }
    expect(capture.values('WorkflowSucceeded')).toHaveLength(1);
  });

  it('a failed run counts as failed at the time of its alert', () => {
    const capture = captureEmf();
    try {
      recordFailedRun({ workflow: 'database-retention', resource: 'muejam-db-prod', error: 'Throttled', time: '2026-11-24T03:05:00Z' });
    } finally {
      capture.stop();
    }
    expect(capture.values('WorkflowFailed').map((v) => [v.value, v.dimensions.Workflow, v.timestamp])).toEqual([
      [1, 'database-retention', Date.parse('2026-11-24T03:05:00Z')],
    ]);
    expect(capture.values('BackupFailed')).toEqual([]);
  });
});
