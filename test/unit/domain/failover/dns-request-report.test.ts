import {
  chooseDnsRecord,
  dnsRecordProblems,
  manualRepointCommand,
  normalizeRecordName,
  recordValue,
  repointChangeBatch,
} from '../../../../lambdas/domain/failover/dns';
import {
  databasePointerParameter,
  defaultReplicaId,
  failoverLockTableName,
  primaryDownAlarmName,
} from '../../../../lambdas/domain/failover/names';
import { FAILOVER_INPUT_EXAMPLE, parseFailoverRequest } from '../../../../lambdas/domain/failover/request';
import {
  failoverCommand,
  failoverFigures,
  pointerCommand,
  promoteCommand,
  secondsBetween,
} from '../../../../lambdas/domain/failover/report';

const prod = { hostedZoneId: 'Z0PROD', recordName: 'db.muejam.internal', ttl: 30 };
const drill = { hostedZoneId: 'Z0DRILL', recordName: 'drill-db.muejam.internal', ttl: 10 };

describe('DNS record', () => {
  it('validates zone id, name and TTL, naming each field', () => {
    expect(dnsRecordProblems('dns', prod)).toEqual([]);
    expect(dnsRecordProblems('dns', { ...prod, hostedZoneId: '/hostedzone/Z0PROD' })).toEqual([]);
    expect(dnsRecordProblems('dns', undefined)[0]).toMatch(/^dns: is not configured/);
    expect(dnsRecordProblems('dns', { hostedZoneId: 'zone', recordName: 'localhost', ttl: 3600 })).toEqual([
      'dns.hostedZoneId: "zone" is not a Route 53 hosted zone id (upper-case letters and digits, e.g. Z0123456789ABCDEFGHIJ)',
      'dns.recordName: "localhost" is not a DNS name with at least two labels (letters, digits, hyphens)',
      'dns.ttl: must be a whole number of seconds from 5 to 300 (got 3600)',
    ]);
    expect(dnsRecordProblems('dns', { ...prod, recordName: '-a.b' })).toHaveLength(1);
    expect(dnsRecordProblems('dns', { ...prod, ttl: 4 })).toHaveLength(1);
    expect(dnsRecordProblems('dns', { ...prod, ttl: 5 })).toEqual([]);
    expect(dnsRecordProblems('dns', { ...prod, ttl: 300 })).toEqual([]);
    expect(dnsRecordProblems('dns', { ...prod, ttl: 30.5 })).toHaveLength(1);
  });

  it('normalizes names as Route 53 IAM compares them', () => {
    expect(normalizeRecordName(' DB.Muejam.Internal. ')).toBe('db.muejam.internal');
  });

  it('a run repoints the production record unless a drill names the configured drill record', () => {
    expect(chooseDnsRecord(prod, drill, undefined)).toEqual({ record: prod, drill: false });
    expect(chooseDnsRecord(prod, drill, { hostedZoneId: 'Z0DRILL', recordName: 'Drill-DB.muejam.internal.' })).toEqual({
      record: drill,
      drill: true,
    });
  });

  it('refuses a drill that names the production record (in any zone), an unconfigured drill record, or no record at all', () => {
    expect(chooseDnsRecord(prod, drill, { hostedZoneId: 'Z0OTHER', recordName: 'db.muejam.internal' })).toEqual({
      problem: 'dns.recordName: db.muejam.internal is the production record; a drill must use its own record',
    });
    expect(chooseDnsRecord(prod, undefined, { hostedZoneId: 'Z0DRILL', recordName: drill.recordName })).toMatchObject({
      problem: expect.stringContaining('no drill record'),
    });
    expect(chooseDnsRecord(prod, drill, { hostedZoneId: 'Z0DRILL', recordName: 'x.muejam.internal' })).toMatchObject({
      problem: expect.stringContaining('is not the configured drill record'),
    });
    expect(chooseDnsRecord(prod, drill, { hostedZoneId: 'Z0ELSE', recordName: drill.recordName })).toMatchObject({
      problem: expect.stringContaining('is not the configured drill record'),
    });
    expect(chooseDnsRecord(undefined, drill, undefined)).toMatchObject({ problem: expect.stringContaining('no record is configured') });
    expect(chooseDnsRecord(undefined, drill, { hostedZoneId: 'Z0DRILL', recordName: drill.recordName })).toEqual({
      record: drill,
      drill: true,
    });
  });

  it('the change is one CNAME UPSERT with the short TTL; the manual command is the same change', () => {
    expect(repointChangeBatch(prod, 'new.host', 'c')).toEqual({
      Comment: 'c',
      Changes: [
        {
          Action: 'UPSERT',
          ResourceRecordSet: { Name: 'db.muejam.internal', Type: 'CNAME', TTL: 30, ResourceRecords: [{ Value: 'new.host' }] },
        },
      ],
    });
    expect(repointChangeBatch(prod, 'h', 'x'.repeat(300)).Comment).toHaveLength(256);
    expect(manualRepointCommand(prod, 'new.host')).toBe(
      `aws route53 change-resource-record-sets --hosted-zone-id Z0PROD --change-batch '{"Comment":"muejam failover, finished by hand","Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"db.muejam.internal","Type":"CNAME","TTL":30,"ResourceRecords":[{"Value":"new.host"}]}}]}'`,
    );
    expect(recordValue({ ResourceRecords: [{ Value: 'New.Host.' }] })).toBe('new.host');
    expect(recordValue(undefined)).toBeUndefined();
    expect(recordValue({ ResourceRecords: [] })).toBeUndefined();
  });
});

