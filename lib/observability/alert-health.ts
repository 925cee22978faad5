/**
 * The alert pipeline's own health, on a path that does not need it: a second
 * SNS topic (`<prefix>-alert-health`) with an e-mail and/or HTTPS subscriber
 * from `muejam.fallbackAlertEmail` / `muejam.fallbackAlertUrl`, never the
 * PagerDuty forwarder. The alarms that say "alerts are not reaching PagerDuty"
 * (dead letters, delivery failures, forwarder errors, the placeholder routing
 * key) notify it as well as the alert topic, so a PagerDuty outage or a
 * routing key never filled in is still seen by someone.
 *
 * No subscriber fails synth, unless `muejam.allowNoFallbackAlerts=true`, which
 * turns it into a warning (docs/runbook.md#alert-health: how to test the path).
 */
import { Annotations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { METRICS } from '../../lambdas/domain/metrics/catalog';
import { type AlarmContext, alarmName, FIVE_MINUTES, ourMetric } from './alarms';
import { alarmTexts } from './alarm-texts';

export interface AlertHealthProps {
  readonly prefix: string;
  readonly deploymentId: string;
  readonly encryptionKey: kms.IKey;
  readonly email?: string;
  readonly url?: string;
  readonly allowNoSubscriber: boolean;
}

export const NO_FALLBACK_MESSAGE =
  'the alert-health topic has no subscriber, so alarms that say "alerts are not reaching PagerDuty" would reach nobody during a PagerDuty outage: ' +
  'set -c muejam.fallbackAlertEmail=<address> and/or -c muejam.fallbackAlertUrl=<https URL> (not through PagerDuty), ' +
  'or accept the risk with -c muejam.allowNoFallbackAlerts=true (docs/runbook.md#alert-health)';

export class AlertHealth extends Construct {
  readonly topic: sns.Topic;
  /** What subscribes to the topic (e-mail address, URL), for outputs and tests. */
  readonly subscribers: string[] = [];

  constructor(scope: Construct, id: string, props: AlertHealthProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `${props.prefix}-alert-health`,
      displayName: `MueJam backup & DR alert pipeline health (${props.deploymentId})`,
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    if (props.email) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
      this.subscribers.push(props.email);
    }
    if (props.url) {
      this.topic.addSubscription(new subscriptions.UrlSubscription(props.url, { protocol: sns.SubscriptionProtocol.HTTPS }));
      this.subscribers.push(props.url);
    }
    if (this.subscribers.length === 0) {
      if (props.allowNoSubscriber)
        Annotations.of(this).addWarningV2('muejam:no-fallback-alerts', `muejam.allowNoFallbackAlerts=true: ${NO_FALLBACK_MESSAGE}`);
      else this.node.addValidation({ validate: () => [NO_FALLBACK_MESSAGE] });
    }
  }

  /** The forwarder found the placeholder in the routing-key secret: the alert topic and this topic (which does not need the key). */
  placeholderKeyAlarm(ctx: AlarmContext, secretName: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, 'RoutingKeyPlaceholder', {
      alarmName: alarmName(ctx.prefix, 'pagerduty-routing-key-placeholder'),
      alarmDescription: alarmTexts.routingKeyPlaceholder(ctx.runbookUrl, secretName),
      metric: ourMetric(ctx.namespace, METRICS.routingKeyPlaceholder, {}, 'Sum', FIVE_MINUTES),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // Also on the alert topic like every alarm (PagerDuty gets it once the key is fixed and the alert replayed).
    const paging = new cwActions.SnsAction(ctx.alertTopic);
    alarm.addAlarmAction(paging);
    alarm.addOkAction(paging);
    return this.alsoNotify([alarm])[0];
  }

  /** Adds this topic to the alarm and OK actions of each alarm (they keep their alert-topic actions). */
  alsoNotify(alarms: cloudwatch.Alarm[]): cloudwatch.Alarm[] {
    const action = new cwActions.SnsAction(this.topic);
    for (const a of alarms) {
      a.addAlarmAction(action);
      a.addOkAction(action);
    }
    return alarms;
  }
}
