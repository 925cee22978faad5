/**
 * Data in a metric widget of docs/dashboard.svg: each series of the widget (a metric with
 * its statistic, or a simple metric-math expression such as `age0 / 3600` or `100 * ok0`)
 * evaluated over the datapoints `npm start` put into the emulator's CloudWatch
 * (local/dashboard-datapoints.ts), drawn as lines or bars on the rehearsal's time axis,
 * with the widget's horizontal annotations (the RPO line) at their values. Pure.
 */
import type { DashboardDatapoints, DatapointStats } from './dashboard-datapoints';

export interface PlottedSeries {
  label: string;
  axis: 'left' | 'right';
  points: { t: number; v: number }[];
}

type Options = Record<string, any>;
const STAT: Record<string, keyof Omit<DatapointStats, 't'>> = { Sum: 'sum', Maximum: 'max', Average: 'avg', SampleCount: 'n' };

function optionsOf(m: unknown[]): Options {
  const last = m[m.length - 1];
  return last && typeof last === 'object' && !Array.isArray(last) ? (last as Options) : {};
}

/** `[namespace, metric, dimName, dimValue, ..., options?]` → the datapoints of that metric with that statistic. */
function metricPoints(m: unknown[], data: DashboardDatapoints, stat: string): { t: number; v: number }[] {
  const parts = m.filter((x) => typeof x === 'string') as string[];
  const [namespace, metric, ...dims] = parts;
  const dimensions: Record<string, string> = {};
  for (let i = 0; i + 1 < dims.length; i += 2) dimensions[dims[i]] = dims[i + 1];
  const key = STAT[stat] ?? 'avg';
  const match = data.series.find(
    (s) =>
      s.namespace === namespace &&
      s.metric === metric &&
      Object.keys(s.dimensions).length === Object.keys(dimensions).length &&
      Object.entries(dimensions).every(([k, v]) => s.dimensions[k] === v),
  );
  return (match?.points ?? []).map((p) => ({ t: p.t, v: p[key] }));
}

