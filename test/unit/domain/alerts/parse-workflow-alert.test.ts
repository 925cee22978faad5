import { looksLikeWorkflowAlert, parseWorkflowAlert } from '../../../../lambdas/domain/alerts/parse-workflow-alert';
import { failureAlert, recoveryAlert } from './fixtures';

describe('parseWorkflowAlert', () => {
  it('accepts a complete failure and a recovery without step, error or cause', () => {
    expect(parseWorkflowAlert(failureAlert())).toEqual(failureAlert());
    const r = recoveryAlert({ step: undefined as never, error: undefined as never, cause: undefined as never });
    expect(parseWorkflowAlert(r)).toMatchObject({ kind: 'recovery', step: '', error: '', cause: '' });
  });

  it.each([
    [{ kind: 'oops' }, 'kind: must be one of failure, recovery'],
    [{ severity: 'high' }, 'severity: must be one of critical, warning, info'],
    [{ resource: '' }, 'resource: is required and must be a non-empty string'],
    [{ dedupKey: '  ' }, 'dedupKey: is required and must be a non-empty string'],
    [{ workflow: 42 }, 'workflow: must be a string'],
    [{ time: 'yesterday' }, 'time: must be an ISO 8601 date-time'],
    [{ error: '' }, 'error: is required and must be a non-empty string'],
    [{ source: 'someone-else' }, 'source: must be "muejam-backup-dr"'],
  ])('rejects %j with "%s"', (over, message) => {
    expect(() => parseWorkflowAlert({ ...failureAlert(), ...over })).toThrow(message);
  });

  it('rejects non-objects', () => {
    expect(() => parseWorkflowAlert([1])).toThrow('alert: must be a JSON object');
  });

  it('recognises our alerts by source and kind only', () => {
    expect(looksLikeWorkflowAlert(failureAlert())).toBe(true);
    expect(looksLikeWorkflowAlert({ source: 'muejam-backup-dr' })).toBe(false);
    expect(looksLikeWorkflowAlert({ AlarmName: 'x' })).toBe(false);
    expect(looksLikeWorkflowAlert(null)).toBe(false);
  });
});
