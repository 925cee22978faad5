/**
 * The retention area's settings schema: the policy's fields with their allowed
 * ranges (from lambdas/domain/retention/policy.ts), as zod. lib/config/retention.ts
 * reads `muejam.retention.<field>` with these same field schemas.
 */
import { z } from 'zod';
import { RETENTION_POLICY_RANGES, type RetentionPolicy } from '../retention/policy';

const FIELDS = Object.keys(RETENTION_POLICY_RANGES) as (keyof RetentionPolicy)[];

/** The whole-number schema of one policy field, within its range. */
export function retentionFieldSchema(field: keyof RetentionPolicy): z.ZodType<number> {
  const [min, max] = RETENTION_POLICY_RANGES[field];
  return z.number().int().min(min).max(max);
}

export const retentionPolicySchema: z.ZodType<RetentionPolicy> = z.strictObject(
  Object.fromEntries(FIELDS.map((f) => [f, retentionFieldSchema(f)])) as Record<keyof RetentionPolicy, z.ZodType<number>>,
);
