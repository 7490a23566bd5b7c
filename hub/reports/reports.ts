// Reports over business days (日报/周报/月报): per service, counter, staff member or day, the tickets
// issued, served, missed and cancelled, how long people waited and were served, how many waits met the
// service's target, and what citizens rated (满意率 = (5+4+3) / rated). Pure: the rows come from the
// store (query.ts), the figures are computed here, so they can be tested on hand-made tickets.
import type { HallConfig } from '../config/schema.js';
import type { TicketState } from '../engine/types.js';
import { hourOfDay } from '../../shared/hall-time.js';
import { counterName, serviceName } from '../views.js';
import { nearestRank } from '../../shared/percentile.js';

export type Text = { zh: string; en?: string | undefined };

export const REPORT_GROUPINGS = ['service', 'counter', 'staff', 'day'] as const;
export type ReportBy = (typeof REPORT_GROUPINGS)[number];

/** Longest range one report covers, in business days (a year, leap years included). */
export const MAX_RANGE_DAYS = 366;

/** The target wait of a service that is no longer in the config (the schema's default). */
export const FALLBACK_TARGET_WAIT_MIN = 20;

/** What a report needs of a ticket: a `Ticket` fits, and so does a row of the tickets table. */
export interface ReportTicket {
  businessDay: string;
  /** Where the ticket is (or ended): a transfer moves it to the service that handled it. */
  serviceId: string;
  counterId: string | null;
  staffNo: string | null;
  state: TicketState;
  issuedAt: number;
  /** First call: the end of the wait (a transfer or recall does not move it). */
  calledAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  rating?: { score: number } | null | undefined;
  /** The zone the ticket was issued in (the summaries keep each zone apart). */
  zone?: string | null | undefined;
}

/** How a group's tickets ended: what a report shows and a day's summary row stores alike. */
export interface TicketCounts {
  /** Tickets issued (in this group). */
  issued: number;
  /** Finished (办结). */
  served: number;
  /** Called and did not come (过号), and not served since. */
  noShow: number;
  cancelled: number;
  /** Still waiting, called, being served or held (today's, or a day whose end has not been processed). */
  open: number;
  /** Tickets with a measured wait (called at least once). */
  waited: number;
}

export interface ReportFigures extends TicketCounts {
  /** Wait = issue → first call, in minutes (one decimal); null without any called ticket. */
  avgWaitMin: number | null;
  p90WaitMin: number | null;
  /** Share of the measured waits within the service's targetWaitMin (0–1, four decimals). */
  withinTarget: number | null;
  /** Service time = start → finish of served tickets, in minutes. */
  avgServiceMin: number | null;
  p90ServiceMin: number | null;
  rated: number;
  /** Served tickets nobody rated (no default score: they count in neither rated nor satisfied). */
  notRated: number;
  /** Rated 3–5 (基本满意 and better). */
  satisfied: number;
  /** satisfied / rated (0–1, four decimals); null when nobody rated. */
  satisfaction: number | null;
  /** Average score 1–5 (two decimals). */
  avgScore: number | null;
  /** How many ratings of each score, 1…5 at index 0…4. */
  scores: [number, number, number, number, number];
}

export interface ReportRow extends ReportFigures {
  /** Service id, counter id, staff number or business day; null for tickets never called (counter/staff). */
  key: string | null;
  label: Text;
}

export interface Report {
  from: string;
  to: string;
  by: ReportBy;
  zone: string | null;
  rows: ReportRow[];
  /** The whole range, every group together (percentiles over all tickets, not an average of groups). */
  total: ReportFigures;
}

const MINUTE = 60_000;

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/**
 * Counts per bucket of 0.1 minute (6 s): a duration's bucket is exactly the figure a report prints for it
 * (minutes to one decimal), so a percentile read from the histogram equals the percentile of the raw
 * durations as printed (nearest rank, as shared/percentile.ts; rounding keeps the order). Waits and service times end within a
 * business day, so there are at most 14,400 buckets; longer ones are counted in the last.
 */
