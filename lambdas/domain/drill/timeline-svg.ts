/**
 * The drill's timeline as inline SVG: one bar per step, placed at its start relative to
 * the drill's start, coloured by status, against a vertical RTO line at the RTO goal.
 * The axis is linear and always reaches the RTO line, so the picture is honest about how
 * much of the RTO the drill used; a bar is at least 3 px wide so every step stays visible.
 * Pure: a string of SVG, no external assets.
 */
import type { TimelineStep } from './drill-report';
import { escapeHtml, formatSeconds } from './html-escape';

export const STATUS_COLOURS: Record<string, string> = {
  passed: '#2e7d32',
  failed: '#c62828',
  refused: '#ef6c00',
  skipped: '#757575',
};

const ROW = 22;
const LABEL_W = 370;
const CHART_W = 560;
/** Longer labels are cut with an ellipsis (the bar's tooltip has the full name). */
const LABEL_CHARS = 48;
const TOP = 28;
const MIN_BAR = 3;

export interface TimelineInput {
  startedAt: string;
  finishedAt: string;
  rtoS: number;
  steps: TimelineStep[];
}

/** The axis end: the later of the drill's end and the RTO line, with a little room. */
export function axisSeconds(totalS: number, rtoS: number): number {
  return Math.max(totalS, rtoS) * 1.05 || 1;
}

function tickStep(axisS: number): number {
  const raw = axisS / 6;
  const units = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600];
  return units.find((u) => u >= raw) ?? Math.ceil(raw / 3600) * 3600;
}

function label(text: string): string {
  return text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text;
}

export function renderTimelineSvg(t: TimelineInput): string {
  const t0 = Date.parse(t.startedAt);
  const totalS = Math.max(0, (Date.parse(t.finishedAt) - t0) / 1000);
  const axisS = axisSeconds(totalS, t.rtoS);
  const x = (s: number) => LABEL_W + (s / axisS) * CHART_W;
  const height = TOP + t.steps.length * ROW + 34;
  const width = LABEL_W + CHART_W + 20;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" id="timeline" role="img" aria-label="Timeline of the drill's steps against the RTO goal" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="12">`,
  );
  const step = tickStep(axisS);
  const axisY = TOP + t.steps.length * ROW + 4;
  for (let s = 0; s <= axisS; s += step) {
    parts.push(`<line x1="${x(s).toFixed(1)}" y1="${TOP - 6}" x2="${x(s).toFixed(1)}" y2="${axisY}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${x(s).toFixed(1)}" y="${axisY + 14}" text-anchor="middle" fill="#555">${escapeHtml(formatSeconds(s))}</text>`);
  }
  t.steps.forEach((st, i) => {
    const y = TOP + i * ROW;
    const from = Math.max(0, (Date.parse(st.startedAt) - t0) / 1000);
    const dur = Math.max(0, (Date.parse(st.endedAt) - Date.parse(st.startedAt)) / 1000);
    const w = Math.max(MIN_BAR, (dur / axisS) * CHART_W);
    const colour = STATUS_COLOURS[st.status] ?? '#757575';
    parts.push(
      `<g class="step" data-step="${escapeHtml(st.name)}" data-status="${escapeHtml(st.status)}">` +
        `<text x="${LABEL_W - 8}" y="${y + 15}" text-anchor="end" fill="#222">${escapeHtml(label(`${st.test} · ${st.name}`))} (${escapeHtml(formatSeconds(dur))})</text>` +
        `<rect x="${x(from).toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${ROW - 8}" rx="2" fill="${colour}"><title>${escapeHtml(st.name)}: ${escapeHtml(st.status)}, ${escapeHtml(formatSeconds(dur))}</title></rect>` +
        `</g>`,
    );
  });
  const rx = x(t.rtoS).toFixed(1);
  parts.push(
    `<g id="rto-line"><line x1="${rx}" y1="${TOP - 10}" x2="${rx}" y2="${axisY}" stroke="#c62828" stroke-width="2" stroke-dasharray="6 3"/>` +
      `<text x="${rx}" y="${TOP - 14}" text-anchor="end" fill="#c62828">RTO goal ${escapeHtml(formatSeconds(t.rtoS))}</text></g>`,
  );
  parts.push('</svg>');
  return parts.join('');
}
