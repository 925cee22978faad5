/**
 * The AWS regions this system accepts, per partition: a pinned table (checked
 * against aws-cdk-lib's region facts by test/unit/domain/regions.test.ts), so a
 * well-formed region that does not exist (`us-west-9`) is refused at synth, in
 * the CLI and in workflow inputs, before any resource is created. Pure.
 * ISO partitions are not supported by this system and are not listed.
 */
import { nearestKey } from './inputs/nearest-key';

export const PARTITION_REGIONS = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'mx-central-1',
    'sa-east-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
} as const satisfies Record<string, readonly string[]>;

export type Partition = keyof typeof PARTITION_REGIONS;

export const KNOWN_REGIONS: readonly string[] = Object.values(PARTITION_REGIONS).flat();

/** The partition of a known region; 'aws' for anything else (callers check regionProblem first). */
export function partitionOf(region: string): Partition {
  for (const [partition, regions] of Object.entries(PARTITION_REGIONS) as [Partition, readonly string[]][]) {
    if (regions.includes(region)) return partition;
  }
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Problem sentence for a region name not in the table (with the nearest one); undefined when known. */
export function regionProblem(region: string): string | undefined {
  if (KNOWN_REGIONS.includes(region)) return undefined;
  const near = nearestKey(region, KNOWN_REGIONS);
  const looksLikeRegion = /^[a-z]{2}(?:-gov)?-[a-z]+-\d{1,2}$/.test(region);
  const what = looksLikeRegion ? 'is not an AWS region this system knows' : 'is not an AWS region name';
  return `"${region}" ${what}${near ? ` (did you mean ${near}?)` : ''}; allowed: a region of the aws, aws-cn or aws-us-gov partition, e.g. us-east-1, eu-west-3 (list: lambdas/domain/regions.ts)`;
}
