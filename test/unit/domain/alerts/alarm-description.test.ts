import fc from 'fast-check';
import { ALARM_DESCRIPTION_MAX, formatAlarmDescription, parseAlarmDescription } from '../../../../lambdas/domain/alerts/alarm-description';

const RUNBOOK = 'https://github.com/example/muejam-backup-dr/blob/main/docs/runbook.md#rpo-breached';

describe('alarm description convention', () => {
  it('formats severity tag, what, first action and runbook link', () => {
    expect(
      formatAlarmDescription({
        severity: 'critical',
        what: 'RPO breached for muejam-db-prod',
        firstAction: 'look at the last backup executions',
        runbookUrl: RUNBOOK,
      }),
    ).toBe(`[critical] RPO breached for muejam-db-prod. First: look at the last backup executions. Runbook: ${RUNBOOK}`);
  });

  it('round-trips: the parser reads back the severity and the runbook link', () => {
    const text = formatAlarmDescription({
      severity: 'warning',
      what: 'Retention deleted nothing for 2 days',
      firstAction: 'check the retention run',
      runbookUrl: RUNBOOK,
    });
    expect(parseAlarmDescription(text)).toEqual({
      severity: 'warning',
      explicit: true,
      text: `Retention deleted nothing for 2 days. First: check the retention run. Runbook: ${RUNBOOK}`,
      links: [{ href: RUNBOOK, text: 'Runbook' }],
    });
  });

  it('parses tags case-insensitively and defaults to critical without one', () => {
    expect(parseAlarmDescription('  [Info] fyi').severity).toBe('info');
    expect(parseAlarmDescription('[ERROR] x').severity).toBe('error');
    expect(parseAlarmDescription('no tag here')).toMatchObject({ severity: 'critical', explicit: false, text: 'no tag here' });
    expect(parseAlarmDescription(undefined)).toMatchObject({ severity: 'critical', explicit: false, text: '', links: [] });
    // A tag that is not at the start is not a tag.
    expect(parseAlarmDescription('see [warning] later').explicit).toBe(false);
  });

  it('strips trailing punctuation from links and removes duplicates', () => {
    expect(parseAlarmDescription(`[info] a ${RUNBOOK}. and ${RUNBOOK}; https://example.com/x,`).links).toEqual([
      { href: RUNBOOK, text: 'Runbook' },
      { href: 'https://example.com/x', text: 'https://example.com/x' },
    ]);
  });

  it('rejects bad input naming the field', () => {
    const ok = { severity: 'critical' as const, what: 'w', firstAction: 'f', runbookUrl: RUNBOOK };
    expect(() => formatAlarmDescription({ ...ok, severity: 'urgent' as never })).toThrow(
      'severity: must be one of critical, error, warning, info',
    );
    expect(() => formatAlarmDescription({ ...ok, what: ' ' })).toThrow('what: is required and must not be empty');
    expect(() => formatAlarmDescription({ ...ok, runbookUrl: 'docs/runbook.md' })).toThrow(
      'runbookUrl: must be an http(s) URL without spaces',
    );
    expect(() => formatAlarmDescription({ ...ok, what: 'x'.repeat(1100) })).toThrow(/CloudWatch allows 1024/);
  });

  it('every description it accepts fits CloudWatch and parses back to its severity', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('critical', 'error', 'warning', 'info' as const),
        fc.string({ minLength: 1, maxLength: 600 }).filter((s) => s.trim().length > 0),
        fc.string({ minLength: 1, maxLength: 600 }).filter((s) => s.trim().length > 0),
        (severity, what, firstAction) => {
          let text: string;
          try {
            text = formatAlarmDescription({ severity, what, firstAction, runbookUrl: RUNBOOK });
          } catch (e) {
            expect((e as Error).message).toMatch(/CloudWatch allows 1024/);
            return;
          }
          expect(text.length).toBeLessThanOrEqual(ALARM_DESCRIPTION_MAX);
          expect(parseAlarmDescription(text).severity).toBe(severity);
        },
      ),
    );
  });
});
