import { stepHandler } from '../../../lambdas/runtime/step-handler';
import { logger } from '../../../lambdas/runtime/powertools';
import { NotReady, PreconditionFailed } from '../../../lambdas/errors';

describe('stepHandler', () => {
  let info: jest.SpyInstance;
  let error: jest.SpyInstance;
  let debug: jest.SpyInstance;
  beforeEach(() => {
    info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    debug = jest.spyOn(logger, 'debug').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('returns the step result and logs one success line', async () => {
    const h = stepHandler('s', async (n: number) => n * 2);
    await expect(h(21)).resolves.toBe(42);
    expect(info).toHaveBeenCalledWith('step succeeded');
  });

  it('re-throws errors unchanged (their name drives Retry/Catch) and logs them as errors', async () => {
    const boom = new PreconditionFailed('no key');
    const h = stepHandler('s', () => {
      throw boom;
    });
    await expect(h(undefined)).rejects.toBe(boom);
    expect(error).toHaveBeenCalledWith('step failed', expect.objectContaining({ errorName: 'PreconditionFailed' }));
  });

  it('logs NotReady, an expected poll, at debug level only', async () => {
    const h = stepHandler('s', () => {
      throw new NotReady('creating');
    });
    await expect(h(undefined)).rejects.toMatchObject({ name: 'NotReady' });
    expect(debug).toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });
});
