/** The failover area of the configuration: `muejam.failover.*`, read, validated and refused naming the key. */
import { type ConfigError, loadConfig } from '../../lib/config';

const load = (values: Record<string, unknown> = {}) => {
  const ctx = Object.fromEntries(Object.entries(values).map(([k, v]) => [`muejam.${k}`, v]));
  return loadConfig({ context: (k) => ctx[k], contextKeys: Object.keys(ctx) });
};
const problems = (values: Record<string, unknown>) => {
  try {
    load(values);
  } catch (e) {
    return (e as ConfigError).problems;
  }
  return [];
};

const prodDb = {
  replica: { id: 'muejam-db-prod-replica', availabilityZone: 'us-east-1b' },
  dns: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', recordName: 'db.muejam.internal', ttl: 30 },
  denyAllSecurityGroupId: 'sg-0123456789abcdef0',
};

describe('muejam.failover.*', () => {
  it('defaults: manual, 60 s lag, 5 min, security-group fencing, health every 5 minutes, no database configured', () => {
    expect(load().failover).toEqual({
      automatic: false,
      maxLagSeconds: 60,
      confirmMinutes: 5,
      fencing: 'security-group',
      backupRetentionDays: 7,
      healthSchedule: 'rate(5 minutes)',
      databases: {},
    });
  });

  it('reads every key, from cdk.json values or -c strings', () => {
    const c = load({
      'failover.automatic': 'true',
      'failover.maxLagSeconds': '30',
      'failover.confirmMinutes': 2,
      'failover.fencing': 'stop',
      'failover.healthSchedule': 'rate(1 minute)',
      'failover.databases': JSON.stringify({ 'muejam-db-prod': prodDb }),
    }).failover;
    expect(c).toMatchObject({ automatic: true, maxLagSeconds: 30, confirmMinutes: 2, fencing: 'stop', healthSchedule: 'rate(1 minute)' });
    expect(c.databases['muejam-db-prod'].dns).toEqual(prodDb.dns);
  });

  it('refuses bad values naming the key', () => {
    expect(
      problems({ 'failover.maxLagSeconds': 0, 'failover.fencing': 'shutdown', 'failover.automatic': 'yes', 'failover.maxlag': 3 }),
    ).toEqual([
      expect.stringMatching(
        /^muejam\.failover\.maxlag: unknown key `muejam\.failover\.maxlag`; did you mean `muejam\.failover\.maxLagSeconds`\?/,
      ),
      expect.stringMatching(/^muejam\.failover\.automatic: "yes" is not allowed; must be true or false/),
      expect.stringMatching(/^muejam\.failover\.maxLagSeconds: 0 is not allowed; must be a whole number from 1 to 3600/),
      expect.stringMatching(/^muejam\.failover\.fencing: "shutdown" is not allowed/),
    ]);
    expect(problems({ 'failover.databases': { 'muejam-db-prod': { ...prodDb, dns: { ...prodDb.dns, hostedZoneId: 'nope' } } } })).toEqual([
      expect.stringMatching(/^muejam\.failover\.databases\.muejam-db-prod\.dns\.hostedZoneId: "nope" is not a Route 53 hosted zone id/),
    ]);
  });

  it('the write probe secret: a Secrets Manager secret ARN, else refused naming the key', () => {
    const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:muejam-db-prod-sql-AbCdEf';
    expect(
      load({ 'failover.databases': { 'muejam-db-prod': { ...prodDb, secretArn } } }).failover.databases['muejam-db-prod'].secretArn,
    ).toBe(secretArn);
    expect(problems({ 'failover.databases': { 'muejam-db-prod': { ...prodDb, secretArn: 'muejam-db-prod-sql' } } })).toEqual([
      expect.stringMatching(/^muejam\.failover\.databases\.muejam-db-prod\.secretArn: "muejam-db-prod-sql" is not allowed/),
    ]);
  });

  it('refuses settings for an unprotected database, security-group fencing without a deny-all group, and a drill record equal to production', () => {
    const { denyAllSecurityGroupId: _omit, ...noDeny } = prodDb;
    expect(
      problems({
        'failover.databases': { other: {}, 'muejam-db-prod': { ...noDeny, drillDns: { ...prodDb.dns, hostedZoneId: 'Z0DRILL' } } },
      }),
    ).toEqual([
      'muejam.failover.databases: other: "other" is not a protected database (muejam.databases: muejam-db-prod)',
      'muejam.failover.databases: muejam-db-prod.denyAllSecurityGroupId: is required with fencing "security-group" (a group with no rules in the database\'s VPC)',
      'muejam.failover.databases: muejam-db-prod.drillDns.recordName: must differ from the production record (dns.recordName)',
    ]);
  });

  it('the probe network: all three keys or none, checked ids; the settings the Lambdas read stay without it', () => {
    const net = {
      'failover.probeVpcId': 'vpc-0123456789abcdef0',
      'failover.probeSubnetIds': '["subnet-0123456789abcdef0"]',
      'failover.probeSecurityGroupIds': ['sg-0123456789abcdef0'],
    };
    expect(load(net).failoverProbeNetwork).toEqual({
      vpcId: 'vpc-0123456789abcdef0',
      subnetIds: ['subnet-0123456789abcdef0'],
      securityGroupIds: ['sg-0123456789abcdef0'],
    });
    expect(load().failoverProbeNetwork).toBeUndefined();
    expect(problems({ 'failover.probeVpcId': 'vpc-0123456789abcdef0' })).toEqual([
      expect.stringMatching(/^muejam\.failover\.probeSubnetIds: is required with the other muejam\.failover\.probe\* keys/),
      expect.stringMatching(/^muejam\.failover\.probeSecurityGroupIds: is required with the other muejam\.failover\.probe\* keys/),
    ]);
    expect(problems({ ...net, 'failover.probeSubnetIds': ['subnet-x'] })).toEqual([
      expect.stringMatching(/^muejam\.failover\.probeSubnetIds\[0\]: "subnet-x" is not a subnet id/),
    ]);
  });
});
