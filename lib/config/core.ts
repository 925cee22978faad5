/**
 * Core area: which deployment, which account and regions, what it protects,
 * how its snapshots and metrics are named. Flat keys `muejam.<name>`.
 */
import { z } from 'zod';
import { defineArea } from './area';
import { contextValue, ruled } from './context-values';
import { databaseIdsValue } from './databases';
import { awsRegionProblem, partitionOf, rdsIdentifierProblem, redisGroupProblem } from './rules';

/** Account used when neither `muejam.account` nor CDK_DEFAULT_ACCOUNT is set (synth without credentials). */
export const PLACEHOLDER_ACCOUNT = '123456789012';

export interface CoreConfig {
  deploymentId: string;
  /** AWS account of both stacks. */
  account: string;
  /** True when `account` is PLACEHOLDER_ACCOUNT (no account configured, no credentials). */
  accountIsPlaceholder: boolean;
  /** ARN partition of the two regions (aws, aws-cn, aws-us-gov). */
  partition: string;
  primaryRegion: string;
  backupRegion: string;
  databases: string[];
  redisGroups: string[];
  snapshotPrefix: string;
  metricsNamespace: string;
}

export const CORE_DEFAULTS = {
  deploymentId: 'prod',
  primaryRegion: 'us-east-1',
  backupRegion: 'us-west-2',
  databases: ['muejam-db-prod'],
  redisGroups: ['muejam-redis-prod'],
  snapshotPrefix: 'muejam',
  metricsNamespace: 'MueJam/Backup',
} as const;

const DEPLOYMENT_ID = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const PREFIX = /^[a-z](?:[a-z0-9]|-(?!-))*$/;
const ACCOUNT = /^\d{12}$/;
const NAMESPACE = /^[A-Za-z0-9._/#: -]{1,255}$/;

const DEPLOYMENT_ID_RULE = '1-20 lowercase letters, digits and hyphens, starting and ending with a letter or digit';
const PREFIX_RULE = '1-32 lowercase letters, digits and hyphens, starting with a letter, no "--", not ending in "-"';
const NAMESPACE_RULE = '1-255 letters, digits and . _ / # : - or spaces, not starting with ":" or "AWS/"';

function region(def: string) {
  return contextValue({
    kind: 'string',
    default: def,
    allowed: 'an AWS region name such as us-east-1',
    value: ruled(z.string(), awsRegionProblem),
  });
}

function idList(def: readonly string[], rule: (id: string) => string | undefined, what: string) {
  return contextValue<string[]>({
    kind: 'list',
    default: [...def],
    defaultText: JSON.stringify(def),
    allowed: `a list of ${what} (JSON array in cdk.json, a,b or ["a","b"] with -c; [] for none)`,
    value: z.array(z.string()).superRefine((ids, ctx) => {
      ids.forEach((id, i) => {
        const p = rule(id) ?? (ids.indexOf(id) !== i ? `"${id}" is listed twice` : undefined);
        if (p) ctx.addIssue({ code: 'custom', message: p, path: [i] });
      });
    }),
  });
}

export const coreArea = defineArea({
  name: 'core',
  keyPrefix: '',
  fields: {
    deploymentId: contextValue({
      kind: 'string',
      default: CORE_DEFAULTS.deploymentId,
      allowed: DEPLOYMENT_ID_RULE,
      value: ruled(z.string(), (v) =>
        v.length > 20 || !DEPLOYMENT_ID.test(v) ? `"${v}" is not allowed; use ${DEPLOYMENT_ID_RULE}` : undefined,
      ),
    }),
    account: contextValue({
      kind: 'string',
      allowed: 'a 12-digit AWS account id',
      value: ruled(z.string(), (v) => (ACCOUNT.test(v) ? undefined : `"${v}" is not an AWS account id (12 digits)`)),
    }),
    primaryRegion: region(CORE_DEFAULTS.primaryRegion),
    backupRegion: region(CORE_DEFAULTS.backupRegion),
    // The string form or the object form with restore settings (lib/config/databases.ts): the ids here.
    databases: databaseIdsValue(idList(CORE_DEFAULTS.databases, rdsIdentifierProblem, 'RDS instance identifiers') as z.ZodType<string[]>),
    redisGroups: idList(CORE_DEFAULTS.redisGroups, redisGroupProblem, 'ElastiCache replication group ids'),
    snapshotPrefix: contextValue({
      kind: 'string',
      default: CORE_DEFAULTS.snapshotPrefix,
      allowed: PREFIX_RULE,
      value: ruled(z.string(), (v) =>
        v.length > 32 || !PREFIX.test(v) || v.endsWith('-') ? `"${v}" is not allowed; use ${PREFIX_RULE}` : undefined,
      ),
    }),
    metricsNamespace: contextValue({
      kind: 'string',
      default: CORE_DEFAULTS.metricsNamespace,
      allowed: NAMESPACE_RULE,
      value: ruled(z.string(), (v) =>
        !NAMESPACE.test(v) || v.startsWith(':') || v.startsWith('AWS/')
          ? `"${v}" is not a CloudWatch namespace; use ${NAMESPACE_RULE}`
          : undefined,
      ),
    }),
  },
  build(v, ctx): CoreConfig {
    const defaultAccount = ctx.defaultAccount?.trim() || undefined;
    const account = v.account ?? defaultAccount ?? PLACEHOLDER_ACCOUNT;
    if (ctx.valid('primaryRegion') && ctx.valid('backupRegion')) {
      if (v.backupRegion === v.primaryRegion) {
        ctx.problem('backupRegion', `"${v.backupRegion}" must differ from primaryRegion`);
      } else if (partitionOf(v.backupRegion) !== partitionOf(v.primaryRegion)) {
        ctx.problem('backupRegion', `"${v.backupRegion}" must be in the same partition as primaryRegion "${v.primaryRegion}"`);
      }
    }
    if (ctx.valid('databases') && v.databases.length === 0) ctx.problem('databases', 'must list at least one RDS instance identifier');
    return {
      deploymentId: v.deploymentId,
      account,
      accountIsPlaceholder: v.account === undefined && defaultAccount === undefined,
      partition: partitionOf(v.primaryRegion),
      primaryRegion: v.primaryRegion,
      backupRegion: v.backupRegion,
      databases: v.databases,
      redisGroups: v.redisGroups,
      snapshotPrefix: v.snapshotPrefix,
      metricsNamespace: v.metricsNamespace,
    };
  },
});
