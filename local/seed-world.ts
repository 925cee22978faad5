/**
 * Creates, in the emulator, what a real account has before the first backup:
 * the database (encrypted with its own CMK), the backup region's CMK + alias
 * (what the backup-region stack deploys) and the alert topic with a queue
 * subscribed to it, so the rehearsal and tests can read every alert published.
 */
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { ClientFactory } from '../lambdas/runtime/clients';
import type { WorkflowAlert } from '../lambdas/domain/alerts/alert-message';
import type { RuntimeConfig } from '../lambdas/runtime/runtime-config';

export interface SeededWorld {
  databaseKeyArns: Record<string, string>;
  backupKeyArn?: string;
  alertTopicArn: string;
  alertQueueUrl: string;
}

export interface SeedOptions {
  /** Leave out the backup region's key (to rehearse the "stack not deployed" error). */
  withoutBackupKey?: boolean;
  allocatedStorageGiB?: number;
}

export async function seedWorld(config: RuntimeConfig, clients: ClientFactory, o: SeedOptions = {}): Promise<SeededWorld> {
  const primaryKms = clients(KMSClient, config.primaryRegion);
  const primarySns = clients(SNSClient, config.primaryRegion);
  const databaseKeyArns: Record<string, string> = {};
  for (const db of config.databases) {
    const key = await primaryKms.send(new CreateKeyCommand({ Description: `${db} storage key (customer-managed)` }));
    const keyArn = key.KeyMetadata!.Arn!;
    databaseKeyArns[db] = keyArn;
    await clients(RDSClient, config.primaryRegion).send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: db,
        Engine: 'postgres',
        EngineVersion: '15.4',
        DBInstanceClass: 'db.r6g.large',
        AllocatedStorage: o.allocatedStorageGiB ?? 100,
        MasterUsername: 'muejam',
        MasterUserPassword: 'rehearsal-only-password',
        StorageEncrypted: true,
        KmsKeyId: keyArn,
        MultiAZ: true,
      }),
    );
  }
  let backupKeyArn: string | undefined;
  if (!o.withoutBackupKey) {
    const backupKms = clients(KMSClient, config.backupRegion);
    const key = await backupKms.send(new CreateKeyCommand({ Description: 'muejam-backup-dr backup-region key' }));
    backupKeyArn = key.KeyMetadata!.Arn!;
    await backupKms.send(new CreateAliasCommand({ AliasName: config.backupKmsKeyAlias, TargetKeyId: key.KeyMetadata!.KeyId! }));
  }
  const topicName = config.alertTopicArn.split(':').pop()!;
  const topic = await primarySns.send(new CreateTopicCommand({ Name: topicName }));
  const sqs = clients(SQSClient, config.primaryRegion);
  const queue = await sqs.send(new CreateQueueCommand({ QueueName: `${topicName}-capture` }));
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl!, AttributeNames: ['QueueArn'] }));
  await primarySns.send(
    new SubscribeCommand({
      TopicArn: topic.TopicArn!,
      Protocol: 'sqs',
      Endpoint: attrs.Attributes!.QueueArn!,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  return { databaseKeyArns, backupKeyArn, alertTopicArn: topic.TopicArn!, alertQueueUrl: queue.QueueUrl! };
}

/** Drains the alert capture queue: every alert published since the last call. */
export async function drainAlerts(endpoint: string, region: string, queueUrl: string): Promise<WorkflowAlert[]> {
  const sqs = new SQSClient({ region, endpoint });
  const alerts: WorkflowAlert[] = [];
  for (;;) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (!out.Messages?.length) return alerts;
    for (const m of out.Messages) alerts.push(JSON.parse(m.Body ?? '{}'));
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: out.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
}