export const BUCKETS_PER_MINUTE = 10;
export const MAX_BUCKET = 24 * 60 * BUCKETS_PER_MINUTE;

export function bucketOf(ms: number): number {
  return Math.min(MAX_BUCKET, Math.round((ms / MINUTE) * BUCKETS_PER_MINUTE));
}

export class Histogram {
  counts = new Uint32Array(64);
  n = 0;

  add(bucket: number, count = 1): void {
    if (bucket >= this.counts.length) {
      const grown = new Uint32Array(Math.min(MAX_BUCKET + 1, Math.max(bucket + 1, this.counts.length * 2)));
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[bucket]! += count;
    this.n += count;
  }

  /** Sparse (bucket, count) pairs as little-endian u32s: what a summary row stores. */
  encode(): Buffer | null {
    if (this.n === 0) return null;
    const pairs: number[] = [];
    this.counts.forEach((c, b) => {
      if (c) pairs.push(b, c);
    });
    const out = Buffer.alloc(pairs.length * 4);
    pairs.forEach((v, i) => out.writeUInt32LE(v, i * 4));
    return out;
  }

  addEncoded(blob: Uint8Array | null): void {
    if (!blob) return;
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    for (let i = 0; i + 8 <= blob.byteLength; i += 8) this.add(view.getUint32(i, true), view.getUint32(i + 4, true));
  }

  /** The p-th percentile (nearest rank) in minutes, or null when empty. */
  percentileMin(p: number): number | null {
    if (this.n === 0) return null;
    const rank = nearestRank(this.n, p);
    let seen = 0;
    for (let b = 0; b < this.counts.length; b++) {
      seen += this.counts[b]!;
      if (seen >= rank) return b / BUCKETS_PER_MINUTE;
    }
    return null;
  }
}

/** One group's figures of one closed business day (a day_summaries row), mergeable into any range. */
export interface DaySummary extends TicketCounts {
  /** Waits within the service's target at the time the day was summarised. */
  within: number;
  waitSumMs: number;
  serviceN: number;
  serviceSumMs: number;
  scores: [number, number, number, number, number];
  notRated: number;
  waitHist: Uint8Array | null;
  serviceHist: Uint8Array | null;
}

export class Accumulator {
  issued = 0;
  served = 0;
  noShow = 0;
  cancelled = 0;
  open = 0;
  within = 0;
  waitSum = 0;
  serviceSum = 0;
  readonly waits = new Histogram();
  readonly services = new Histogram();
  scores: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  notRated = 0;

  add(t: ReportTicket, targetMs: number): void {
    this.issued++;
    if (t.state === 'done') this.served++;
    else if (t.state === 'no-show') this.noShow++;
    else if (t.state === 'cancelled') this.cancelled++;
    else this.open++;
    if (t.calledAt !== null) {
      const wait = Math.max(0, t.calledAt - t.issuedAt);
      this.waits.add(bucketOf(wait));
      this.waitSum += wait;
      if (wait <= targetMs) this.within++;
    }
    if (t.state === 'done' && t.startedAt !== null && t.finishedAt !== null) {
      const service = Math.max(0, t.finishedAt - t.startedAt);
      this.services.add(bucketOf(service));
      this.serviceSum += service;
    }
    const score = t.rating?.score;
    if (score !== undefined && Number.isInteger(score) && score >= 1 && score <= 5) this.scores[score - 1]!++;
    else if (t.state === 'done') this.notRated++;
  }

  merge(s: DaySummary): void {
    this.issued += s.issued;
    this.served += s.served;
    this.noShow += s.noShow;
    this.cancelled += s.cancelled;
    this.open += s.open;
    this.within += s.within;
    this.waitSum += s.waitSumMs;
    this.serviceSum += s.serviceSumMs;
    this.waits.addEncoded(s.waitHist);
    this.services.addEncoded(s.serviceHist);
    for (let i = 0; i < 5; i++) this.scores[i]! += s.scores[i]!;
    this.notRated += s.notRated;
  }