describe('failover request', () => {
  const dbs = ['muejam-db-prod'];
  const replicaOf = (db: string) => (db === 'muejam-db-prod' ? 'muejam-db-prod-replica' : undefined);

  it('accepts the documented example', () => {
    expect(parseFailoverRequest(FAILOVER_INPUT_EXAMPLE, dbs, replicaOf)).toEqual({
      database: 'muejam-db-prod',
      targetReplicaId: 'muejam-db-prod-replica',
      reason: 'primary unreachable since 03:02',
      force: false,
      trigger: 'manual',
      requestedAt: undefined,
      dns: undefined,
    });
  });

  it('defaults the target to the configured replica; an alarm start needs no reason', () => {
    expect(parseFailoverRequest({ dbInstanceIdentifier: 'muejam-db-prod', trigger: 'alarm' }, dbs, replicaOf)).toMatchObject({
      targetReplicaId: 'muejam-db-prod-replica',
      reason: 'primary-down alarm',
      trigger: 'alarm',
    });
  });

  it('refuses bad input naming the field', () => {
    const bad: [unknown, RegExp][] = [
      [
        { dbInstanceIdentifier: 'other-db', reason: 'x' },
        /^input\.dbInstanceIdentifier: unknown database "other-db"; this deployment protects: muejam-db-prod/,
      ],
      [{ dbInstanceIdentifier: 'muejam-db-prod', force: true }, /^input\.reason: is required with "force": true/],
      [{ dbInstanceIdentifier: 'muejam-db-prod' }, /^input\.reason: is required: say why/],
      [
        { dbInstanceIdentifier: 'muejam-db-prod', reason: 'x', targetReplicaId: 'muejam-db-prod' },
        /^input\.targetReplicaId: "muejam-db-prod" is the database itself/,
      ],
      [{ dbInstanceIdentifier: 'muejam-db-prod', reason: 'x', force: 'yes' }, /^input\.force: must be true or false/],
      [
        { dbInstanceIdentifier: 'muejam-db-prod', reason: 'x', froce: true },
        /^input\.froce: unknown field `froce`; did you mean `force`\?/,
      ],
      [{ dbInstanceIdentifier: 'muejam-db-prod', reason: ' ' }, /^input\.reason: is empty/],
    ];
    for (const [input, message] of bad) expect(() => parseFailoverRequest(input, dbs, replicaOf)).toThrow(message);
    expect(() => parseFailoverRequest({ dbInstanceIdentifier: 'muejam-db-prod', reason: 'x' }, dbs, () => undefined)).toThrow(
      /^input\.targetReplicaId: is required: muejam-db-prod declares no replica/,
    );
    expect(() => parseFailoverRequest({ dbInstanceIdentifier: 'x', reason: 'x' }, [], replicaOf)).toThrow(/protects: \(none\)/);
  });
});

describe('report figures, names and commands', () => {
  it('RTO from the request to DNS in sync; RPO is the lag at promotion', () => {
    expect(failoverFigures('2026-12-03T03:00:00Z', new Date('2026-12-03T03:07:30Z'), 4.4)).toEqual({ rtoSeconds: 450, rpoSeconds: 4 });
    expect(failoverFigures('bad', new Date(), undefined)).toEqual({ rtoSeconds: 0, rpoSeconds: 0 });
    expect(secondsBetween('2026-12-03T03:00:10Z', new Date('2026-12-03T03:00:00Z'))).toBe(0);
  });
  it('names derive from the deployment', () => {
    expect(failoverLockTableName('prod')).toBe('muejam-backup-dr-prod-failover-locks');
    expect(databasePointerParameter('prod', 'muejam-db-prod')).toBe('/muejam-backup-dr/prod/databases/muejam-db-prod/current-instance');
    expect(primaryDownAlarmName('prod', 'db')).toBe('muejam-backup-dr-prod-db-primary-down');
    expect(defaultReplicaId('muejam-db-prod')).toBe('muejam-db-prod-replica');
    expect(defaultReplicaId(`a${'b'.repeat(55)}-cdefg`)).toBe(`a${'b'.repeat(55)}-cdefg`);
    expect(defaultReplicaId(`a${'b'.repeat(50)}`)).toBe(`a${'b'.repeat(50)}-replica`.slice(0, 63));
  });
  it('commands are exact and quote the reason', () => {
    expect(failoverCommand('db', 'r', 'say "hi" $HOME')).toBe('npm run cli -- failover db --to r --reason "say \\"hi\\" \\$HOME"');
    expect(failoverCommand('db', 'r', 'x', true)).toBe('npm run cli -- failover db --to r --reason "x" --force');
    expect(promoteCommand('r', 7)).toBe('aws rds promote-read-replica --db-instance-identifier r --backup-retention-period 7');
    expect(pointerCommand('/p', 'r')).toBe('aws ssm put-parameter --name /p --type String --overwrite --value r');
  });
});

