/**
 * Wraps a step's function as a Lambda handler with Powertools: the Lambda
 * context and the step name on every log line, one line per outcome
 * (NotReady is an expected poll, logged at debug), errors re-thrown unchanged
 * so the state's Retry/Catch see their name.
 */
import type { Context } from 'aws-lambda';
import { logger } from './powertools';

const EXPECTED = new Set(['NotReady']);

export function stepHandler<I, O>(step: string, fn: (input: I) => Promise<O> | O): (input: I, context?: Context) => Promise<O> {
  return async (input, context) => {
    if (context) logger.addContext(context);
    logger.appendKeys({ step });
    try {
      const out = await fn(input);
      logger.info('step succeeded');
      return out;
    } catch (err) {
      const e = err as Error;
      if (EXPECTED.has(e.name)) logger.debug('not ready yet', { reason: e.message });
      else logger.error('step failed', { errorName: e.name, error: e });
      throw err;
    } finally {
      logger.removeKeys(['step']);
    }
  };
}
