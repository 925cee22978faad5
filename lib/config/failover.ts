/**
 * Failover area: `muejam.failover.<field>`. The values are checked by the
 * same zod schema the failover and replica Lambdas parse
 * (lambdas/domain/settings/failover.ts, MUEJAM_SETTINGS_FAILOVER):
 *
 *   "muejam.failover.automatic": false,          the primary-down alarm pages with the CLI command (true: starts the failover)
 *   "muejam.failover.maxLagSeconds": 60,         replica lag allowed at promotion (fresh datapoints only)
 *   "muejam.failover.confirmMinutes": 5,         the primary-down alarm must be held this long to count
 *   "muejam.failover.fencing": "security-group", security-group | stop | none
 *   "muejam.failover.backupRetentionDays": 7,    automated backups of the promoted replica
 *   "muejam.failover.healthSchedule": "rate(5 minutes)",
 *   "muejam.failover.databases": { "muejam-db-prod": {
 *       "replica": { "id": "muejam-db-prod-replica", "availabilityZone": "us-east-1b", "instanceClass": "db.r6g.large" },
 *       "dns": { "hostedZoneId": "Z0123456789ABCDEFGHIJ", "recordName": "db.muejam.internal", "ttl": 30 },
 *       "drillDns": { ... }, "denyAllSecurityGroupId": "sg-0123456789abcdef0" } }
 */
import { z } from 'zod';
import {
  DATABASE_FAILOVER_SETTINGS,
  DEFAULT_FAILOVER_SETTINGS,
  FAILOVER_SETTINGS_SCHEMA,
  type FailoverSettings,
  failoverSettingsProblems,
} from '../../lambdas/domain/settings/failover';
import { defineArea } from './area';
import { contextValue, numberValue } from './context-values';
import { scheduleValue } from './schedules';

/** The network of the Lambdas that probe the database (primary-down signal, replica health, post-check): its VPC. */
export interface ProbeNetwork {
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
}

export interface FailoverConfig {
  failover: FailoverSettings & { healthSchedule: string };
  /** muejam.failover.probe*: kept apart from `failover` (which the Lambdas read as MUEJAM_SETTINGS_FAILOVER). */
  failoverProbeNetwork?: ProbeNetwork;
}

const VPC = /^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const ids = (re: RegExp, what: string) =>
  z.array(z.string()).superRefine((list, ctx) => {
    list.forEach((v, i) => {
      if (!re.test(v)) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is not ${what}`, path: [i] });
    });
  });

export const FAILOVER_DEFAULTS = { ...DEFAULT_FAILOVER_SETTINGS, healthSchedule: 'rate(5 minutes)' } as const;

const DATABASES_ALLOWED =
  'a JSON object by database id: {"<db>": {"replica": {...}, "dns": {...}, "drillDns": {...}, "denyAllSecurityGroupId": "sg-...", "secretArn": "arn:aws:secretsmanager:..."}}';

const databasesValue = z.unknown().transform((raw, ctx): FailoverSettings['databases'] => {
  if (raw === undefined || raw === null) return {};
  let v = raw;
  if (typeof v === 'string') {
    if (v.trim() === '') {
      ctx.addIssue({ code: 'custom', message: `is empty; remove it to configure no database, or give ${DATABASES_ALLOWED}` });
      return z.NEVER;
    }
    try {
      v = JSON.parse(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: `is not JSON; give ${DATABASES_ALLOWED}` });
      return z.NEVER;
    }
  }
  const r = z.record(z.string(), DATABASE_FAILOVER_SETTINGS).safeParse(v);
  if (r.success) return r.data;
  for (const iss of r.error.issues) ctx.addIssue({ code: 'custom', message: iss.message, path: iss.path as (string | number)[] });
  return z.NEVER;
});

const shape = FAILOVER_SETTINGS_SCHEMA.shape;

export const failoverArea = defineArea({
  name: 'failover',
  keyPrefix: 'failover.',
  fields: {
    automatic: contextValue({ kind: 'boolean', default: FAILOVER_DEFAULTS.automatic, allowed: 'true or false', value: z.boolean() }),
    maxLagSeconds: contextValue({ kind: 'number', default: FAILOVER_DEFAULTS.maxLagSeconds, ...numberValue(1, 3600) }),
    confirmMinutes: contextValue({ kind: 'number', default: FAILOVER_DEFAULTS.confirmMinutes, ...numberValue(0, 60) }),
    fencing: contextValue({
      kind: 'string',
      default: FAILOVER_DEFAULTS.fencing,
      allowed: 'security-group, stop or none',
      value: shape.fencing.unwrap(),
    }),
    backupRetentionDays: contextValue({ kind: 'number', default: FAILOVER_DEFAULTS.backupRetentionDays, ...numberValue(1, 35) }),
    healthSchedule: scheduleValue(FAILOVER_DEFAULTS.healthSchedule),
    databases: databasesValue,
    // Without these the probing Lambdas have no path to a private endpoint: their probe counts as no evidence.
    probeVpcId: contextValue({
      kind: 'string',
      allowed: 'the id of the databases\' VPC, e.g. "vpc-0123456789abcdef0"',
      value: z.string().regex(VPC),
    }),
    probeSubnetIds: contextValue({
      kind: 'list',
      default: [] as string[],
      allowed: 'private subnet ids of that VPC, e.g. ["subnet-0123456789abcdef0"]',
      value: ids(/^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, 'a subnet id (subnet-...)'),
    }),
    probeSecurityGroupIds: contextValue({
      kind: 'list',
      default: [] as string[],
      allowed: 'security groups the databases admit on their port, e.g. ["sg-0123456789abcdef0"]',
      value: ids(/^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, 'a security group id (sg-...)'),
    }),
  },
  build(v, ctx, earlier): FailoverConfig {
    const { healthSchedule, probeVpcId, probeSubnetIds, probeSecurityGroupIds, ...settings } = v;
    const databases = (earlier as { databases?: string[] }).databases ?? [];
    for (const p of failoverSettingsProblems(settings as FailoverSettings, databases))
      ctx.problem(p.key.startsWith('databases') ? 'databases' : p.key, `${p.key.replace(/^databases\.?/, '')}: ${p.message}`);
    const given = {
      probeVpcId: Boolean(probeVpcId),
      probeSubnetIds: probeSubnetIds.length > 0,
      probeSecurityGroupIds: probeSecurityGroupIds.length > 0,
    };
    if (Object.values(given).some(Boolean)) {
      for (const [key, ok] of Object.entries(given))
        if (!ok && ctx.valid(key))
          ctx.problem(key, 'is required with the other muejam.failover.probe* keys: the probing Lambdas join that VPC');
    }
    const probeNetwork =
      probeVpcId && probeSubnetIds.length && probeSecurityGroupIds.length
        ? { vpcId: probeVpcId, subnetIds: probeSubnetIds, securityGroupIds: probeSecurityGroupIds }
        : undefined;
    return {
      failover: { ...(settings as FailoverSettings), healthSchedule },
      ...(probeNetwork ? { failoverProbeNetwork: probeNetwork } : {}),
    };
  },
});
