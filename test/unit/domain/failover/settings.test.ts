import {
  DEFAULT_FAILOVER_SETTINGS,
  databaseFailoverSettings,
  FAILOVER_SETTINGS,
  FAILOVER_SETTINGS_SCHEMA,
  failoverSettingsProblems,
} from '../../../../lambdas/domain/settings/failover';

const dns = { hostedZoneId: 'Z0PROD', recordName: 'db.muejam.internal', ttl: 30 };

describe('failover settings', () => {
  it('defaults: manual trigger, 60 s lag, 5 min confirmation, security-group fencing, 7 days of backups', () => {
    expect(DEFAULT_FAILOVER_SETTINGS).toEqual({
      automatic: false,
      maxLagSeconds: 60,
      confirmMinutes: 5,
      fencing: 'security-group',
      backupRetentionDays: 7,
      databases: {},
    });
    expect(databaseFailoverSettings(DEFAULT_FAILOVER_SETTINGS, 'x')).toEqual({});
  });

  it('round-trips through the Lambda environment and names a bad field', () => {
    const s = FAILOVER_SETTINGS_SCHEMA.parse({
      databases: { 'muejam-db-prod': { dns, replica: { id: 'muejam-db-prod-replica', availabilityZone: 'us-east-1b' } } },
    });
    expect(FAILOVER_SETTINGS.read(FAILOVER_SETTINGS.environment(s))).toEqual(s);
    expect(() => FAILOVER_SETTINGS.read({ MUEJAM_SETTINGS_FAILOVER: JSON.stringify({ maxLagSeconds: 0 }) })).toThrow(
      /env MUEJAM_SETTINGS_FAILOVER\.maxLagSeconds: must be a whole number of seconds from 1 to 3600/,
    );
    expect(() => FAILOVER_SETTINGS_SCHEMA.parse({ fencing: 'shutdown' })).toThrow(/must be one of security-group, stop, none/);
    expect(() =>
      FAILOVER_SETTINGS_SCHEMA.parse({ databases: { d: { dns: { hostedZoneId: 'bad', recordName: 'db.muejam.internal' } } } }),
    ).toThrow(/is not a Route 53 hosted zone id/);
    expect(() => FAILOVER_SETTINGS_SCHEMA.parse({ databases: { d: { replica: { id: 'r', availabilityZone: 'east' } } } })).toThrow(
      /\\"east\\" is not allowed: an availability zone/,
    );
  });

  it('cross-key problems name the key', () => {
    const s = FAILOVER_SETTINGS_SCHEMA.parse({
      databases: {
        'muejam-db-prod': {
          dns,
          drillDns: { ...dns, hostedZoneId: 'Z0DRILL', recordName: 'DB.muejam.internal.' },
          replica: { id: 'muejam-db-prod', availabilityZone: 'us-east-1b' },
        },
        other: {},
      },
    });
    expect(failoverSettingsProblems(s, ['muejam-db-prod'])).toEqual([
      {
        key: 'databases.muejam-db-prod.denyAllSecurityGroupId',
        message: 'is required with fencing "security-group" (a group with no rules in the database\'s VPC)',
      },
      { key: 'databases.muejam-db-prod.drillDns.recordName', message: 'must differ from the production record (dns.recordName)' },
      { key: 'databases.muejam-db-prod.replica.id', message: 'must differ from the database id' },
      { key: 'databases.other', message: '"other" is not a protected database (muejam.databases: muejam-db-prod)' },
    ]);
    const fine = FAILOVER_SETTINGS_SCHEMA.parse({ fencing: 'stop', databases: { 'muejam-db-prod': { dns } } });
    expect(failoverSettingsProblems(fine, ['muejam-db-prod'])).toEqual([]);
  });
});
