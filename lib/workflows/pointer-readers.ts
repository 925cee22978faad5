/**
 * Backups follow the new primary: the step Lambdas that use a database's
 * instance id (backup, verify, retention plan, RPO check) resolve it through
 * the database's pointer (lambdas/services/database-pointer.ts). When the
 * deployment configures a failover for any database, this aspect gives those
 * Lambdas the failover settings (which databases have pointers), read access
 * to the pointer parameters, and the same actions on this deployment's
 * replicas that they have on the primaries (a promoted replica is the
 * database's instance after a failover). One place, so the workflow
 * constructs of the backup side stay unchanged.
 */
import { AspectPriority, Aspects, type IAspect, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { TAG } from '../../lambdas/domain/backup/ownership-tags';
import { FAILOVER_SETTINGS } from '../../lambdas/domain/settings/failover';
import type { BackupConfig } from '../config';
import { StepFunctionLambda } from '../constructs/step-function-lambda';
import { failoverArns } from './failover-policies';

/** handler file name -> the RDS actions it needs on the instance serving the database. */
export const POINTER_READERS: Record<string, string[]> = {
  'create-db-snapshot': ['rds:DescribeDBInstances', 'rds:CreateDBSnapshot'],
  'verify-db-backup': ['rds:DescribeDBInstances'],
  'plan-retention': ['rds:DescribeDBSnapshots'],
  'check-rpo': ['rds:DescribeDBSnapshots', 'rds:DescribeDBInstances'],
};

export function followPointers(scope: IConstruct, c: BackupConfig): void {
  if (Object.keys(c.failover.databases).length === 0) return;
  const a = failoverArns(c);
  const { healthSchedule: _schedule, ...settings } = c.failover;
  const env = FAILOVER_SETTINGS.environment(settings);
  const replicasBothRegions = [...a.replicas, ...a.replicas.map((arn) => arn.replace(`:${c.primaryRegion}:`, `:${c.backupRegion}:`))];
  const aspect: IAspect = {
    visit(node: IConstruct) {
      if (!(node instanceof StepFunctionLambda)) return;
      const actions = POINTER_READERS[node.handlerName];
      if (!actions) return;
      for (const [k, v] of Object.entries(env)) node.fn.addEnvironment(k, v);
      node.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid: 'ReadDatabasePointers', actions: ['ssm:GetParameter'], resources: a.pointers }),
      );
      node.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'ActOnPromotedReplicas',
          actions,
          resources: actions.includes('rds:DescribeDBSnapshots') ? replicasBothRegions : a.replicas,
          ...(actions.includes('rds:CreateDBSnapshot')
            ? { conditions: { StringEquals: { [`aws:ResourceTag/${TAG.deployment}`]: c.deploymentId } } }
            : {}),
        }),
      );
    },
  };
  Aspects.of(Stack.of(scope)).add(aspect, { priority: AspectPriority.MUTATING });
}
