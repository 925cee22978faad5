/** The quota check before each backup, with the RDS and SNS SDKs mocked. */
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeAccountAttributesCommand, RDSClient } from '@aws-sdk/client-rds';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { makeClientFactory } from '../../../lambdas/runtime/clients';
import { AlertPublisher } from '../../../lambdas/services/alert-publisher';
import { SnapshotQuotaService } from '../../../lambdas/services/snapshot-quota-service';
import { localRuntimeConfig } from '../../../local/local-environment';
import { awsError } from './retention-fixtures';

const rds = mockClient(RDSClient);
const sns = mockClient(SNSClient);
const config = localRuntimeConfig({ deploymentId: 'prod' });
const clients = makeClientFactory();
const execution = { Id: 'arn:aws:states:us-east-1:1:execution:muejam-backup-dr-prod-database-backup:run-1' };
const service = () =>
  new SnapshotQuotaService(config, clients, new AlertPublisher(config, clients), () => new Date('2026-11-24T06:00:00Z'));
const quotas = (byRegion: Record<string, [number, number]>) =>
  rds.on(DescribeAccountAttributesCommand).callsFake(async (_i, getClient) => {
    const [used, max] = byRegion[await getClient().config.region()];
    return {
      AccountQuotas: [
        { AccountQuotaName: 'AllocatedStorage', Used: 1, Max: 100000 },
        { AccountQuotaName: 'ManualSnapshots', Used: used, Max: max },
      ],
    };
  });
const published = () => sns.commandCalls(PublishCommand).map((c) => JSON.parse(c.args[0].input.Message!));

beforeEach(() => {
  rds.reset();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
});

describe('SnapshotQuotaService.checkBeforeBackup', () => {
  it('reads both regions and stays quiet below 80 %', async () => {
    quotas({ 'us-east-1': [790, 1000], 'us-west-2': [10, 1000] });
    const r = await service().checkBeforeBackup({ execution });
    expect(r.alerted).toEqual([]);
    expect(r.regions).toEqual([
      expect.objectContaining({ region: 'us-east-1', used: 790, max: 1000, headroom: 210, usedPercent: 79, alert: false }),
      expect.objectContaining({ region: 'us-west-2', used: 10, headroom: 990, alert: false }),
    ]);
    expect(sns.calls()).toHaveLength(0);
  });

  it('publishes one warning per region at or above 80 %, naming the region, usage and headroom', async () => {
    quotas({ 'us-east-1': [800, 1000], 'us-west-2': [950, 1000] });
    const r = await service().checkBeforeBackup({ execution });
    expect(r.alerted).toEqual(['us-east-1', 'us-west-2']);
    const alerts = published();
    expect(alerts).toHaveLength(2);
    expect(alerts[1]).toMatchObject({
      kind: 'failure',
      workflow: 'snapshot-quota',
      resource: 'us-west-2',
      step: 'check snapshot quota',
      error: 'SnapshotQuotaHigh',
      severity: 'warning',
      executionArn: execution.Id,
      dedupKey: 'muejam-backup-dr/prod/snapshot-quota/us-west-2',
    });
    expect(alerts[1].cause).toMatch(/manual snapshot quota in us-west-2 is 95% used \(950 of 1000, headroom 50\)/);
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.MessageAttributes?.severity?.StringValue).toBe('warning');
  });

  it('never throws: a quota that cannot be read is reported and the backup goes on', async () => {
    rds
      .on(DescribeAccountAttributesCommand)
      .rejects(awsError('AccessDenied', 'not authorized to perform: rds:DescribeAccountAttributes\nmore'));
    const r = await service().checkBeforeBackup({});
    expect(r).toEqual({
      regions: [
        { region: 'us-east-1', unavailable: 'AccessDenied: not authorized to perform: rds:DescribeAccountAttributes' },
        { region: 'us-west-2', unavailable: 'AccessDenied: not authorized to perform: rds:DescribeAccountAttributes' },
      ],
      alerted: [],
    });
  });

  it('on an emulator that lacks the call, says so instead of the SDK XML parse error (issue 8)', async () => {
    // What @aws-sdk/client-rds throws on moto_server 5.2's HTML 500 page (observed on this machine).
    const parseError = Object.assign(
      new Error(
        '@aws-sdk XML parse error: mismatched tags <html> and </title>.\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
      ),
      { $metadata: { httpStatusCode: 500 } },
    );
    rds.on(DescribeAccountAttributesCommand).rejects(parseError);
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:5000';
    try {
      const r = await service().checkBeforeBackup({});
      expect(r.regions[0]).toEqual({
        region: 'us-east-1',
        unavailable:
          'the endpoint http://127.0.0.1:5000 does not implement rds:DescribeAccountAttributes (HTTP 500, not an AWS answer; moto_server has no such call): the manual-snapshot quota is not known here; AWS answers it',
      });
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });

  it('treats an answer without the ManualSnapshots entry as unreadable', async () => {
    rds.on(DescribeAccountAttributesCommand).resolves({ AccountQuotas: [] });
    const r = await service().checkBeforeBackup({});
    expect(r.regions[0]).toEqual({ region: 'us-east-1', unavailable: 'InvalidInput: AccountQuotas: must contain a ManualSnapshots entry' });
  });
});
