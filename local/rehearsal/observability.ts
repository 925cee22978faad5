/**
 * Rehearsal sections for observability:
 *
 * - `metrics-capture` (first): from here on, the handlers' EMF metrics reach
 *   the emulator's CloudWatch through local/emf-bridge.ts, as Lambda's log
 *   pipeline carries them in AWS.
 * - `observability` (last): one forced failure (the backup-region key's
 *   alias removed) is paged, then resolved by a successful re-run, through the
 *   real PagerDuty forwarder handler to a LOCAL loopback receiver standing in
 *   for PagerDuty; an RPO check; and the metrics table of the whole rehearsal
 *   (BackupService.getBackupMetrics against the emulator).
 */
import { join } from 'node:path';
import { CreateAliasCommand, DeleteAliasCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SNSEvent } from 'aws-lambda';
import { printMetrics } from '../console/metrics-table';
import type { WorkflowAlert } from '../../lambdas/domain/alerts/alert-message';
import type { BackupMetricsReport } from '../../lambdas/domain/metrics/backup-metrics-report';
import { redisBucketName } from '../../lambdas/domain/redis/names';
import { BackupService } from '../../lambdas/services/backup-service';
import { PAGERDUTY_ENV } from '../../lambdas/services/pagerduty-config';
import { metricsServiceFor } from '../../lambdas/services/rpo-setup';
import { readDashboardDatapoints, writeDashboardDatapoints } from '../dashboard-datapoints';
import { EmfBridge } from '../emf-bridge';
import { REPO_ROOT } from '../run-state-machine';
import { LocalPagerDutyReceiver } from '../pagerduty-receiver';
import type { RehearsalContext, RehearsalSection, SectionOutcome } from './context';
import { describeBackupStep } from '../console/step-descriptions';

const LOCAL = 'LOCAL PagerDuty stand-in (loopback receiver, not PagerDuty)';
const DASHBOARD_DATAPOINTS = join(REPO_ROOT, '.rehearsal', 'dashboard-datapoints.json');
let bridge: EmfBridge | undefined;

function startBridge(ctx: RehearsalContext): EmfBridge {
  bridge ??= new EmfBridge({ endpoint: ctx.endpoint, region: ctx.config.primaryRegion }).start();
  return bridge;
}

export const metricsCaptureSection: RehearsalSection = {
  id: 'metrics-capture',
  title: "Metrics: handler EMF → the emulator's CloudWatch (what Lambda's log pipeline does in AWS)",
  async run(ctx): Promise<SectionOutcome> {
    startBridge(ctx);
    ctx.out.info(`from here on, every EMF metric a handler writes is put into CloudWatch at ${ctx.endpoint}`);
    return { ok: true, summary: [] };
  },
};

/** SNS → Lambda delivery of alert-topic messages, as the forwarder receives them. */
function snsEvent(alerts: WorkflowAlert[], topicArn: string): SNSEvent {
  return {
    Records: alerts.map((a, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: `${topicArn}:rehearsal`,
      Sns: {
        Type: 'Notification',
        MessageId: `rehearsal-${Date.now()}-${i}`,
        TopicArn: topicArn,
        Subject: `${a.kind === 'failure' ? 'FAILED' : 'RECOVERED'}: ${a.workflow} ${a.resource}`,
        Message: JSON.stringify(a),
        Timestamp: a.time,
        SignatureVersion: '1',
        Signature: '',
        SigningCertUrl: '',
        UnsubscribeUrl: '',
        MessageAttributes: {},
      },
    })),
  };
}

