/**
 * Draws a CloudWatch dashboard body (the JSON CloudWatch stores) as an SVG:
 * every widget at its grid position and size, its title, its series (legend)
 * and horizontal annotations, the text widgets' text and the alarm widget's
 * alarms. With datapoints (what `npm start` put into the emulator's CloudWatch,
 * local/dashboard-datapoints.ts) the metric widgets show them (local/dashboard-plot.ts);
 * without, a wireframe. No browser. Pure; local/render-dashboard.ts writes docs/dashboard.svg.
 */
import type { DashboardDatapoints } from './dashboard-datapoints';
import { plottedSeries, plotSvg } from './dashboard-plot';

export interface DashboardWidget {
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  properties: Record<string, any>;
}

const COL = 50;
const ROW = 34;
const PAD = 10;
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function clip(s: string, px: number, charPx = 6.2): string {
  const max = Math.max(3, Math.floor(px / charPx));
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** The legend labels of a metric widget: each visible series' label, else its metric name. */
export function seriesLabels(metrics: unknown[] | undefined): string[] {
  const out: string[] = [];
  for (const m of metrics ?? []) {
    if (!Array.isArray(m)) continue;
    const last = m[m.length - 1];
    const opts = last && typeof last === 'object' && !Array.isArray(last) ? (last as Record<string, unknown>) : {};
    if (opts.visible === false) continue;
    if (typeof opts.label === 'string') out.push(opts.label);
    else if (typeof opts.expression === 'string') out.push(opts.expression);
    else if (typeof m[1] === 'string') out.push(m[1]);
  }
  return out;
}

function widgetSvg(w: DashboardWidget, data?: DashboardDatapoints): string {
  const x = w.x * COL + PAD;
  const y = w.y * ROW + PAD;
  const width = w.width * COL - 6;
  const height = w.height * ROW - 6;
  const p = w.properties ?? {};
  const parts: string[] = [`<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="4" fill="#ffffff" stroke="#c9ced6"/>`];
  const text = (tx: number, ty: number, s: string, size = 11, extra = '') =>
    parts.push(`<text x="${tx}" y="${ty}" font-size="${size}" ${extra}>${escapeXml(s)}</text>`);

  if (w.type === 'text') {
    const lines = String(p.markdown ?? '')
      .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
      .replace(/[#*`]/g, '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    for (const [i, l] of lines.entries()) {
      text(x + 12, y + 22 + i * 18, clip(l, width - 24, i === 0 ? 8.5 : 6.2), i === 0 ? 15 : 11, i === 0 ? 'font-weight="bold"' : '');
    }
    return parts.join('');
  }
  text(x + 10, y + 18, clip(String(p.title ?? ''), width - 20, 6.8), 12, 'font-weight="bold"');
  if (w.type === 'alarm') {
    const alarms = (p.alarms ?? []) as string[];
    const perCol = Math.max(1, Math.floor((height - 34) / 14));
    const cols = Math.max(1, Math.floor(width / 260));
    const shown = alarms.slice(0, perCol * cols - 1);
    shown.forEach((a, i) => {
      const cx = x + 14 + Math.floor(i / perCol) * (width / cols);
      const cy = y + 36 + (i % perCol) * 14;
      parts.push(`<circle cx="${cx}" cy="${cy - 4}" r="4" fill="#9aa5b1"/>`);
      text(cx + 9, cy, clip(a.replace(/^muejam-backup-dr-[a-z0-9-]+?-(?=[a-z])/, ''), width / cols - 30, 5.6), 9.5);
    });
    if (alarms.length > shown.length) text(x + 14, y + height - 8, `+ ${alarms.length - shown.length} more alarms`, 9.5, 'fill="#5f6b7a"');
    return parts.join('');
  }
  // Metric widget: plot area, annotations, legend.
  const legend = [...seriesLabels(p.metrics)];
  const legendRows = Math.min(legend.length, 6);
  const plot = { x: x + 40, y: y + 28, w: width - 52, h: Math.max(30, height - (data ? 52 : 44) - legendRows * 13) };
  parts.push(`<rect x="${plot.x}" y="${plot.y}" width="${plot.w}" height="${plot.h}" fill="#f7f9fb" stroke="#e3e7ec"/>`);
  if (p.yAxis?.left?.label) text(x + 6, plot.y + plot.h / 2, String(p.yAxis.left.label), 9, 'fill="#5f6b7a"');
  if (data) {
    parts.push(...plotSvg(plot, p, plottedSeries(p, data), data, PALETTE, text));
  } else {
    const horizontal = (p.annotations?.horizontal ?? []) as { value: number; label?: string; color?: string }[];
    horizontal.forEach((a, i) => {
      const ay = plot.y + plot.h * (0.35 + 0.1 * i);
      parts.push(
        `<line x1="${plot.x}" y1="${ay}" x2="${plot.x + plot.w}" y2="${ay}" stroke="${a.color ?? '#d62728'}" stroke-dasharray="6 4"/>`,
      );
      text(plot.x + plot.w - 8, ay - 4, a.label ?? String(a.value), 10, `text-anchor="end" fill="${a.color ?? '#d62728'}"`);
    });
  }
  if (p.view === 'bar' && !data) text(plot.x + 8, plot.y + 14, 'bars', 9, 'fill="#9aa5b1"');
  if (p.right?.length || (p.metrics ?? []).some((m: unknown[]) => Array.isArray(m) && (m[m.length - 1] as any)?.yAxis === 'right')) {
    text(plot.x + plot.w - 8, plot.y + plot.h - 6, 'right axis: second group', 9, 'text-anchor="end" fill="#9aa5b1"');
  }
  legend.slice(0, legendRows).forEach((l, i) => {
    const ly = plot.y + plot.h + (data ? 22 : 14) + i * 13;
    parts.push(`<rect x="${plot.x}" y="${ly - 8}" width="10" height="3" fill="${PALETTE[i % PALETTE.length]}"/>`);
    text(plot.x + 14, ly - 3, clip(l, plot.w - 20, 5.6), 9.5);
  });
  if (legend.length > legendRows)
    text(plot.x + plot.w - 4, plot.y + plot.h + 11, `+${legend.length - legendRows} series`, 9, 'text-anchor="end" fill="#5f6b7a"');
  return parts.join('');
}

export function renderDashboardSvg(body: { widgets: DashboardWidget[] }, title: string, data?: DashboardDatapoints): string {
  const widgets = body.widgets ?? [];
  const rows = Math.max(...widgets.map((w) => w.y + w.height), 1);
  const width = 24 * COL + 2 * PAD;
  const height = rows * ROW + 2 * PAD + 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" fill="#16191f">`,
    `<rect width="100%" height="100%" fill="#eef1f4"/>`,
    ...widgets.map((w) => widgetSvg(w, data)),
    `<text x="${PAD}" y="${height - 10}" font-size="10" fill="#5f6b7a">${escapeXml(
      data
        ? `${title}: the synthesized DashboardBody with the datapoints of ${data.source} (${data.from.slice(0, 16)}Z to ${data.to.slice(11, 16)}Z, ${data.periodSeconds} s points, x axis: the rehearsal)`
        : `${title}: drawn from the synthesized DashboardBody (layout, titles, series and annotations; no data)`,
    )}</text>`,
    '</svg>',
  ].join('\n');
}

/**
 * The dashboard body of a synthesized template, with tokens replaced by
 * readable names: Ref/GetAtt of an alarm, state machine, function or queue
 * become its name, AWS::Region the stack's region.
 */
export function dashboardBodyFromTemplate(template: any, region: string): { name: string; body: { widgets: DashboardWidget[] } } {
  const [dash] = Object.values(template.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard');
  if (!dash) throw new Error('the template has no AWS::CloudWatch::Dashboard');
  const nameOf = (id: string): string => {
    const p = template.Resources[id]?.Properties ?? {};
    return p.AlarmName ?? p.StateMachineName ?? p.FunctionName ?? p.QueueName ?? id;
  };
  const resolve = (part: unknown): string => {
    if (typeof part === 'string') return part;
    const o = part as Record<string, any>;
    if (o.Ref === 'AWS::Region') return region;
    if (o.Ref === 'AWS::AccountId') return '123456789012';
    if (typeof o.Ref === 'string') return nameOf(o.Ref);
    if (Array.isArray(o['Fn::GetAtt'])) return nameOf(o['Fn::GetAtt'][0]);
    return '…';
  };
  const raw = dash.Properties.DashboardBody;
  const text = typeof raw === 'string' ? raw : (raw['Fn::Join'][1] as unknown[]).map(resolve).join(raw['Fn::Join'][0]);
  return { name: String(dash.Properties.DashboardName ?? 'dashboard'), body: JSON.parse(text) };
}
