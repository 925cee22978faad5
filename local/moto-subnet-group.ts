/**
 * A DB subnet group in the emulator (moto checks that the group and its subnets exist): a VPC and
 * one subnet through EC2's query API (no EC2 SDK client is installed; the emulator checks
 * no signature), then the RDS subnet group over them.
 */
import { CreateDBSubnetGroupCommand, type RDSClient } from '@aws-sdk/client-rds';

/** A fresh VPC and one subnet in zone `<region>a`; returns the subnet id. */
export async function motoSubnet(endpoint: string, region: string): Promise<string> {
  const call = async (params: Record<string, string>, tag: string) => {
    const body = new URLSearchParams({ ...params, Version: '2016-11-15' }).toString();
    const res = await fetch(endpoint, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${region}/ec2/aws4_request`,
      },
    });
    const text = await res.text();
    const id = new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(text)?.[1];
    if (!id) throw new Error(`emulator EC2 ${params.Action} failed: ${text.slice(0, 200)}`);
    return id;
  };
  const vpcId = await call({ Action: 'CreateVpc', CidrBlock: '10.42.0.0/16' }, 'vpcId');
  return call({ Action: 'CreateSubnet', VpcId: vpcId, CidrBlock: '10.42.1.0/24', AvailabilityZone: `${region}a` }, 'subnetId');
}

/** Creates the DB subnet group `name` in `region` over a fresh emulator VPC and subnet. */
export async function createMotoSubnetGroup(endpoint: string, rds: RDSClient, region: string, name: string): Promise<void> {
  const subnetId = await motoSubnet(endpoint, region);
  await rds.send(
    new CreateDBSubnetGroupCommand({ DBSubnetGroupName: name, DBSubnetGroupDescription: `${name} (emulator)`, SubnetIds: [subnetId] }),
  );
}
