import { backupService } from '../services/instances';

/** Wait step: returns once the snapshot is available; throws NotReady while it is not. */
export const handler = (e: { region: string; snapshotId: string }) => backupService().waitForSnapshot(e);
