/**
 * The emulator world a database retention pass must sort out (the rehearsal's retention section
 * and test/integration/retention.test.ts): owned, verified backups with verified copies in the
 * backup region, one backup whose copy was never verified, and snapshots that are never ours
 * (a person's manual snapshot, another deployment's, automated ones when the emulator makes them).
 */
import { CopyDBSnapshotCommand, CreateDBSnapshotCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { copyTags, ownershipTags, TAG } from '../lambdas/domain/backup/ownership-tags';
import type { ClientFactory } from '../lambdas/runtime/clients';
import type { RuntimeConfig } from '../lambdas/runtime/runtime-config';

export interface StagedRetentionWorld {
  /** Owned, verified, each with a verified copy; oldest first. */
  verified: string[];
  /** Owned primary whose backup-region copy was never verified (made between verified[2] and verified[3]). */
  unverifiedCopySource: string;
  /** Snapshots that are never ours: region -> identifiers. */
  foreign: Record<string, string[]>;
}

async function createOwned(rds: RDSClient, db: string, id: string, deploymentId: string, verified: boolean): Promise<string> {
  const tags = ownershipTags({ deploymentId, resource: db, regionRole: 'primary', execution: 'rehearsal' });
  if (verified) tags.push({ Key: TAG.verifiedAt, Value: new Date().toISOString() });
  const out = await rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: db, DBSnapshotIdentifier: id, Tags: tags }));
  return out.DBSnapshot!.DBSnapshotArn!;
}

async function copyOwned(
  rds: RDSClient,
  sourceArn: string,
  id: string,
  deploymentId: string,
  db: string,
  kmsKeyId: string,
  verified: boolean,
): Promise<void> {
  const tags = copyTags(
    Object.fromEntries(
      ownershipTags({ deploymentId, resource: db, regionRole: 'primary', execution: 'rehearsal' }).map((t) => [t.Key, t.Value]),
    ),
    sourceArn,
    'rehearsal',
  );
  if (verified) tags.push({ Key: TAG.verifiedAt, Value: new Date().toISOString() });
  await rds.send(
    new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: sourceArn, TargetDBSnapshotIdentifier: id, KmsKeyId: kmsKeyId, Tags: tags }),
  );
}

/**
 * Makes, in the emulator, the snapshots a retention pass must sort out (both regions).
 * Creation order is time order (the emulator stamps each with the current time).
 */
export async function stageRetentionWorld(
  clients: ClientFactory,
  config: RuntimeConfig,
  backupKeyArn: string,
  db = config.databases[0],
): Promise<StagedRetentionWorld> {
  const primary = clients(RDSClient, config.primaryRegion);
  const backup = clients(RDSClient, config.backupRegion);
  const name = (suffix: string) => `${config.snapshotPrefix}-${db}-${suffix}`.toLowerCase();
  const verified: string[] = [];
  let unverifiedCopySource = '';
  for (let i = 1; i <= 6; i++) {
    if (i === 4) {
      unverifiedCopySource = name('r-unverified-copy');
      const arn = await createOwned(primary, db, unverifiedCopySource, config.deploymentId, false);
      await copyOwned(backup, arn, unverifiedCopySource, config.deploymentId, db, backupKeyArn, false);
    }
    const id = name(`r${String(i).padStart(2, '0')}`);
    const arn = await createOwned(primary, db, id, config.deploymentId, true);
    await copyOwned(backup, arn, id, config.deploymentId, db, backupKeyArn, true);
    verified.push(id);
  }
  // Never ours: a person's manual snapshot, another deployment's (in both regions).
  await primary.send(
    new CreateDBSnapshotCommand({
      DBInstanceIdentifier: db,
      DBSnapshotIdentifier: 'alice-before-migration',
      Tags: [{ Key: 'owner', Value: 'alice' }],
    }),
  );
  const other = name('staging-deployment');
  const otherTags = ownershipTags({
    deploymentId: `${config.deploymentId}-other`,
    resource: db,
    regionRole: 'primary',
    execution: 'elsewhere',
  });
  const otherArn = (
    await primary.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: db, DBSnapshotIdentifier: other, Tags: otherTags }))
  ).DBSnapshot!.DBSnapshotArn!;
  await backup.send(
    new CopyDBSnapshotCommand({
      SourceDBSnapshotIdentifier: otherArn,
      TargetDBSnapshotIdentifier: other,
      KmsKeyId: backupKeyArn,
      Tags: copyTags(Object.fromEntries(otherTags.map((t) => [t.Key, t.Value])), otherArn, 'elsewhere'),
    }),
  );
  const automated = (
    (await primary.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: db, SnapshotType: 'automated' }))).DBSnapshots ?? []
  ).map((s) => s.DBSnapshotIdentifier!);
  return {
    verified,
    unverifiedCopySource,
    foreign: { [config.primaryRegion]: ['alice-before-migration', other, ...automated], [config.backupRegion]: [other] },
  };
}

/** Every snapshot identifier of `db` in `region` (paginated). */
export async function snapshotIds(clients: ClientFactory, region: string, db: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let marker: string | undefined;
  do {
    const out = await clients(RDSClient, region).send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: db, Marker: marker }));
    for (const s of out.DBSnapshots ?? []) ids.add(s.DBSnapshotIdentifier!);
    marker = out.Marker || undefined;
  } while (marker);
  return ids;
}
