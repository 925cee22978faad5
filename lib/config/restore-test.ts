/**
 * Restore-test area (issue 11): `muejam.restoreTest.<field>`. The checks are validated with the
 * Lambdas' own schema (lambdas/domain/settings/restore-test.ts): a check whose SQL is not one
 * read-only statement, or whose expectation is unknown, fails `cdk synth` naming the key and the
 * check. When restore tests are enabled, the network (VPC, subnets, DB subnet group; and the
 * backup region's when it is tested) is required.
 */
import { z } from 'zod';
import { REGION_MODES, type RegionMode } from '../../lambdas/domain/restore-test/names';
import {
  checksSchema,
  identifierSchema,
  instanceClassSchema,
  qualifiedSchema,
  tableMinimumsSchema,
} from '../../lambdas/domain/settings/restore-test';
import type { CheckPlan, SqlCheckSpec } from '../../lambdas/domain/restore-test/check-spec';
import { defineArea } from './area';
import { contextValue, numberValue } from './context-values';
import { scheduleValue } from './schedules';

export interface RestoreTestConfig {
  enabled: boolean;
  schedule: string;
  regionMode: RegionMode;
  maxAgeHours: number;
  instanceClass: string;
  vpcId?: string;
  subnetIds: string[];
  dbSubnetGroup?: string;
  backupDbSubnetGroup?: string;
  backupSecurityGroupIds: string[];
  secretArn?: string;
  plan: CheckPlan;
}

export const RESTORE_TEST_DEFAULTS = {
  enabled: false,
  schedule: 'cron(0 4 ? * SUN *)',
  regionMode: 'alternate',
  maxAgeHours: 24,
  instanceClass: 'db.t4g.micro',
  database: 'postgres',
  schemas: ['public'],
} as const;

/** A JSON value (cdk.json) or its JSON text (`-c key='...'`), checked by `schema`. */
function jsonValue<T>(schema: z.ZodType<T>, def: T, allowed: string) {
  return z.unknown().transform((raw, ctx): T => {
    if (raw === undefined || raw === null) return def;
    let v = raw;
    if (typeof raw === 'string') {
      if (!raw.trim()) {
        ctx.addIssue({ code: 'custom', message: `is empty; remove it to use the default ${JSON.stringify(def)}, or give ${allowed}` });
        return z.NEVER;
      }
      try {
        v = JSON.parse(raw);
      } catch {
        ctx.addIssue({ code: 'custom', message: `is not JSON; allowed: ${allowed}` });
        return z.NEVER;
      }
    }
    const r = schema.safeParse(v);
    if (r.success) return r.data;
    for (const iss of r.error.issues) ctx.addIssue({ code: 'custom', message: iss.message, path: iss.path as (string | number)[] });
    return z.NEVER;
  });
}

