/**
 * Twice a day: seconds since the last restore test that passed, per protected database
 * (RestoreTestSinceSuccess; the 8-day alarm reads it and treats missing data as breaching, so a
 * stopped check pages too). Reads the last-success marker the record step writes in the backup
 * region's report bucket; before the first success it measures from its own watch-start marker.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { METRICS, type MetricPoint } from '../domain/metrics/catalog';
import { type Freshness, freshness } from '../domain/restore-test/freshness';
import type { ClientFactory } from '../runtime/clients';
import { publishMetricPoints } from '../runtime/publish-metrics';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { isThrottling } from '../errors';
import { hasCode, rethrowTyped } from './aws-errors';
import { lastSuccessKey, REPORT_PREFIX } from './restore-test-record';

/** Throttling stays typed (retried); anything else names the object, keeping the AWS error's name. */
function failNaming(err: unknown, what: string): never {
  if (isThrottling(err)) rethrowTyped(err, what);
  const e = err as Error;
  const named = new Error(`${what}: ${e.name}: ${e.message}`, { cause: err });
  named.name = e.name || 'Error';
  throw named;
}

export const watchStartKey = (db: string) => `${REPORT_PREFIX}${db}/watch-start.json`;

export class RestoreTestFreshness {
  constructor(
    private readonly config: Pick<RuntimeConfig, 'databases' | 'backupRegion'>,
    private readonly bucket: string,
    private readonly clients: ClientFactory,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async read(key: string): Promise<Record<string, unknown> | undefined> {
    try {
      const obj = await this.clients(S3Client, this.config.backupRegion).send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return JSON.parse((await obj.Body?.transformToString('utf-8')) ?? '{}');
    } catch (err) {
      if (hasCode(err, 'NoSuchKey', 'NotFound')) return undefined;
      return failNaming(err, `read s3://${this.bucket}/${key} in ${this.config.backupRegion}`);
    }
  }

  async check(): Promise<Record<string, Freshness | null>> {
    const now = this.now();
    const out: Record<string, Freshness | null> = {};
    const points: MetricPoint[] = [];
    for (const db of this.config.databases) {
      const last = await this.read(lastSuccessKey(db));
      let watch = last ? undefined : await this.read(watchStartKey(db));
      if (!last && !watch) {
        watch = { since: now.toISOString() };
        try {
          await this.clients(S3Client, this.config.backupRegion).send(
            new PutObjectCommand({
              Bucket: this.bucket,
              Key: watchStartKey(db),
              Body: JSON.stringify(watch),
              ContentType: 'application/json',
            }),
          );
        } catch (err) {
          failNaming(err, `write s3://${this.bucket}/${watchStartKey(db)} in ${this.config.backupRegion}`);
        }
      }
      const f = freshness({ lastSuccessAt: last?.finishedAt as string, watchingSince: watch?.since as string }, now);
      out[db] = f ?? null;
      if (f) points.push({ metric: METRICS.restoreTestSinceSuccess, value: f.sinceSeconds, dimensions: { Resource: db }, timestamp: now });
    }
    publishMetricPoints(points);
    return out;
  }
}
