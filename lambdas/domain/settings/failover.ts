/**
 * Failover settings (`muejam.failover.*`): one zod schema, used by CDK
 * (lib/config, validated at synth) and by the failover and replica Lambdas
 * (the JSON variable MUEJAM_SETTINGS_FAILOVER), so a bad value fails synth
 * naming the key. Pure.
 */
import { z } from 'zod';
import { DNS_TTL_RANGE, dnsRecordProblems } from '../failover/dns';
import { FENCING_MODES } from '../failover/fencing';
import { defineSettings } from './settings-env';

const SECURITY_GROUP = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const INSTANCE_CLASS = /^db\.[a-z0-9]+\.[a-z0-9]+$/;
const AZ = /^[a-z]{2}(?:-[a-z]+)+-\d[a-z]$/;
const RDS_ID = /^[a-z](?:[a-z0-9]|-(?!-)){0,62}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;

const int = (min: number, max: number, unit: string) =>
  z
    .number({ error: `must be a whole number of ${unit} from ${min} to ${max}` })
    .int({ error: `must be a whole number of ${unit} from ${min} to ${max}` })
    .min(min, { error: `must be a whole number of ${unit} from ${min} to ${max}` })
    .max(max, { error: `must be a whole number of ${unit} from ${min} to ${max}` });

const pattern = (re: RegExp, allowed: string) =>
  z
    .string({ error: `must be a string: ${allowed}` })
    .regex(re, { error: (iss) => `${JSON.stringify(iss.input)} is not allowed: ${allowed}` });

export const DNS_RECORD_SETTINGS = z
  .strictObject({
    hostedZoneId: z.string({ error: 'must be a Route 53 private hosted zone id such as "Z0123456789ABCDEFGHIJ"' }),
    recordName: z.string({ error: 'must be the record name clients connect to, e.g. "db.muejam.internal"' }),
    ttl: z.number({ error: `must be a whole number of seconds from ${DNS_TTL_RANGE.min} to ${DNS_TTL_RANGE.max}` }).default(30),
  })
  .superRefine((r, ctx) => {
    for (const p of dnsRecordProblems('', r)) {
      const [field, ...rest] = p.replace(/^\./, '').split(': ');
      ctx.addIssue({ code: 'custom', path: [field], message: rest.join(': ') });
    }
  });

export const REPLICA_DECLARATION = z.strictObject({
  id: pattern(RDS_ID, 'an RDS instance identifier (lowercase letters, digits, single hyphens; starts with a letter)'),
  availabilityZone: pattern(AZ, 'an availability zone such as "us-east-1b" (it must differ from the primary\'s)'),
  instanceClass: pattern(INSTANCE_CLASS, 'an RDS instance class such as "db.r6g.large"').optional(),
});

export const DATABASE_FAILOVER_SETTINGS = z.strictObject({
  /** The replica this database keeps in another AZ (create-replica makes it; the health check watches it). */
  replica: REPLICA_DECLARATION.optional(),
  /** The private zone record clients use: the failover repoints it. */
  dns: DNS_RECORD_SETTINGS.optional(),
  /** The record a DR drill may repoint instead (never the production record). */
  drillDns: DNS_RECORD_SETTINGS.optional(),
  /** Security group that allows nothing, in the database's VPC: `security-group` fencing swaps to it. */
  denyAllSecurityGroupId: pattern(SECURITY_GROUP, 'a VPC security group id such as "sg-0123456789abcdef0"').optional(),
  /**
   * Secret with {username, password} for the write probe of the new primary. Unset: the promoted
   * instance's RDS-managed master secret, else the old primary's (ManageMasterUserPassword).
   */
  secretArn: pattern(SECRET_ARN, 'a Secrets Manager secret ARN holding {"username","password"}').optional(),
});

export const FAILOVER_SETTINGS_SCHEMA = z.strictObject({
  automatic: z.boolean({ error: 'must be true or false' }).default(false),
  maxLagSeconds: int(1, 3600, 'seconds').default(60),
  confirmMinutes: int(0, 60, 'minutes').default(5),
  fencing: z.enum(FENCING_MODES, { error: `must be one of ${FENCING_MODES.join(', ')}` }).default('security-group'),
  /** BackupRetentionPeriod given to PromoteReadReplica (automated backups of the new primary). */
  backupRetentionDays: int(1, 35, 'days').default(7),
  databases: z.record(z.string(), DATABASE_FAILOVER_SETTINGS).default({}),
});

export type FailoverSettings = z.output<typeof FAILOVER_SETTINGS_SCHEMA>;
export type DatabaseFailoverSettings = z.output<typeof DATABASE_FAILOVER_SETTINGS>;
export type ReplicaDeclaration = z.output<typeof REPLICA_DECLARATION>;

export const DEFAULT_FAILOVER_SETTINGS: FailoverSettings = FAILOVER_SETTINGS_SCHEMA.parse({});

export const FAILOVER_SETTINGS = defineSettings('failover', FAILOVER_SETTINGS_SCHEMA);

/** The settings of one database (empty when none are configured). */
export function databaseFailoverSettings(s: FailoverSettings, db: string): DatabaseFailoverSettings {
  return s.databases[db] ?? {};
}

/**
 * Problems that span keys, each naming the key: settings for a database this
 * deployment does not protect; security-group fencing without a deny-all
 * group; a drill record equal to the production record.
 */
export function failoverSettingsProblems(s: FailoverSettings, databases: readonly string[]): { key: string; message: string }[] {
  const out: { key: string; message: string }[] = [];
  for (const [db, d] of Object.entries(s.databases)) {
    const key = `databases.${db}`;
    if (!databases.includes(db))
      out.push({ key, message: `"${db}" is not a protected database (muejam.databases: ${databases.join(', ')})` });
    if (s.fencing === 'security-group' && d.dns && !d.denyAllSecurityGroupId) {
      out.push({
        key: `${key}.denyAllSecurityGroupId`,
        message: 'is required with fencing "security-group" (a group with no rules in the database\'s VPC)',
      });
    }
    if (
      d.dns &&
      d.drillDns &&
      d.dns.recordName.toLowerCase().replace(/\.$/, '') === d.drillDns.recordName.toLowerCase().replace(/\.$/, '')
    ) {
      out.push({ key: `${key}.drillDns.recordName`, message: 'must differ from the production record (dns.recordName)' });
    }
    if (d.replica && d.replica.id === db) out.push({ key: `${key}.replica.id`, message: 'must differ from the database id' });
  }
  return out;
}