import { parseCreateReplicaRequest, replicaVerificationProblems } from '../../../../lambdas/domain/failover/replica-request';

describe('create-replica request and verification', () => {
  const declared = (db: string) =>
    db === 'muejam-db-prod' ? { id: 'muejam-db-prod-replica', availabilityZone: 'us-east-1b', instanceClass: 'db.t4g.medium' } : undefined;
  it('defaults from the replica declaration; the input wins', () => {
    expect(parseCreateReplicaRequest({ dbInstanceIdentifier: 'muejam-db-prod' }, ['muejam-db-prod'], declared)).toEqual({
      database: 'muejam-db-prod',
      replicaId: 'muejam-db-prod-replica',
      availabilityZone: 'us-east-1b',
      instanceClass: 'db.t4g.medium',
    });
    expect(
      parseCreateReplicaRequest(
        { dbInstanceIdentifier: 'muejam-db-prod', availabilityZone: 'us-east-1c', replicaId: 'r2' },
        ['muejam-db-prod'],
        () => undefined,
      ),
    ).toEqual({
      database: 'muejam-db-prod',
      replicaId: 'r2',
      availabilityZone: 'us-east-1c',
      instanceClass: undefined,
    });
    expect(
      parseCreateReplicaRequest(
        { dbInstanceIdentifier: 'muejam-db-prod', availabilityZone: 'us-east-1c' },
        ['muejam-db-prod'],
        () => undefined,
      ).replicaId,
    ).toBe('muejam-db-prod-replica');
  });
  it('refuses bad input naming the field', () => {
    const dbs = ['muejam-db-prod'];
    expect(() => parseCreateReplicaRequest({ dbInstanceIdentifier: 'x' }, dbs, declared)).toThrow(
      /^input\.dbInstanceIdentifier: unknown database "x"/,
    );
    expect(() => parseCreateReplicaRequest({ dbInstanceIdentifier: 'muejam-db-prod' }, dbs, () => undefined)).toThrow(
      /^input\.availabilityZone: is required/,
    );
    expect(() => parseCreateReplicaRequest({ dbInstanceIdentifier: 'muejam-db-prod', availabilityZone: 'east' }, dbs, declared)).toThrow(
      /^input\.availabilityZone: "east" is not an availability zone/,
    );
    expect(() => parseCreateReplicaRequest({ dbInstanceIdentifier: 'muejam-db-prod', instanceClass: 'big' }, dbs, declared)).toThrow(
      /^input\.instanceClass: "big" is not an RDS instance class/,
    );
    expect(() => parseCreateReplicaRequest({ dbInstanceIdentifier: 'muejam-db-prod', replicaId: 'muejam-db-prod' }, dbs, declared)).toThrow(
      /^input\.replicaId: "muejam-db-prod" is the database itself/,
    );
    expect(() => parseCreateReplicaRequest({ dbInstanceIdentifier: 'muejam-db-prod', az: 'us-east-1b' }, dbs, declared)).toThrow(
      /^input\.az: unknown field/,
    );
  });
  it('verification: another AZ, encrypted, replicating from the primary', () => {
    const p = { id: 'p', az: 'us-east-1a' };
    const good = { az: 'us-east-1b', encrypted: true, sourceId: 'p', replication: { status: 'replicating', normal: true } };
    expect(replicaVerificationProblems(p, good)).toEqual([]);
    expect(replicaVerificationProblems(p, { ...good, az: 'us-east-1a' })).toEqual([
      "replica is in us-east-1a, the primary's AZ is us-east-1a: it must be another AZ",
    ]);
    expect(replicaVerificationProblems(p, { ...good, az: undefined })).toHaveLength(1);
    expect(replicaVerificationProblems(p, { ...good, encrypted: false })).toEqual(['replica storage is not encrypted']);
    expect(replicaVerificationProblems(p, { ...good, sourceId: undefined })).toEqual(['replica replicates from nothing, not p']);
    expect(replicaVerificationProblems(p, { ...good, replication: undefined })).toEqual(['RDS reports no read replication status yet']);
    expect(replicaVerificationProblems(p, { ...good, replication: { status: 'error', normal: false } })).toEqual([
      'read replication is error (normal=false)',
    ]);
    expect(replicaVerificationProblems(p, { ...good, replication: { status: 'replicating', normal: false } })).toHaveLength(1);
  });
});
