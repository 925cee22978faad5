/** The typed step errors: one base, the names the ASL Retry/Catch rules match, the wrapped SDK error kept as cause. */
import { InvalidInput, NotReady, PreconditionFailed, StepError, TerminalStatus, Throttled, VerificationFailed } from '../../lambdas/errors';
import { rethrowTyped } from '../../lambdas/services/aws-errors';
import { awsError } from '../support/aws-error';

describe('step errors', () => {
  it('share one base and keep the names the state machines match', () => {
    const all = [
      new NotReady('m'),
      new TerminalStatus('m'),
      new InvalidInput('field', 'detail'),
      new PreconditionFailed('m'),
      new VerificationFailed('m'),
      new Throttled('m'),
    ];
    expect(all.map((e) => e.name)).toEqual([
      'NotReady',
      'TerminalStatus',
      'InvalidInput',
      'PreconditionFailed',
      'VerificationFailed',
      'Throttled',
    ]);
    for (const e of all) {
      expect(e).toBeInstanceOf(StepError);
      expect(e).toBeInstanceOf(Error);
    }
    expect(new InvalidInput('field', 'detail').message).toBe('field: detail');
  });

  it('rethrowTyped wraps throttling as Throttled with the SDK error as cause', () => {
    const sdk = awsError('ThrottlingException', 'Rate exceeded');
    let thrown: unknown;
    try {
      rethrowTyped(sdk, 'DescribeDBSnapshots x');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Throttled);
    expect((thrown as Throttled).cause).toBe(sdk);
    expect((thrown as Throttled).message).toBe('DescribeDBSnapshots x: AWS throttled the request (ThrottlingException): Rate exceeded');
  });

  it('rethrowTyped passes any other SDK error through unchanged', () => {
    const sdk = awsError('AccessDenied', 'no');
    expect(() => rethrowTyped(sdk, 'x')).toThrow(sdk);
  });

  it('has no cause property when none was given', () => {
    expect('cause' in new NotReady('m')).toBe(false);
    expect(new PreconditionFailed('m', { cause: 'why' }).cause).toBe('why');
  });
});
