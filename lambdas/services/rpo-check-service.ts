/**
 * The RPO check (every 15 minutes): for every protected resource, the age of
 * the newest verified backup in each region and, for databases, the PITR lag.
 * The handler publishes the report as metrics; the RPO alarms read them.
 */
import {
  type RegionRole,
  type ResourceRpo,
  type RpoReport,
  pitrLagSeconds,
  regionRpo,
  rpoHoursFor,
  rpoReport,
} from '../domain/metrics/rpo';
import type { RecoveryPointSource } from './rpo-recovery-points';

export interface RpoCheckOptions {
  primaryRegion: string;
  backupRegion: string;
  rpoHours: number;
  sources: readonly RecoveryPointSource[];
  now?: () => Date;
}

export class RpoCheckService {
  constructor(private readonly o: RpoCheckOptions) {}

  async check(): Promise<RpoReport> {
    const now = (this.o.now ?? (() => new Date()))();
    const regions: [string, RegionRole][] = [
      [this.o.primaryRegion, 'primary'],
      [this.o.backupRegion, 'backup'],
    ];
    const resources: ResourceRpo[] = [];
    for (const source of this.o.sources) {
      const rpoHours = rpoHoursFor(source.kind, this.o.rpoHours);
      for (const resource of source.resources) {
        const perRegion = await Promise.all(
          regions.map(async ([region, role]) =>
            regionRpo({ region, role, candidates: await source.candidates(resource, region, role), now, rpoHours }),
          ),
        );
        const latest = source.latestRestorableTime ? await source.latestRestorableTime(resource) : undefined;
        const r: ResourceRpo = { resource, kind: source.kind, rpoHours, regions: perRegion, pitrLagSeconds: pitrLagSeconds(latest, now) };
        if (source.backupRegionLatestRestorableTime)
          r.backupPitrLagSeconds = pitrLagSeconds(await source.backupRegionLatestRestorableTime(resource), now);
        resources.push(r);
      }
    }
    return rpoReport({ checkedAt: now, rpoHours: this.o.rpoHours, resources });
  }
}
