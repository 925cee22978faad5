/** The Powertools Logger, one per container (metrics: publish-metrics.ts, a fresh instance per publication). */
import { Logger } from '@aws-lambda-powertools/logger';
import { serviceName } from './runtime-config';

export const logger = new Logger({ serviceName: serviceName() });
