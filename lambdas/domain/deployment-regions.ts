/** The two regions of a deployment, and the one check of a region typed by an operator or handed back by a workflow. Pure. */
import { InvalidInput } from '../errors';

export interface DeploymentRegions {
  primaryRegion: string;
  backupRegion: string;
}

/** `value` when it is the deployment's primary or backup region; otherwise InvalidInput naming the field and both regions. */
export function validateRegion(field: string, value: unknown, regions: DeploymentRegions): string {
  const allowed = [regions.primaryRegion, regions.backupRegion];
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new InvalidInput(field, `${JSON.stringify(value)} is not one of this deployment's regions: ${allowed.join(', ')}`);
  }
  return value;
}
