/**
 * The local stand-in for what RDS does with data (moto keeps none): a "production" PostgreSQL
 * (PGlite, MueJam-like schema), a copy of its data directory taken at each snapshot, and, when a
 * restore creates an instance from a snapshot, that copy served on a loopback port behind the
 * endpoint moto reports for the instance (MUEJAM_LOCAL_PG_ENDPOINTS, the local-only endpoint
 * override of lambdas/services/local-endpoint-override.ts). Local runs and tests only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { RESTORE_TAG } from '../../lambdas/domain/restore/restore-tags';
import { tagsToRecord } from '../../lambdas/domain/backup/ownership-tags';
import type { ClientFactory } from '../../lambdas/runtime/clients';
import { LOCAL_PG_ENDPOINTS_ENV } from '../../lambdas/services/local-endpoint-override';
import type { StepHandler } from '../run-state-machine';
import { type SeedSize, seedMuejam } from './muejam-schema';
import { type LocalPostgres, startLocalPostgres } from './pglite-server';

export class LocalRestoreEngine {
  private readonly dir = mkdtempSync(join(tmpdir(), 'muejam-pg-'));
  private readonly copies = new Map<string, string>();
  private readonly served: LocalPostgres[] = [];
  private readonly overrides: Record<string, string> = {};

  private constructor(readonly production: LocalPostgres) {}

  static async start(size: SeedSize, newestWrite: Date): Promise<LocalRestoreEngine> {
    const production = await startLocalPostgres();
    await production.withClient((c) => seedMuejam(c, size, newestWrite));
    return new LocalRestoreEngine(production);
  }

  async serverVersion(): Promise<string> {
    return this.production.withClient(
      async (c) => (await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v.split(' ')[0],
    );
  }

  /** A copy of the production data as it is now, tied to the snapshot (same identifier in both regions). */
  async captureSnapshot(snapshotId: string): Promise<void> {
    const file = join(this.dir, `${snapshotId}.tar`);
    await this.production.dumpDataDir(file);
    this.copies.set(snapshotId.toLowerCase(), file);
  }

  /** Serves the copy of the snapshot the instance was restored from, behind the endpoint the emulator reports for it. */
  async serveRestore(clients: ClientFactory, region: string, instanceId: string): Promise<string> {
    const i = (await clients(RDSClient, region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instanceId })))
      .DBInstances?.[0];
    const from = tagsToRecord(i?.TagList)[RESTORE_TAG.restoredFrom] ?? '';
    const snapshotId = from.split(':').pop()?.toLowerCase() ?? '';
    const copy = this.copies.get(snapshotId);
    if (!copy) throw new Error(`no local copy of the data of snapshot "${snapshotId}" (restored into ${instanceId})`);
    const address = i?.Endpoint?.Address;
    if (!address) throw new Error(`${instanceId} reports no endpoint`);
    const pg = await startLocalPostgres(copy);
    this.served.push(pg);
    this.overrides[address] = pg.address;
    process.env[LOCAL_PG_ENDPOINTS_ENV] = JSON.stringify(this.overrides);
    return pg.address;
  }

  /**
   * Serves the copy of `snapshotId` at `address` before the instance exists (for a run whose steps
   * cannot be wrapped, e.g. the CLI in emulator mode: moto's endpoint names are predictable).
   */
  async serveSnapshotAt(snapshotId: string, address: string): Promise<string> {
    const copy = this.copies.get(snapshotId.toLowerCase());
    if (!copy) throw new Error(`no local copy of the data of snapshot "${snapshotId}"`);
    const pg = await startLocalPostgres(copy);
    this.served.push(pg);
    this.overrides[address] = pg.address;
    process.env[LOCAL_PG_ENDPOINTS_ENV] = JSON.stringify(this.overrides);
    return pg.address;
  }

  /** The reused restore step, then the data made available at the new instance's endpoint (what RDS does). */
  restoreStep(clients: ClientFactory): StepHandler {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const real: StepHandler = require('../../lambdas/handlers/restore-db-instance').handler;
    return async (input) => {
      const out = (await real(input)) as { dbInstanceIdentifier: string; region: string };
      await this.serveRestore(clients, out.region, out.dbInstanceIdentifier);
      return out;
    };
  }

  async stop(): Promise<void> {
    for (const pg of this.served) await pg.stop();
    await this.production.stop();
    delete process.env[LOCAL_PG_ENDPOINTS_ENV];
    rmSync(this.dir, { recursive: true, force: true });
  }
}
