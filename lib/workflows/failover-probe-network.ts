/**
 * The failover's probing Lambdas in the databases' VPC (muejam.failover.probeVpcId, probeSubnetIds,
 * probeSecurityGroupIds): the replica health check (PrimaryHealthy), the guards' connection probe
 * (one of the three "primary down" signals) and the post-check of the new primary. A Lambda outside
 * the VPC cannot reach a private RDS endpoint: without this network its probe is reported as "no
 * evidence" (lambdas/services/connection-probe.ts), never as "down".
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { PROBE_IN_VPC_ENV } from '../../lambdas/services/connection-probe';
import type { BackupConfig } from '../config';
import type { ProbeNetwork } from '../config/failover';
import type { StepFunctionLambda } from '../constructs/step-function-lambda';
import { because } from '../constructs/wildcard-reasons';

export const PROBE_HANDLERS = ['CheckReplicaHealth', 'EvaluateFailoverGuards', 'RunFailoverPostChecks'] as const;

export function attachProbesToVpc(c: BackupConfig, net: ProbeNetwork, handlers: (StepFunctionLambda | undefined)[]): void {
  const ec2 = (resource: string) => `arn:${c.partition}:ec2:${c.primaryRegion}:${c.account}:${resource}`;
  for (const h of handlers) {
    if (!h) throw new Error(`failover probe network: a probing handler (${PROBE_HANDLERS.join(', ')}) is missing from its workflow`);
    (h.fn.node.defaultChild as lambda.CfnFunction).vpcConfig = { subnetIds: net.subnetIds, securityGroupIds: net.securityGroupIds };
    h.fn.addEnvironment(PROBE_IN_VPC_ENV, 'true');
    h.addStatements(
      [
        because(
          'A Lambda in a VPC manages its network interfaces; EC2 supports no resource-level permission for DescribeNetworkInterfaces.',
          new iam.PolicyStatement({ sid: 'DescribeNetworkInterfaces', actions: ['ec2:DescribeNetworkInterfaces'], resources: ['*'] }),
        ),
        because(
          "Lambda creates and deletes the network interfaces of the probe (named by EC2 when made) in the configured subnets, with the configured security groups, in the databases' VPC only.",
          new iam.PolicyStatement({
            sid: 'ManageProbeNetworkInterfaces',
            actions: [
              'ec2:CreateNetworkInterface',
              'ec2:DeleteNetworkInterface',
              'ec2:AssignPrivateIpAddresses',
              'ec2:UnassignPrivateIpAddresses',
            ],
            resources: [
              ec2('network-interface/*'),
              ...net.subnetIds.map((id) => ec2(`subnet/${id}`)),
              ...net.securityGroupIds.map((id) => ec2(`security-group/${id}`)),
            ],
            conditions: { StringEquals: { 'ec2:Vpc': ec2(`vpc/${net.vpcId}`) } },
          }),
        ),
      ],
      'failover probe network',
    );
  }
}