  private counts(): TicketCounts {
    return { issued: this.issued, served: this.served, noShow: this.noShow, cancelled: this.cancelled, open: this.open, waited: this.waits.n };
  }

  /** This group as a summary row (without the histograms' encoding cost when `withHistograms` is false). */
  summary(withHistograms = true): DaySummary {
    return {
      ...this.counts(),
      within: this.within,
      waitSumMs: this.waitSum,
      serviceN: this.services.n,
      serviceSumMs: this.serviceSum,
      scores: [...this.scores],
      notRated: this.notRated,
      waitHist: withHistograms ? this.waits.encode() : null,
      serviceHist: withHistograms ? this.services.encode() : null,
    };
  }

  figures(): ReportFigures {
    const waited = this.waits.n;
    const served = this.services.n;
    const minutes = (ms: number) => round(ms / MINUTE, 1);
    const rated = this.scores.reduce((a, b) => a + b, 0);
    const satisfied = this.scores[2] + this.scores[3] + this.scores[4];
    const scoreSum = this.scores.reduce((a, n, i) => a + n * (i + 1), 0);
    return {
      ...this.counts(),
      avgWaitMin: waited ? minutes(this.waitSum / waited) : null,
      p90WaitMin: this.waits.percentileMin(0.9),
      withinTarget: waited ? round(this.within / waited, 4) : null,
      avgServiceMin: served ? minutes(this.serviceSum / served) : null,
      p90ServiceMin: this.services.percentileMin(0.9),
      rated,
      notRated: this.notRated,
      satisfied,
      satisfaction: rated ? round(satisfied / rated, 4) : null,
      avgScore: rated ? round(scoreSum / rated, 2) : null,
      scores: [...this.scores],
    };
  }
}

/** The key a ticket is grouped under. */
export function groupKey(t: ReportTicket, by: ReportBy): string | null {
  switch (by) {
    case 'service':
      return t.serviceId;
    case 'counter':
      return t.counterId;
    case 'staff':
      return t.staffNo;
    case 'day':
      return t.businessDay;
  }
}

const NOT_CALLED: Text = { zh: '未叫号', en: 'Not called' };

/** How a group is named in the table and the export. */
export function groupLabel(by: ReportBy, key: string | null, config: HallConfig): Text {
  if (key === null) return NOT_CALLED;
  switch (by) {
    case 'service':
      return serviceName(config, key);
    case 'counter':
      return counterName(config, key)!;
    case 'staff': {
      const s = config.staff.find((x) => x.no === key);
      return s ? { zh: `${s.name}（${key}）`, en: `${s.name} (${key})` } : { zh: key };
    }
    case 'day':
      return { zh: key };
  }
}

/** Rows in a reading order: services and counters as configured, staff by number, days by date; "not called" last. */
function compareKeys(by: ReportBy, config: HallConfig): (a: string | null, b: string | null) => number {
  const serviceIndex = new Map(config.services.map((s, i) => [s.id, i]));
  return (a, b) => {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    if (by === 'service') {
      const d = (serviceIndex.get(a) ?? Infinity) - (serviceIndex.get(b) ?? Infinity);
      if (d !== 0 && !Number.isNaN(d)) return d;
    }
    if (by === 'counter') {
      const d = Number(a) - Number(b);
      if (d !== 0 && !Number.isNaN(d)) return d;
    }
    return a < b ? -1 : 1;
  };
}

export interface ReportOptions {
  from: string;
  to: string;
  by: ReportBy;
  zone?: string | null;
}

/** A report built up ticket by ticket (so a long range can be read a day at a time), then `result()`. */
export class ReportBuilder {
  private readonly targets: Map<string, number>;
  private readonly groups = new Map<string | null, Accumulator>();
  private readonly total = new Accumulator();

  constructor(
    private readonly config: HallConfig,
    private readonly options: ReportOptions,
  ) {
    this.targets = new Map(config.services.map((s) => [s.id, s.targetWaitMin * MINUTE]));
  }

