/**
 * The restore test's settings (issue 11): one zod schema, used by CDK (lib/config/restore-test.ts
 * checks `muejam.restoreTest.*` with these field schemas, so a bad check fails `cdk synth`) and by
 * the restore-test Lambdas (MUEJAM_SETTINGS_RESTORE_TEST, parsed with the same schema). Pure.
 */
import { z } from 'zod';
import {
  CHECK_NAME,
  CHECK_NAME_RULE,
  type Expectation,
  IDENTIFIER,
  IDENTIFIER_RULE,
  expectationProblem,
  sqlProblem,
} from '../restore-test/check-spec';
import { REGION_MODES } from '../restore-test/names';
import { defineSettings } from './settings-env';

const custom = (message: string) => ({ code: 'custom' as const, message });

export const instanceClassSchema = z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, {
  error: (i) => `${JSON.stringify(i.input)} is not allowed: an RDS instance class such as "db.t4g.micro"`,
});

export const identifierSchema = z
  .string()
  .regex(IDENTIFIER, { error: (i) => `${JSON.stringify(i.input)} is not allowed: ${IDENTIFIER_RULE}` });

export const qualifiedSchema = (parts: 2 | 3, what: string) =>
  z.string().superRefine((v, ctx) => {
    const p = v.split('.');
    if (p.length !== parts || !p.every((x) => IDENTIFIER.test(x)))
      ctx.addIssue(custom(`${JSON.stringify(v)} is not allowed: ${what} (${IDENTIFIER_RULE} each)`));
  });

export const checkSpecSchema = z.strictObject({
  name: z.string().regex(CHECK_NAME, { error: (i) => `${JSON.stringify(i.input)} is not allowed: ${CHECK_NAME_RULE}` }),
  sql: z
    .unknown()
    .superRefine((v, ctx) => {
      const p = sqlProblem(v);
      if (p) ctx.addIssue(custom(p));
    })
    .transform((v) => v as string),
  expect: z
    .unknown()
    .superRefine((v, ctx) => {
      const p = expectationProblem(v);
      if (p) ctx.addIssue(custom(p));
    })
    .transform((v) => v as Expectation),
});

export const checksSchema = z
  .array(checkSpecSchema)
  .max(50, { error: 'at most 50 checks' })
  .superRefine((checks, ctx) => {
    checks.forEach((c, i) => {
      if (checks.findIndex((x) => x.name === c.name) !== i)
        ctx.addIssue({ ...custom(`"${c.name}" is used by two checks; names must be unique`), path: [i, 'name'] });
    });
  });

export const tableMinimumsSchema = z.record(
  qualifiedSchema(2, 'schema.table'),
  z.number().int({ error: 'must be a whole number of rows, 0 or more' }).min(0, { error: 'must be a whole number of rows, 0 or more' }),
);

export const timestampColumnSchema = z.strictObject({ schema: identifierSchema, table: identifierSchema, column: identifierSchema });

export const checkPlanSchema = z.strictObject({
  database: identifierSchema,
  schemas: z.array(identifierSchema).min(1, { error: 'list at least one schema, e.g. ["public"]' }),
  tableMinimums: tableMinimumsSchema,
  timestampColumn: timestampColumnSchema.optional(),
  checks: checksSchema,
  amcheckIndexes: z.array(qualifiedSchema(2, 'schema.index')),
});

/** Where a region's throwaway instance goes: its DB subnet group and the security groups that admit only the checker. */
export const restoreTestNetworkSchema = z.strictObject({
  subnetGroup: z.string().min(1),
  /** Security group ids (in CDK, tokens resolving to them). */
  securityGroupIds: z.array(z.string().min(1)).min(1).max(5),
  /** Option group for the throwaway (absent: the plan's, from the source database). */
  optionGroup: z.string().min(1).optional(),
});

export const RESTORE_TEST_SETTINGS_SCHEMA = z.strictObject({
  maxAgeHours: z.number().int().min(1).max(168),
  instanceClass: instanceClassSchema,
  regionMode: z.enum(REGION_MODES),
  /** Per region role; a region without one refuses to run a restore test there. */
  network: z.strictObject({ primary: restoreTestNetworkSchema.optional(), backup: restoreTestNetworkSchema.optional() }),
  plan: checkPlanSchema,
  /** Secret with {username, password}; absent: the restored (or source) instance's RDS-managed master secret. */
  secretArn: z.string().startsWith('arn:').optional(),
  /** Bucket in the backup region that keeps the reports (lifecycle-expired). */
  reportBucket: z.string().min(3),
  rtoHours: z.number().positive(),
});

export type RestoreTestSettings = z.infer<typeof RESTORE_TEST_SETTINGS_SCHEMA>;

export const RESTORE_TEST_SETTINGS = defineSettings<RestoreTestSettings>('restore-test', RESTORE_TEST_SETTINGS_SCHEMA);