/** `id / N`, `id * N`, `N * id`; anything else is not drawn (undefined). */
function evaluate(expression: string, byId: Map<string, { t: number; v: number }[]>): { t: number; v: number }[] | undefined {
  const e = expression.replace(/\s+/g, '');
  let r = /^([a-zA-Z]\w*)([/*])(\d+(?:\.\d+)?)$/.exec(e);
  if (r) {
    const [, id, op, n] = r;
    return byId.get(id)?.map((p) => ({ t: p.t, v: op === '/' ? p.v / Number(n) : p.v * Number(n) }));
  }
  r = /^(\d+(?:\.\d+)?)\*([a-zA-Z]\w*)$/.exec(e);
  if (r) return byId.get(r[2])?.map((p) => ({ t: p.t, v: p.v * Number(r?.[1]) }));
  return undefined;
}

/** The visible series of a metric widget with their datapoints (empty points: no data in the emulator). */
export function plottedSeries(properties: Options, data: DashboardDatapoints): PlottedSeries[] {
  const metrics = (properties.metrics ?? []).filter(Array.isArray) as unknown[][];
  const byId = new Map<string, { t: number; v: number }[]>();
  for (const m of metrics) {
    const o = optionsOf(m);
    if (typeof o.id === 'string' && typeof o.expression !== 'string') byId.set(o.id, metricPoints(m, data, o.stat ?? properties.stat));
  }
  const out: PlottedSeries[] = [];
  for (const m of metrics) {
    const o = optionsOf(m);
    if (o.visible === false) continue;
    const points =
      typeof o.expression === 'string' ? (evaluate(o.expression, byId) ?? []) : metricPoints(m, data, o.stat ?? properties.stat);
    const label = typeof o.label === 'string' ? o.label : typeof o.expression === 'string' ? o.expression : String(m[1] ?? '');
    out.push({ label, axis: o.yAxis === 'right' ? 'right' : 'left', points });
  }
  return out;
}

const round = (n: number) => Math.round(n * 10) / 10;
const tick = (n: number) => String(n >= 100 ? Math.round(n) : Number(n.toPrecision(2)));
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** SVG elements of a plot area with data: scales, series (lines, or bars for view "bar"), annotations. */
export function plotSvg(
  box: { x: number; y: number; w: number; h: number },
  properties: Options,
  series: PlottedSeries[],
  data: DashboardDatapoints,
  palette: string[],
  text: (x: number, y: number, s: string, size?: number, extra?: string) => void,
): string[] {
  const parts: string[] = [];
  const from = Date.parse(data.from);
  const to = Math.max(Date.parse(data.to), from + 60_000);
  const annotations = (properties.annotations?.horizontal ?? []) as { value: number; label?: string; color?: string }[];
  const top = (axis: 'left' | 'right') => {
    const values = series.filter((s) => s.axis === axis).flatMap((s) => s.points.map((p) => p.v));
    if (axis === 'left') values.push(...annotations.map((a) => a.value));
    const fixed = properties.yAxis?.[axis]?.max;
    return typeof fixed === 'number' ? fixed : Math.max(...values, 0) * 1.15 || 1;
  };
  const scale = { left: top('left'), right: top('right') };
  const px = (t: number) => round(box.x + ((t - from) / (to - from)) * box.w);
  const py = (v: number, axis: 'left' | 'right') => round(box.y + box.h - (Math.max(0, v) / scale[axis]) * box.h);
  const axisText = 'fill="#5f6b7a"';
  text(box.x - 4, box.y + 8, tick(scale.left), 8.5, `text-anchor="end" ${axisText}`);
  text(box.x - 4, box.y + box.h, '0', 8.5, `text-anchor="end" ${axisText}`);
  if (series.some((s) => s.axis === 'right' && s.points.length > 0)) text(box.x + box.w + 2, box.y + 8, tick(scale.right), 8.5, axisText);
  text(box.x, box.y + box.h + 10, `${hhmm(from)} UTC`, 8, axisText);
  text(box.x + box.w, box.y + box.h + 10, hhmm(to), 8, `text-anchor="end" ${axisText}`);
  for (const a of annotations) {
    const ay = py(a.value, 'left');
    const color = a.color ?? '#d62728';
    parts.push(`<line x1="${box.x}" y1="${ay}" x2="${box.x + box.w}" y2="${ay}" stroke="${color}" stroke-dasharray="6 4"/>`);
    text(box.x + box.w - 6, ay - 4, a.label ?? String(a.value), 10, `text-anchor="end" fill="${color}"`);
  }
  const bars = properties.view === 'bar';
  const barWidth = Math.max(3, Math.min(14, box.w / Math.max(1, (to - from) / 60_000) / Math.max(1, series.length)));
  series.forEach((s, i) => {
    const color = palette[i % palette.length];
    if (bars) {
      for (const p of s.points) {
        const y = py(p.v, s.axis);
        const x = px(p.t) + i * barWidth;
        parts.push(`<rect x="${x}" y="${y}" width="${round(barWidth - 1)}" height="${round(box.y + box.h - y)}" fill="${color}"/>`);
      }
      return;
    }
    const coords = s.points.map((p) => `${px(p.t)},${py(p.v, s.axis)}`);
    if (coords.length > 1) parts.push(`<polyline points="${coords.join(' ')}" fill="none" stroke="${color}" stroke-width="1.8"/>`);
    for (const c of coords) {
      const [cx, cy] = c.split(',');
      parts.push(`<circle cx="${cx}" cy="${cy}" r="2.6" fill="${color}"/>`);
    }
  });
  if (series.every((s) => s.points.length === 0)) {
    text(box.x + box.w / 2, box.y + box.h / 2, 'no datapoints in the emulator', 10, `text-anchor="middle" ${axisText}`);
  }
  return parts;
}
