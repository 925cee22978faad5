/**
 * A LOCAL stand-in for PagerDuty's Events API v2, on loopback: it records
 * every request and answers like /v2/enqueue does (202 + dedup_key), keeping
 * a tiny incident table (trigger opens, resolve closes) so the rehearsal can
 * show an incident being opened and then resolved. It is NOT PagerDuty and
 * says so wherever it prints. Tests script failures (429, 5xx, 400) with
 * `respondWith`.
 */
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Raw body text. */
  text: string;
  /** Parsed JSON body, or undefined when not JSON. */
  body: Record<string, unknown> | undefined;
  /** Status this receiver answered with. */
  status: number;
}

export interface ScriptedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface LocalIncident {
  dedupKey: string;
  status: 'triggered' | 'resolved';
  summary: string;
  severity: string;
  /** Number of trigger events merged into this incident (de-duplicated by dedup_key). */
  triggers: number;
}

export class LocalPagerDutyReceiver {
  readonly requests: RecordedRequest[] = [];
  readonly incidents = new Map<string, LocalIncident>();
  private readonly script: ScriptedResponse[] = [];
  private server?: Server;
  private port = 0;

  /** Start on 127.0.0.1 with a free port. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const body = parse(text);
        const scripted = this.script.shift();
        const answer = scripted ?? this.answer(body);
        if (!scripted && answer.status === 202 && body) this.apply(body);
        this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, text, body, status: answer.status });
        res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The enqueue URL to give the forwarder (PAGERDUTY_EVENTS_URL). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/v2/enqueue`;
  }

  /** The next requests get these answers, in order (then normal 202s again). */
  respondWith(...responses: ScriptedResponse[]): void {
    this.script.push(...responses);
  }

  /** The parsed bodies of requests that were accepted (202). */
  accepted(): Record<string, unknown>[] {
    return this.requests.filter((r) => r.status === 202 && r.body).map((r) => r.body!);
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Mirrors /v2/enqueue's validation of the fields this project sends. */
  private answer(body: Record<string, unknown> | undefined): ScriptedResponse {
    const errors: string[] = [];
    if (!body) errors.push('body is not a JSON object');
    else {
      if (typeof body.routing_key !== 'string' || !body.routing_key) errors.push("'routing_key' is missing");
      if (!['trigger', 'acknowledge', 'resolve'].includes(body.event_action as string)) errors.push("'event_action' is invalid");
      if (body.event_action !== 'trigger' && !body.dedup_key) errors.push("'dedup_key' is required for acknowledge and resolve");
      if (body.event_action === 'trigger') {
        const p = body.payload as Record<string, unknown> | undefined;
        if (!p || typeof p.summary !== 'string' || !p.summary) errors.push("'payload.summary' is missing");
        if (!p || typeof p.source !== 'string' || !p.source) errors.push("'payload.source' is missing");
        if (!p || !['critical', 'error', 'warning', 'info'].includes(p.severity as string)) errors.push("'payload.severity' is invalid");
      }
    }
    if (errors.length) return { status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors } };
    return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: body!.dedup_key } };
  }

  private apply(body: Record<string, unknown>): void {
    const key = String(body.dedup_key ?? '');
    const open = this.incidents.get(key);
    if (body.event_action === 'trigger') {
      const p = body.payload as { summary: string; severity: string };
      if (open && open.status === 'triggered') open.triggers += 1;
      else this.incidents.set(key, { dedupKey: key, status: 'triggered', summary: p.summary, severity: p.severity, triggers: 1 });
    } else if (body.event_action === 'resolve' && open) {
      open.status = 'resolved';
    }
  }
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
