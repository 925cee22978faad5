/**
 * Alerts area: where alerts go (PagerDuty endpoint, optional e-mail) and where
 * on-call reads the runbook. Flat keys.
 */
import { z } from 'zod';
import { PAGERDUTY_US_ENDPOINT } from '../../lambdas/services/pagerduty-config';
import { defineArea } from './area';
import { contextValue, ruled } from './context-values';
import { emailProblem, fallbackUrlProblem, pagerDutyEndpointProblem, runbookUrlProblem } from './rules';

export interface AlertConfig {
  alertEmail?: string;
  /** PagerDuty Events API v2 URL the forwarder posts to (US by default). */
  pagerDutyEndpoint: string;
  /**
   * Base URL where on-call reads docs/runbook.md (alarm descriptions link its
   * sections). Absent: the descriptions name the repository path docs/runbook.md.
   */
  runbookUrl?: string;
  /**
   * Where the alert pipeline's own health goes (the alert-health topic, never through the
   * PagerDuty forwarder): an e-mail address and/or an HTTPS endpoint.
   */
  fallbackAlertEmail?: string;
  fallbackAlertUrl?: string;
  /** True: synth only warns when the alert-health topic has no subscriber (muejam.allowNoFallbackAlerts). */
  allowNoFallbackAlerts: boolean;
}

export const ALERT_DEFAULTS = { pagerDutyEndpoint: PAGERDUTY_US_ENDPOINT } as const;

export const alertsArea = defineArea({
  name: 'alerts',
  keyPrefix: '',
  fields: {
    alertEmail: contextValue({ kind: 'string', allowed: 'an e-mail address', value: ruled(z.string(), emailProblem) }),
    pagerDutyEndpoint: contextValue({
      kind: 'string',
      default: ALERT_DEFAULTS.pagerDutyEndpoint,
      allowed: 'the https URL of a PagerDuty Events API v2 endpoint or of your relay',
      value: ruled(z.string(), pagerDutyEndpointProblem),
    }),
    runbookUrl: contextValue({ kind: 'string', allowed: 'an http(s) URL of docs/runbook.md', value: ruled(z.string(), runbookUrlProblem) }),
    fallbackAlertEmail: contextValue({
      kind: 'string',
      allowed: "an e-mail address that is not paged through PagerDuty (receives the alert pipeline's own alarms)",
      value: ruled(z.string(), emailProblem),
    }),
    fallbackAlertUrl: contextValue({
      kind: 'string',
      allowed: 'an https URL (an SNS HTTPS subscription, e.g. a chat webhook relay) that does not go through PagerDuty',
      value: ruled(z.string(), fallbackUrlProblem),
    }),
    allowNoFallbackAlerts: contextValue({
      kind: 'boolean',
      default: false,
      allowed: 'true or false (true: synth warns instead of failing when no fallback subscriber is set)',
      value: z.boolean(),
    }),
  },
  build: (v): AlertConfig => ({
    ...(v.alertEmail ? { alertEmail: v.alertEmail } : {}),
    pagerDutyEndpoint: v.pagerDutyEndpoint,
    ...(v.runbookUrl ? { runbookUrl: v.runbookUrl } : {}),
    ...(v.fallbackAlertEmail ? { fallbackAlertEmail: v.fallbackAlertEmail } : {}),
    ...(v.fallbackAlertUrl ? { fallbackAlertUrl: v.fallbackAlertUrl } : {}),
    allowNoFallbackAlerts: v.allowNoFallbackAlerts,
  }),
});