  add(t: ReportTicket): void {
    const target = this.targets.get(t.serviceId) ?? FALLBACK_TARGET_WAIT_MIN * MINUTE;
    this.group(groupKey(t, this.options.by)).add(t, target);
    this.total.add(t, target);
  }

  /** A closed day's summary of one group (key null: tickets never called, by counter or staff). */
  addSummary(key: string | null, s: DaySummary): void {
    this.group(key).merge(s);
    this.total.merge(s);
  }

  private group(key: string | null): Accumulator {
    let acc = this.groups.get(key);
    if (!acc) this.groups.set(key, (acc = new Accumulator()));
    return acc;
  }

  result(): Report {
    const { by, from, to } = this.options;
    const order = compareKeys(by, this.config);
    const rows = [...this.groups.entries()]
      .sort(([a], [b]) => order(a, b))
      .map(([key, acc]) => ({ key, label: groupLabel(by, key, this.config), ...acc.figures() }));
    return { from, to, by, zone: this.options.zone ?? null, rows, total: this.total.figures() };
  }
}

/** The report over some tickets (already filtered to the range and zone by the caller). */
export function buildReport(tickets: Iterable<ReportTicket>, config: HallConfig, options: ReportOptions): Report {
  const b = new ReportBuilder(config, options);
  for (const t of tickets) b.add(t);
  return b.result();
}

// ---- by hour of day, for the charts ----------------------------------------------------------------

export interface HourFigures {
  /** Local hour of day in the hall's zone, 0–23. */
  hour: number;
  /** Tickets issued in this hour (over the whole range). */
  issued: number;
  /** Of those, how many have been called (their wait is known). */
  waited: number;
  /** Average wait of the tickets issued in this hour, in minutes; null if none was called. */
  avgWaitMin: number | null;
}

export interface Hourly {
  from: string;
  to: string;
  zone: string | null;
  /** Business days in the range that had any ticket: divide `issued` by it for a per-day average. */
  days: number;
  hours: HourFigures[];
}

/** Arrivals and average waits by hour of issue, built up ticket by ticket, then `result()`. */
export class HourlyBuilder {
  private readonly hourOf: (at: number) => number;
  private readonly issued = new Array<number>(24).fill(0);
  private readonly waited = new Array<number>(24).fill(0);
  private readonly waitSum = new Array<number>(24).fill(0);
  private readonly days = new Set<string>();

  constructor(
    timeZone: string,
    private readonly options: { from: string; to: string; zone?: string | null },
  ) {
    this.hourOf = hourOfDay(timeZone);
  }

  /** A closed day's figures for one local hour (summaries' "hour" rows). */
  addSummary(day: string, hour: number, issued: number, waited: number, waitSumMs: number): void {
    if (issued > 0) this.days.add(day);
    this.issued[hour]! += issued;
    this.waited[hour]! += waited;
    this.waitSum[hour]! += waitSumMs;
  }

  add(t: ReportTicket): void {
    const h = this.hourOf(t.issuedAt);
    this.issued[h]!++;
    this.days.add(t.businessDay);
    if (t.calledAt !== null) {
      this.waited[h]!++;
      this.waitSum[h]! += Math.max(0, t.calledAt - t.issuedAt);
    }
  }

  result(): Hourly {
    const { issued, waited, waitSum } = this;
    return {
      from: this.options.from,
      to: this.options.to,
      zone: this.options.zone ?? null,
      days: this.days.size,
      hours: issued.map((n, hour) => ({
        hour,
        issued: n,
        waited: waited[hour]!,
        avgWaitMin: waited[hour]! ? round(waitSum[hour]! / waited[hour]! / MINUTE, 1) : null,
      })),
    };
  }
}

export function buildHourly(tickets: Iterable<ReportTicket>, timeZone: string, options: { from: string; to: string; zone?: string | null }): Hourly {
  const b = new HourlyBuilder(timeZone, options);
  for (const t of tickets) b.add(t);
  return b.result();
}

