/**
 * Settings of the instance a database restore creates, per protected database and region role:
 * network (subnet group, security groups), parameter and option groups, instance class, Multi-AZ,
 * deletion protection, backup retention and extra tags. Without them a restore lands in the
 * default VPC with default groups, which is useless at 3 a.m.
 *
 * One zod schema, used by CDK (lib/config, `muejam.databases` object form) and by the Lambdas
 * (the JSON environment variable below), so a bad value fails `cdk synth` naming the key. Pure.
 */
import { z } from 'zod';
import { InvalidInput } from '../../errors';

const SUBNET_GROUP = /^[a-zA-Z0-9][a-zA-Z0-9 ._-]{0,254}$/;
const SECURITY_GROUP = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const GROUP_NAME = /^[a-zA-Z](?:[a-zA-Z0-9.]|-(?!-)){0,254}$/;
const INSTANCE_CLASS = /^db\.[a-z0-9]+\.[a-z0-9]+$/;
const TAG_KEY = /^(?!aws:)(?!muejam:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

function pattern(re: RegExp, allowed: string) {
  return z
    .string({ error: `must be a string: ${allowed}` })
    .regex(re, { error: (iss) => `${JSON.stringify(iss.input)} is not allowed: ${allowed}` });
}

export const RESTORE_REGION_SETTINGS = z.strictObject({
  instanceClass: pattern(INSTANCE_CLASS, 'an RDS instance class such as "db.r6g.large"').optional(),
  subnetGroup: pattern(SUBNET_GROUP, 'the name of a DB subnet group in that region').optional(),
  securityGroupIds: z
    .array(pattern(SECURITY_GROUP, 'a VPC security group id such as "sg-0123456789abcdef0"'))
    .min(1, { error: 'give at least one security group id, or leave securityGroupIds out' })
    .max(5, { error: 'at most 5 security groups' })
    .optional(),
  parameterGroup: pattern(GROUP_NAME, 'the name of a DB parameter group in that region').optional(),
  optionGroup: pattern(GROUP_NAME, 'the name of an option group in that region').optional(),
  multiAz: z.boolean({ error: 'must be true or false' }).optional(),
  deletionProtection: z.boolean({ error: 'must be true or false' }).optional(),
  backupRetentionDays: z
    .number({ error: 'must be a whole number of days from 0 to 35' })
    .int({ error: 'must be a whole number of days from 0 to 35' })
    .min(0, { error: 'must be a whole number of days from 0 to 35' })
    .max(35, { error: 'must be a whole number of days from 0 to 35' })
    .optional(),
  tags: z
    .record(
      pattern(TAG_KEY, 'a tag key of 1-128 characters, not starting with "aws:" or "muejam:" (those are reserved)'),
      z.string().max(256, { error: 'a tag value has at most 256 characters' }),
    )
    .optional(),
});

export type RestoreRegionSettings = z.infer<typeof RESTORE_REGION_SETTINGS>;

export const DATABASE_RESTORE_SETTINGS = z.strictObject({
  primary: RESTORE_REGION_SETTINGS.optional(),
  backup: RESTORE_REGION_SETTINGS.optional(),
});

export type DatabaseRestoreSettings = z.infer<typeof DATABASE_RESTORE_SETTINGS>;

/** What the restore Lambdas read: the settings of every protected database (absent = none configured). */
export const RESTORE_SETTINGS = z.strictObject({
  databases: z.record(z.string(), DATABASE_RESTORE_SETTINGS),
});

export type RestoreSettings = z.infer<typeof RESTORE_SETTINGS>;

export const RESTORE_SETTINGS_ENV = 'MUEJAM_SETTINGS_RESTORE';

/** The variable CDK sets on the restore Lambdas (validated first). */
export function restoreSettingsEnvironment(s: RestoreSettings): Record<string, string> {
  return { [RESTORE_SETTINGS_ENV]: JSON.stringify(RESTORE_SETTINGS.parse(s)) };
}

/** The settings, or none configured when the variable is absent; InvalidInput naming the variable and field otherwise. */
export function readRestoreSettings(env: NodeJS.ProcessEnv = process.env): RestoreSettings {
  const raw = env[RESTORE_SETTINGS_ENV]?.trim();
  if (!raw) return { databases: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new InvalidInput(`env ${RESTORE_SETTINGS_ENV}`, `is not JSON: ${raw.slice(0, 80)}`);
  }
  const r = RESTORE_SETTINGS.safeParse(parsed);
  if (!r.success) {
    const iss = r.error.issues[0];
    throw new InvalidInput(`env ${RESTORE_SETTINGS_ENV}.${iss.path.join('.')}`, iss.message);
  }
  return r.data;
}