export const observabilitySection: RehearsalSection = {
  id: 'observability',
  title: 'Paging and metrics: a forced failure is paged, a re-run resolves it; RPO check; the metrics table',
  async run(ctx): Promise<SectionOutcome> {
    const { out, config, clients, world } = ctx;
    const db = config.databases[0];
    startBridge(ctx);
    const receiver = await new LocalPagerDutyReceiver().start();
    const routingKeySecret = `muejam-backup-dr-${config.deploymentId}/pagerduty-routing-key`;
    let report: BackupMetricsReport | undefined;
    let paged = false;
    let resolved = false;
    try {
      await clients(SecretsManagerClient, config.primaryRegion).send(
        new CreateSecretCommand({
          Name: routingKeySecret,
          SecretString: JSON.stringify({ routingKey: 'R3HEARSALR3HEARSALR3HEARSAL00001' }),
        }),
      );
      process.env[PAGERDUTY_ENV.secretId] = routingKeySecret;
      // The Redis export buckets' names, as the stacks set them (absent buckets simply hold no verified backup).
      for (const [name, region] of [
        ['REDIS_BUCKET_PRIMARY', config.primaryRegion],
        ['REDIS_BUCKET_BACKUP', config.backupRegion],
      ] as const) {
        process.env[name] ??= redisBucketName(config.deploymentId, '123456789012', region);
      }
      process.env[PAGERDUTY_ENV.endpoint] = receiver.url;
      const { handler: forward } = await import('../../lambdas/handlers/forward-to-pagerduty');
      const forwardPending = async () => {
        const alerts = await ctx.alerts();
        if (alerts.length) await forward(snsEvent(alerts, world.alertTopicArn));
        return alerts;
      };
      await ctx.alerts(); // earlier sections' alerts are theirs
      out.info(
        `${LOCAL} listening at ${receiver.url}; the real forwarder handler reads its routing key from the emulator's Secrets Manager`,
      );

      const tick = new Date(Math.floor(Date.now() / 21600000) * 21600000 - 21600000).toISOString();
      const backupKey = world.backupKeyArn!;
      out.line(
        `\n  forced failure (expected): the backup-region key's alias ${config.backupKmsKeyAlias} is removed, backup of ${db} for tick ${tick}`,
      );
      await clients(KMSClient, config.backupRegion).send(new DeleteAliasCommand({ AliasName: config.backupKmsKeyAlias }));
      const failed = await ctx.runWorkflow({
        aslFile: 'database-backup.asl.json',
        workflow: 'database-backup',
        input: { dbInstanceIdentifier: db, scheduledTime: tick },
        describe: describeBackupStep,
      });
      await forwardPending();
      const triggers = receiver.accepted().filter((b) => b.event_action === 'trigger');
      const incident = triggers[0] ? receiver.incidents.get(String(triggers[0].dedup_key)) : undefined;
      paged = failed.status === 'FAILED' && triggers.length === 1 && incident?.status === 'triggered';
      if (paged) {
        const p = triggers[0].payload as { severity: string; summary: string };
        out.ok(`paged (${LOCAL} received a trigger): severity ${p.severity}, dedup_key ${String(triggers[0].dedup_key)}`);
        out.line(`      ${p.summary}`);
      } else {
        out.fail(`the failure was not paged as expected (run ${failed.status}, triggers ${triggers.length})`);
      }

      out.line(
        `\n  the alias is back (as a redeploy of the backup-region stack does); re-run of the same tick (continues with the snapshot the failed run made)`,
      );
      await clients(KMSClient, config.backupRegion).send(
        new CreateAliasCommand({ AliasName: config.backupKmsKeyAlias, TargetKeyId: backupKey }),
      );
      const rerun = await ctx.runWorkflow({
        aslFile: 'database-backup.asl.json',
        workflow: 'database-backup',
        input: { dbInstanceIdentifier: db, scheduledTime: tick },
        describe: describeBackupStep,
      });
      await forwardPending();
      const resolves = receiver.accepted().filter((b) => b.event_action === 'resolve' && b.dedup_key === triggers[0]?.dedup_key);
      resolved = rerun.status === 'SUCCEEDED' && resolves.length >= 1 && incident?.status === 'resolved';
      if (resolved)
        out.ok(
          `resolved (${LOCAL} received a resolve for the same dedup_key; its incident is now ${incident?.status}), ${rerun.transitions} state transitions`,
        );
      else
        out.fail(
          `the re-run did not resolve the incident (run ${rerun.status}, resolves ${resolves.length}, incident ${incident?.status})`,
        );
      out.info(
        `${LOCAL} requests: ${receiver.requests.map((r) => `${String(r.body?.event_action)} → ${r.status}`).join(', ')}; routing key sent in the body, never logged`,
      );

      out.line('\n  RPO check (every 15 minutes in AWS): newest verified backup age per region, PITR lag');
      const { handler: checkRpo } = await import('../../lambdas/handlers/check-rpo');
      const rpo = await checkRpo(undefined as never);
      for (const r of rpo.resources) {
        for (const g of r.regions)
          out.info(
            `${r.resource} ${g.region} (${g.role}): ${g.ageSeconds === null ? 'no verified backup' : `${g.ageSeconds} s old`}, ${g.status}`,
          );
        if (r.pitrLagSeconds !== null) out.info(`${r.resource} PITR lag ${r.pitrLagSeconds} s`);
      }

      await bridge?.flush();
      out.line(
        `\n  metrics of this rehearsal (BackupService.getBackupMetrics(1) over the emulator's CloudWatch; ${bridge?.sent ?? 0} datapoints put)`,
      );
      const service = new BackupService(config, clients, undefined, metricsServiceFor(config, clients));
      report = await service.getBackupMetrics(1);
      printMetrics(out, report);
      // What on-call would see: docs/dashboard.svg is drawn from these (npx tsx local/render-dashboard.ts).
      const now = Date.now();
      const datapoints = await readDashboardDatapoints(clients, {
        namespace: config.metricsNamespace,
        regions: [config.primaryRegion, config.backupRegion],
        from: new Date(now - 26 * 3_600_000),
        to: new Date(now + 300_000),
        source: "`npm start` (the emulator's CloudWatch)",
      });
      writeDashboardDatapoints(DASHBOARD_DATAPOINTS, datapoints);
      out.info(
        `${datapoints.series.length} metrics with datapoints saved to .rehearsal/dashboard-datapoints.json; draw the dashboard with them: npx tsx local/render-dashboard.ts`,
      );
    } finally {
      await receiver.stop();
      await bridge?.stop();
      bridge = undefined;
    }
    const measured = Boolean(report && report.failedBackups >= 1 && report.succeededBackups >= 1);
    if (!measured) out.fail('the metrics do not show both the failed and the successful runs');
    return {
      ok: paged && resolved && measured,
      summary: [
        ['paged then resolved (local receiver)', paged && resolved ? 'yes' : 'no'],
        ['backups in the window', report ? `${report.totalBackups} (${report.failedBackups} failed)` : '-'],
        ['success rate', report?.successRate === null || !report ? '-' : `${(report.successRate * 100).toFixed(1)} %`],
      ],
    };
  },
};