const VPC = /^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const SUBNET = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const SG = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const GROUP = /^[a-zA-Z0-9][a-zA-Z0-9 ._-]{0,254}$/;
const ids = (re: RegExp, what: string) =>
  z.array(z.string()).superRefine((list, ctx) => {
    list.forEach((v, i) => {
      if (!re.test(v)) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is not ${what}`, path: [i] });
    });
  });
const text = (re: RegExp, allowed: string) => contextValue({ kind: 'string', allowed, value: z.string().regex(re) });

export const restoreTestArea = defineArea({
  name: 'restore-test',
  keyPrefix: 'restoreTest.',
  fields: {
    enabled: contextValue({ kind: 'boolean', default: RESTORE_TEST_DEFAULTS.enabled, allowed: 'true or false', value: z.boolean() }),
    schedule: scheduleValue(RESTORE_TEST_DEFAULTS.schedule),
    regionMode: contextValue({
      kind: 'string',
      default: RESTORE_TEST_DEFAULTS.regionMode as RegionMode,
      allowed: REGION_MODES.map((m) => `"${m}"`).join(', '),
      value: z.enum(REGION_MODES),
    }),
    maxAgeHours: contextValue({ kind: 'number', default: RESTORE_TEST_DEFAULTS.maxAgeHours, ...numberValue(1, 168) }),
    instanceClass: contextValue({
      kind: 'string',
      default: RESTORE_TEST_DEFAULTS.instanceClass,
      allowed: 'an RDS instance class such as "db.t4g.micro"',
      value: instanceClassSchema,
    }),
    vpcId: text(VPC, 'the id of the database\'s VPC, e.g. "vpc-0123456789abcdef0"'),
    subnetIds: contextValue({
      kind: 'list',
      default: [] as string[],
      allowed: 'private subnet ids of that VPC, e.g. ["subnet-0123456789abcdef0"]',
      value: ids(SUBNET, 'a subnet id (subnet-...)'),
    }),
    dbSubnetGroup: text(GROUP, 'the DB subnet group (primary region) the throwaway instance is created in'),
    backupDbSubnetGroup: text(GROUP, 'the DB subnet group in the backup region'),
    backupSecurityGroupIds: contextValue({
      kind: 'list',
      default: [] as string[],
      allowed: 'security group ids in the backup region that admit only the SQL checker, e.g. ["sg-0123456789abcdef0"]',
      value: ids(SG, 'a security group id (sg-...)'),
    }),
    secretArn: text(
      /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
      'a Secrets Manager secret ARN holding {"username","password"}',
    ),
    database: contextValue({
      kind: 'string',
      default: RESTORE_TEST_DEFAULTS.database,
      allowed: 'a PostgreSQL database name',
      value: identifierSchema,
    }),
    schemas: contextValue({
      kind: 'list',
      default: [...RESTORE_TEST_DEFAULTS.schemas],
      allowed: 'schema names, e.g. ["public"]',
      value: z.array(identifierSchema).min(1),
    }),
    tableMinimums: jsonValue(tableMinimumsSchema, {}, 'an object {"schema.table": minimum rows}'),
    timestampColumn: contextValue({
      kind: 'string',
      allowed: '"schema.table.column" of a timestamp',
      value: qualifiedSchema(3, 'schema.table.column'),
    }),
    checks: jsonValue(checksSchema, [] as SqlCheckSpec[], 'a list of {"name", "sql", "expect": {"minRows"|"equals"|"maxAgeMinutes": ...}}'),
    amcheckIndexes: contextValue({
      kind: 'list',
      default: [] as string[],
      allowed: '"schema.index" names',
      value: z.array(qualifiedSchema(2, 'schema.index')),
    }),
  },
  build(v, ctx): { restoreTest: RestoreTestConfig } {
    if (v.enabled) {
      const need = (key: 'vpcId' | 'dbSubnetGroup', why: string) => {
        if (!v[key] && ctx.valid(key)) ctx.problem(key, `is required when muejam.restoreTest.enabled is true: ${why}`);
      };
      need('vpcId', "the SQL-check Lambda runs in the database's VPC");
      if (v.subnetIds.length === 0 && ctx.valid('subnetIds'))
        ctx.problem('subnetIds', 'is required when muejam.restoreTest.enabled is true: the private subnets the SQL-check Lambda runs in');
      need('dbSubnetGroup', 'the throwaway instance is created in that subnet group (never in the default VPC)');
      if (v.regionMode !== 'primary') {
        if (!v.backupDbSubnetGroup)
          ctx.problem('backupDbSubnetGroup', `is required when regionMode is "${v.regionMode}": the backup region is tested too`);
        if (v.backupSecurityGroupIds.length === 0)
          ctx.problem('backupSecurityGroupIds', `is required when regionMode is "${v.regionMode}": the backup region is tested too`);
      }
    }
    const [schema, table, column] = v.timestampColumn?.split('.') ?? [];
    return {
      restoreTest: {
        enabled: v.enabled,
        schedule: v.schedule,
        regionMode: v.regionMode,
        maxAgeHours: v.maxAgeHours,
        instanceClass: v.instanceClass,
        vpcId: v.vpcId,
        subnetIds: v.subnetIds,
        dbSubnetGroup: v.dbSubnetGroup,
        backupDbSubnetGroup: v.backupDbSubnetGroup,
        backupSecurityGroupIds: v.backupSecurityGroupIds,
        secretArn: v.secretArn,
        plan: {
          database: v.database,
          schemas: v.schemas,
          tableMinimums: v.tableMinimums,
          ...(schema ? { timestampColumn: { schema, table, column } } : {}),
          checks: v.checks,
          amcheckIndexes: v.amcheckIndexes,
        },
      },
    };
  },
});
