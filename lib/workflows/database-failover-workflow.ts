/**
 * Failover to a read replica in another AZ, the replica itself, and its
 * health (issue #12):
 *
 * - state-machines/database-failover.asl.json (manual, or the primary-down
 *   alarm when `muejam.failover.automatic` is true), database-replica.asl.json
 *   (manual: create-replica) and replica-health.asl.json (one schedule per
 *   database, `muejam.failover.healthSchedule`);
 * - the failover lock table (one item per database; DynamoDB conditional writes);
 * - alarms: no healthy replica for 3 periods, replica lag over the maximum,
 *   and the primary-down alarm (pages with the exact failover command, or starts the failover).
 *
 * IAM: lib/workflows/failover-policies.ts.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { failoverLockTableName } from '../../lambdas/domain/failover/names';
import { FAILOVER_SETTINGS } from '../../lambdas/domain/settings/failover';
import type { BackupConfig } from '../config';
import { AslWorkflow, deploymentWorkflowProps } from '../constructs/asl-workflow';
import type { SchedulerSupport } from '../constructs/scheduler-support';
import { FailoverAlarms } from './failover-alarms';
import { attachProbesToVpc } from './failover-probe-network';
import { followPointers } from './pointer-readers';
import {
  FAILOVER_WORKFLOW,
  failoverPolicies,
  REPLICA_HEALTH_WORKFLOW,
  REPLICA_WORKFLOW,
  replicaHealthPolicies,
  replicaPolicies,
} from './failover-policies';

export interface DatabaseFailoverWorkflowProps {
  readonly config: BackupConfig;
  readonly alertTopic: sns.ITopic;
  readonly encryptionKey: kms.IKey;
  readonly scheduling: SchedulerSupport;
}

export class DatabaseFailoverWorkflow extends Construct {
  readonly failover: AslWorkflow;
  readonly replica: AslWorkflow;
  readonly health: AslWorkflow;
  readonly lockTable: dynamodb.Table;
  readonly alarms: FailoverAlarms;

  constructor(scope: Construct, id: string, props: DatabaseFailoverWorkflowProps) {
    super(scope, id);
    const c = props.config;
    const shared = deploymentWorkflowProps(c, props.alertTopic, props.encryptionKey);

    this.lockTable = new dynamodb.Table(this, 'LockTable', {
      tableName: failoverLockTableName(c.deploymentId),
      partitionKey: { name: 'lockId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.failover = new AslWorkflow(this, 'Failover', {
      workflowName: FAILOVER_WORKFLOW,
      aslFile: 'database-failover.asl.json',
      handlerPolicies: failoverPolicies(c, props.alertTopic, props.encryptionKey),
      ...shared,
      timeout: Duration.hours(4),
    });
    this.replica = new AslWorkflow(this, 'Replica', {
      workflowName: REPLICA_WORKFLOW,
      aslFile: 'database-replica.asl.json',
      handlerPolicies: replicaPolicies(c, props.alertTopic, props.encryptionKey),
      ...shared,
      timeout: Duration.hours(12),
    });
    this.health = new AslWorkflow(this, 'Health', {
      workflowName: REPLICA_HEALTH_WORKFLOW,
      aslFile: 'replica-health.asl.json',
      handlerPolicies: replicaHealthPolicies(c, props.alertTopic, props.encryptionKey),
      ...shared,
      timeout: Duration.minutes(10),
    });

    const { healthSchedule, ...settings } = c.failover;
    const probeNetwork = c.failoverProbeNetwork;
    const env = FAILOVER_SETTINGS.environment(settings);
    for (const wf of [this.failover, this.replica, this.health]) {
      for (const [name, h] of Object.entries(wf.handlers)) {
        if (name === 'PublishAlert') continue; // shared by every workflow; needs no failover settings
        for (const [k, v] of Object.entries(env)) h.fn.addEnvironment(k, v);
      }
    }

    // The Lambdas that probe the database join its VPC (else their probe is no evidence: connection-probe.ts).
    if (probeNetwork) {
      attachProbesToVpc(c, probeNetwork, [
        this.health.handlers.CheckReplicaHealth,
        this.failover.handlers.EvaluateFailoverGuards,
        this.failover.handlers.RunFailoverPostChecks,
      ]);
    }

    const role = props.scheduling.schedulerRole(this, 'HealthSchedulerRole', this.health.stateMachine);
    for (const db of c.databases) {
      props.scheduling.schedule(this, `HealthSchedule-${db}`, {
        name: `${REPLICA_HEALTH_WORKFLOW}-${db}`,
        description: `Replica health of ${db} (${healthSchedule}): publishes ReplicaHealthy, ReplicaCount, ReplicaLagSeconds, PrimaryHealthy.`,
        expression: healthSchedule,
        timezone: c.scheduleTimezone,
        stateMachine: this.health.stateMachine,
        role,
        input: JSON.stringify({ dbInstanceIdentifier: db }),
      });
    }

    // The backup, verify, retention and RPO steps resolve each database's instance through its pointer.
    followPointers(this, c);

    this.alarms = new FailoverAlarms(this, 'Alarms', {
      config: c,
      alertTopic: props.alertTopic,
      failoverStateMachine: this.failover.stateMachine,
    });
  }
}
