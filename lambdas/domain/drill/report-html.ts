/**
 * The DR drill report as one self-contained HTML page: inline CSS and SVG, no script,
 * no external asset (it is opened from an S3 object or a local file, possibly offline).
 * Sections: summary (overall status, goals), one row per test, the timeline against the
 * RTO line, the RPO figures, each test's evidence, the teardown and what was not
 * exercised. Pure: report in, string out. Every text is escaped.
 */
import type { DrillTest } from './drill-test';
import type { DrillReport } from './drill-report';
import { escapeHtml as e, formatSeconds } from './html-escape';
import { STATUS_COLOURS, renderTimelineSvg } from './timeline-svg';

const OVERALL_COLOURS = { passed: STATUS_COLOURS.passed, failed: STATUS_COLOURS.failed, partial: STATUS_COLOURS.refused };

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1000px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.badge{display:inline-block;padding:2px 10px;border-radius:10px;color:#fff;font-weight:600;text-transform:uppercase;font-size:12px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eee;vertical-align:top}
th{background:#f5f5f5}td.num{text-align:right;white-space:nowrap}.meta{color:#555;font-size:13px}
.gauge{background:#eee;border-radius:3px;height:10px;width:240px;display:inline-block;vertical-align:middle;position:relative}
.gauge>span{display:block;height:10px;border-radius:3px}.ok{color:${STATUS_COLOURS.passed}}.bad{color:${STATUS_COLOURS.failed}}
ul{margin:4px 0 0 18px;padding:0;font-size:13px}
`;

function badge(status: string, colour: string): string {
  return `<span class="badge" style="background:${colour}">${e(status)}</span>`;
}

function testRow(t: DrillTest): string {
  return (
    `<tr data-test="${e(t.name)}"><td>${e(t.name)}</td><td>${badge(t.status, STATUS_COLOURS[t.status] ?? '#757575')}</td>` +
    `<td class="num">${e(formatSeconds(t.durationS))}</td><td class="num">${e(formatSeconds(t.rtoS))}</td>` +
    `<td class="num">${e(formatSeconds(t.rpoS))}</td><td>${e(t.detail)}</td></tr>`
  );
}

function gauge(valueS: number, goalS: number): string {
  const pct = goalS > 0 ? Math.min(100, (valueS / goalS) * 100) : 100;
  const colour = valueS <= goalS ? STATUS_COLOURS.passed : STATUS_COLOURS.failed;
  return `<span class="gauge" title="${e(pct.toFixed(1))} % of the goal"><span style="width:${Math.max(1, pct).toFixed(1)}%;background:${colour}"></span></span>`;
}

function figuresSection(r: DrillReport): string {
  const rows = r.tests
    .filter((t) => t.rtoS !== null || t.rpoS !== null)
    .map((t) => {
      const cell = (v: number | null, goal: number) =>
        v === null
          ? '<td>—</td>'
          : `<td>${gauge(v, goal)} <span class="${v <= goal ? 'ok' : 'bad'}">${e(formatSeconds(v))}</span> of ${e(formatSeconds(goal))}</td>`;
      return `<tr data-figures="${e(t.name)}"><td>${e(t.name)}</td>${cell(t.rtoS, r.goals.rtoS)}${cell(t.rpoS, r.goals.rpoS)}</tr>`;
    });
  if (rows.length === 0) return '<p class="meta">No recovery figure was measured in this drill.</p>';
  return `<table id="figures"><thead><tr><th>test</th><th>RTO (restore requested → data checked)</th><th>RPO (age of the recovered data)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function evidenceSection(r: DrillReport): string {
  return r.tests
    .map((t) => {
      const checks = t.evidence ?? [];
      const body =
        checks.length === 0
          ? '<p class="meta">No check evidence recorded.</p>'
          : `<table><thead><tr><th>check</th><th>result</th><th>expected</th><th>actual</th></tr></thead><tbody>${checks
              .map(
                (c) =>
                  `<tr><td>${e(c.check)}</td><td class="${c.passed ? 'ok' : 'bad'}">${c.passed ? 'pass' : 'FAIL'}</td><td>${e(c.expected ?? '')}</td><td>${e(c.actual ?? '')}</td></tr>`,
              )
              .join('')}</tbody></table>`;
      return `<section class="evidence" data-evidence="${e(t.name)}"><h3>${e(t.name)}</h3>${body}</section>`;
    })
    .join('');
}

function list(items: string[], empty: string): string {
  return items.length === 0 ? `<p class="meta">${e(empty)}</p>` : `<ul>${items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`;
}

export function renderDrillReportHtml(r: DrillReport): string {
  const totalS = Math.max(0, (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000);
  const overallColour = OVERALL_COLOURS[r.overallStatus];
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>DR drill ${e(r.database)}: ${e(r.overallStatus)}</title>`,
    `<meta name="viewport" content="width=device-width, initial-scale=1"><style>${CSS}</style></head><body>`,
    `<h1>Disaster-recovery drill: ${e(r.database)} ${badge(r.overallStatus, overallColour)}</h1>`,
    `<p class="meta" id="summary">Deployment <b>${e(r.deployment)}</b> · drill <code>${e(r.drillId)}</code> · ${e(r.startedAt)} → ${e(r.finishedAt)} (${e(formatSeconds(totalS))}) · ` +
      `RTO goal ${e(formatSeconds(r.goals.rtoS))} (${e(r.goals.rtoSource)}) · RPO goal ${e(formatSeconds(r.goals.rpoS))} (${e(r.goals.rpoSource)})</p>`,
    '<h2>Tests</h2>',
    `<table id="tests"><thead><tr><th>test</th><th>status</th><th>duration</th><th>RTO</th><th>RPO</th><th>detail</th></tr></thead><tbody>${r.tests.map(testRow).join('')}</tbody></table>`,
    '<h2>Timeline against the RTO line</h2>',
    renderTimelineSvg({ startedAt: r.startedAt, finishedAt: r.finishedAt, rtoS: r.goals.rtoS, steps: r.timeline }),
    '<h2>RTO and RPO figures</h2>',
    figuresSection(r),
    '<h2>Evidence</h2>',
    evidenceSection(r),
    '<h2>Teardown</h2>',
    `<p class="meta">Removed (${r.teardown.removed.length}):</p>`,
    list(r.teardown.removed, 'nothing was created'),
    `<p class="meta">Left behind with this drill's tag (${r.teardown.leftOver.length}):</p>`,
    list(r.teardown.leftOver, 'nothing: every drill resource is gone'),
    r.teardown.errors.length > 0 ? `<p class="meta bad">Teardown errors (alerted):</p>${list(r.teardown.errors, '')}` : '',
    '<h2>Not exercised here</h2>',
    list(r.notExercised, 'everything the drill does was exercised'),
    '</body></html>',
  ].join('\n');
}
