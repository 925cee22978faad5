/**
 * The statements of the shared PublishAlert handler, the same in every
 * workflow: publish to the alert topic, and use the topic's key (SNS
 * server-side encryption needs GenerateDataKey and Decrypt from the publisher).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';

export function publishAlertStatements(topic: sns.ITopic, topicKey: kms.IKey): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ sid: 'PublishAlerts', actions: ['sns:Publish'], resources: [topic.topicArn] }),
    new iam.PolicyStatement({
      sid: 'UseAlertTopicKey',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [topicKey.keyArn],
    }),
  ];
}
