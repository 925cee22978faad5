/** muejam.restoreTest.*: defaults, checks refused at synth (invalid SQL, unknown expectation), network required when enabled. */
import { ConfigError, loadConfig } from '../../lib/config';

const NETWORK = {
  'restoreTest.vpcId': 'vpc-0123456789abcdef0',
  'restoreTest.subnetIds': ['subnet-0123456789abcdef0'],
  'restoreTest.dbSubnetGroup': 'app-private',
  'restoreTest.backupDbSubnetGroup': 'dr-private',
  'restoreTest.backupSecurityGroupIds': ['sg-0123456789abcdef0'],
};

function load(values: Record<string, unknown>) {
  const ctx: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) ctx[`muejam.${k}`] = v;
  return loadConfig({ context: (k) => ctx[k], contextKeys: Object.keys(ctx) });
}

function problems(values: Record<string, unknown>): string[] {
  try {
    load(values);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.filter((p) => p.startsWith('muejam.restoreTest.'));
    throw e;
  }
}

describe('muejam.restoreTest', () => {
  it('is off by default, weekly on Sunday 04:00, alternating regions, 24 h janitor age', () => {
    expect(load({}).restoreTest).toMatchObject({
      enabled: false,
      schedule: 'cron(0 4 ? * SUN *)',
      regionMode: 'alternate',
      maxAgeHours: 24,
      instanceClass: 'db.t4g.micro',
      plan: { database: 'postgres', schemas: ['public'], tableMinimums: {}, checks: [], amcheckIndexes: [] },
    });
  });

  it('reads checks, minimums and the timestamp column from cdk.json values or -c JSON text', () => {
    const c = load({
      ...NETWORK,
      'restoreTest.enabled': 'true',
      'restoreTest.tableMinimums': '{"public.users": 10}',
      'restoreTest.timestampColumn': 'public.chapters.updated_at',
      'restoreTest.checks': [{ name: 'recent', sql: 'SELECT max(updated_at) FROM public.chapters', expect: { maxAgeMinutes: 60 } }],
    }).restoreTest;
    expect(c.enabled).toBe(true);
    expect(c.plan.tableMinimums).toEqual({ 'public.users': 10 });
    expect(c.plan.timestampColumn).toEqual({ schema: 'public', table: 'chapters', column: 'updated_at' });
    expect(c.plan.checks).toHaveLength(1);
  });

  it('refuses a check with invalid SQL, a write, or an unknown expectation, naming the key and the check', () => {
    expect(problems({ 'restoreTest.checks': [{ name: 'a', sql: 'SELECT count(* FROM users', expect: { minRows: 1 } }] })).toEqual([
      'muejam.restoreTest.checks[0].sql: is not valid SQL: a "(" is not closed',
    ]);
    expect(problems({ 'restoreTest.checks': [{ name: 'a', sql: 'DELETE FROM users', expect: { minRows: 1 } }] })[0]).toContain(
      'muejam.restoreTest.checks[0].sql: must start with SELECT',
    );
    expect(problems({ 'restoreTest.checks': [{ name: 'a', sql: 'SELECT 1', expect: { atLeast: 1 } }] })[0]).toBe(
      'muejam.restoreTest.checks[0].expect: unknown expectation "atLeast"; allowed: exactly one of {"minRows": ...}, {"equals": ...}, {"maxAgeMinutes": ...}',
    );
    expect(problems({ 'restoreTest.checks': '[{"name": "a"' })[0]).toContain('muejam.restoreTest.checks: is not JSON');
    expect(problems({ 'restoreTest.tableMinimums': { users: 1 } })[0]).toContain('muejam.restoreTest.tableMinimums.users');
  });

  it('refuses enabled restore tests without the network, naming each missing key', () => {
    expect(problems({ 'restoreTest.enabled': true })).toEqual([
      expect.stringMatching(/^muejam\.restoreTest\.vpcId: is required when muejam\.restoreTest\.enabled is true/),
      expect.stringMatching(/^muejam\.restoreTest\.subnetIds: is required/),
      expect.stringMatching(/^muejam\.restoreTest\.dbSubnetGroup: is required/),
      expect.stringMatching(/^muejam\.restoreTest\.backupDbSubnetGroup: is required when regionMode is "alternate"/),
      expect.stringMatching(/^muejam\.restoreTest\.backupSecurityGroupIds: is required when regionMode is "alternate"/),
    ]);
    expect(
      problems({
        'restoreTest.enabled': true,
        'restoreTest.regionMode': 'primary',
        ...NETWORK,
        'restoreTest.backupDbSubnetGroup': undefined,
      }),
    ).toEqual([]);
    expect(problems({ 'restoreTest.regionMode': 'sometimes' })[0]).toContain('"primary", "backup", "alternate", "both"');
  });
});
