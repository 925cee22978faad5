/**
 * The retention settings the step Lambdas read from their environment (set by
 * lib/workflows/database-retention-workflow.ts from cdk.json's
 * `muejam.retention.*`); the platform's defaults when unset (local runs).
 */
import { InvalidInput } from '../errors';
import { DEFAULT_MAX_DELETES_PER_RUN } from '../domain/retention/report';
import { validateRetentionPolicy, type RetentionPolicy } from '../domain/retention/policy';

export const RETENTION_ENV = {
  policy: 'RETENTION_POLICY',
  maxDeletesPerRun: 'RETENTION_MAX_DELETES_PER_RUN',
} as const;

export interface RetentionSettings {
  policy: RetentionPolicy;
  maxDeletesPerRun: number;
}

export function readRetentionSettings(env: NodeJS.ProcessEnv = process.env): RetentionSettings {
  const raw = env[RETENTION_ENV.policy]?.trim();
  let parsed: unknown;
  if (raw) {
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new InvalidInput(`env ${RETENTION_ENV.policy}`, 'must be a JSON object such as {"dailyDays":30,"weeklyDays":90}');
    }
  }
  const policy = validateRetentionPolicy(parsed, `env ${RETENTION_ENV.policy}`);
  const maxRaw = env[RETENTION_ENV.maxDeletesPerRun]?.trim();
  const max = maxRaw ? Number(maxRaw) : DEFAULT_MAX_DELETES_PER_RUN;
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw new InvalidInput(
      `env ${RETENTION_ENV.maxDeletesPerRun}`,
      `must be a whole number from 1 to 1000 (got ${JSON.stringify(maxRaw)})`,
    );
  }
  return { policy, maxDeletesPerRun: max };
}

/** The variables to set for given settings (CDK). */
export function retentionEnvironment(s: { policy: RetentionPolicy; maxDeletesPerRun?: number }): Record<string, string> {
  return {
    [RETENTION_ENV.policy]: JSON.stringify(s.policy),
    [RETENTION_ENV.maxDeletesPerRun]: String(s.maxDeletesPerRun ?? DEFAULT_MAX_DELETES_PER_RUN),
  };
}
