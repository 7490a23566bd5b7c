// Alerts for the hall manager (预警), read off the live hall state at an instant: nothing is stored, so
// an alert lasts exactly as long as its condition. Pure; each kind of alert is one rule.
//
// Device-down alerts read the hub's device health registry (hub/device-supervision/health.ts) from
// `AlertContext.devices`.
import { healthReasonText } from '../../devices/health-reason.js';
import type { DeviceHealth } from '../device-supervision/health.js';
import { serviceQueues } from '../engine/estimate.js';
import type { HallState, Ticket } from '../engine/types.js';
import type { Text } from './reports.js';
import { counterInSentence, counterWords } from '../../shared/vocabulary.js';

/** Defaults for the thresholds a hall config does not (yet) set. */
export const ALERT_DEFAULTS = {
  /** A queue this long or longer is an alert (critical at twice as long). */
  queueLength: 20,
  /** An idle or paused counter is an alert once one of its services has someone waiting longer than this. */
  idleCounterWaitMin: 5,
  /** 开放一个窗口 once a newcomer's predicted wait passes this: the hall's staffing target (alertOptionsOf). */
  openCounterWaitMin: 20,
} as const;

export type AlertOptions = { [K in keyof typeof ALERT_DEFAULTS]: number };

/** The thresholds a hall's config sets (the engine's state holds only the hall model, not the staffing target). */
export function alertOptionsOf(config: { staffing: { targetWaitMin: number } }): Partial<AlertOptions> {
  return { openCounterWaitMin: config.staffing.targetWaitMin };
}

export type AlertKind = 'wait-over-target' | 'queue-long' | 'counter-idle' | 'counter-paused' | 'device-down' | 'followup-due' | 'open-counter' | 'backup-failed';

export interface Alert {
  /** Stable while the condition lasts (kind + subject): the dashboard keys and de-duplicates on it. */
  id: string;
  kind: AlertKind;
  severity: 'warning' | 'critical';
  zone: string | null;
  serviceId: string | null;
  counterId: string | null;
  /** When the condition began, as far as the state tells (ms since epoch). */
  since: number;
  /** What happened, in words, Chinese and English. */
  message: Text;
  /** The figures behind it (waiting, longestWaitMin, targetWaitMin, threshold, state…). */
  values: Record<string, number | string | null>;
}

export interface AlertContext {
  state: Readonly<HallState>;
  now: number;
  options: AlertOptions;
  /** Device health from the hub's registry (terminals' sockets, the supervisor's links). */
  devices: readonly DeviceHealth[];
  /** Open follow-up cases of bad ratings (差评整改) that are due tomorrow or overdue (hub/ratings). */
  followups?: readonly FollowupAlertInput[];
  /** The hub's nightly backup, when its last attempt failed (hub/backup/nightly.ts). */
  backupFailed?: { at: number; error: string } | null;
}

/** What the follow-up alert needs of a case (hub/ratings/followup.ts reads them). */
export interface FollowupAlertInput {
  id: number;
  number: string;
  counterId: string | null;
  staffNo: string | null;
  dueDay: string;
  openedAt: number;
  status: 'open' | 'due-soon' | 'overdue' | 'closed';
}

export type AlertRule = (ctx: AlertContext) => Alert[];

const MINUTE = 60_000;

function name(t: Text | undefined, fallback: string): { zh: string; en: string } {
  return { zh: t?.zh ?? fallback, en: t?.en ?? t?.zh ?? fallback };
}

/** Waiting tickets per service (today's only: the state holds today's). */
function waitingByService(state: Readonly<HallState>): Map<string, Ticket[]> {
  const out = new Map<string, Ticket[]>();
  for (const t of state.tickets.values()) {
    if (t.state !== 'waiting') continue;
    const list = out.get(t.serviceId) ?? [];
    list.push(t);
    out.set(t.serviceId, list);
  }
  return out;
}

const oldest = (list: readonly Ticket[]) => list.reduce((a, t) => Math.min(a, t.issuedAt), Infinity);

/** A service whose longest-waiting citizen has waited longer than its targetWaitMin. */
export const waitOverTarget: AlertRule = ({ state, now }) => {
  const waiting = waitingByService(state);
  const out: Alert[] = [];
  for (const s of state.config.services) {
    const list = waiting.get(s.id);
    if (!list?.length) continue;
    const first = oldest(list);
    const longest = now - first;
    if (longest <= s.targetWaitMin * MINUTE) continue;
    const longestWaitMin = Math.floor(longest / MINUTE);
    const n = name(s.name, s.id);
    out.push({
      id: `wait-over-target:${s.id}`,
      kind: 'wait-over-target',
      severity: longest >= 2 * s.targetWaitMin * MINUTE ? 'critical' : 'warning',
      zone: s.zone,
      serviceId: s.id,
      counterId: null,
      since: first + s.targetWaitMin * MINUTE,
      message: {
        zh: `${n.zh}：最长已等候 ${longestWaitMin} 分钟，超过目标 ${s.targetWaitMin} 分钟`,
        en: `${n.en}: longest wait ${longestWaitMin} min, over the ${s.targetWaitMin} min target`,
      },
      values: { waiting: list.length, longestWaitMin, targetWaitMin: s.targetWaitMin },
    });
  }
  return out;
};

/** A service with at least `queueLength` people waiting. */
export const queueLong: AlertRule = ({ state, options }) => {
  const waiting = waitingByService(state);
  const out: Alert[] = [];
  for (const s of state.config.services) {
    const list = waiting.get(s.id) ?? [];
    if (list.length < options.queueLength) continue;
    // Since the threshold-th of those now waiting arrived (the queue has been this long at least since then).
    const since = list.map((t) => t.issuedAt).sort((a, b) => a - b)[options.queueLength - 1] ?? 0;
    const n = name(s.name, s.id);
    out.push({
      id: `queue-long:${s.id}`,
      kind: 'queue-long',
      severity: list.length >= 2 * options.queueLength ? 'critical' : 'warning',
      zone: s.zone,
      serviceId: s.id,
      counterId: null,
      since,
      message: {
        zh: `${n.zh}：${list.length} 人等候（预警线 ${options.queueLength} 人）`,
        en: `${n.en}: ${list.length} waiting (alert at ${options.queueLength})`,
      },
      values: { waiting: list.length, threshold: options.queueLength },
    });
  }
  return out;
};

/** An idle or paused counter while someone it could call has waited more than `idleCounterWaitMin`. */
export const counterIdle: AlertRule = ({ state, now, options }) => {
  const out: Alert[] = [];
  const limit = options.idleCounterWaitMin * MINUTE;
  for (const k of state.config.counters) {
    const c = state.counters.get(k.id);
    if (!c || (c.state !== 'idle' && c.state !== 'paused')) continue;
    const served = new Set(k.services.map((x) => x.service));
    const mine = [...state.tickets.values()].filter(
      (t) => t.state === 'waiting' && (t.targetCounterId === k.id || (t.targetCounterId === null && served.has(t.serviceId))),
    );
    if (mine.length === 0) continue;
    const first = oldest(mine);
    if (now - first <= limit) continue;
    const longestWaitMin = Math.floor((now - first) / MINUTE);
    const n = name(k.name, counterWords(k.id).zh);
    const en = k.name?.en ?? counterWords(k.id).en;
    const paused = c.state === 'paused';
    const reason = c.pauseReason ? `（${c.pauseReason}）` : '';
    out.push({
      id: `${paused ? 'counter-paused' : 'counter-idle'}:${k.id}`,
      kind: paused ? 'counter-paused' : 'counter-idle',
      severity: 'warning',
      zone: k.zone,
      serviceId: null,
      counterId: k.id,
      since: Math.max(c.since, first + limit),
      message: paused
        ? { zh: `${n.zh} 暂停服务中${reason}，已有群众等候 ${longestWaitMin} 分钟`, en: `${en} is paused${c.pauseReason ? ` (${c.pauseReason})` : ''} while people have waited ${longestWaitMin} min` }
        : { zh: `${n.zh} 空闲未叫号，已有群众等候 ${longestWaitMin} 分钟`, en: `${en} is idle while people have waited ${longestWaitMin} min` },
      values: { state: c.state, pauseReason: c.pauseReason, waiting: mine.length, longestWaitMin },
    });
  }
  return out;
};

/** How long a device may be gone before it is an alert: a page reload or a quick reconnect is not. */
const DEVICE_GRACE_MS = 30_000;

/**
 * A device that was online and is now offline (past a short grace), or degraded (paper near end,
 * repeated timeouts). A device never seen since the hub started is unknown, not down. A terminal page
 * that fell behind (SOCKET_BEHIND) is usually back within a second with a snapshot: an alert only if it
 * stays behind past the same grace.
 */
const pastGrace = (d: DeviceHealth, now: number) => now - d.since >= DEVICE_GRACE_MS;
export const deviceDown: AlertRule = ({ devices, now }) =>
  devices
    .filter((d) => d.seen && (d.state === 'degraded' ? d.reason?.code !== 'SOCKET_BEHIND' || pastGrace(d, now) : d.state === 'offline' && pastGrace(d, now)))
    .map((d) => {
      const label = d.name ?? d.id;
      const offline = d.state === 'offline';
      const reason = d.reason ? healthReasonText(d.reason) : null;
      const why = reason ? `（${reason.zh}）` : '';
      return {
        id: `device-down:${d.id}`,
        kind: 'device-down' as const,
        severity: offline && (d.kind === 'kiosk' || d.kind === 'display' || d.kind === 'printer') ? ('critical' as const) : ('warning' as const),
        zone: d.zone,
        serviceId: null,
        counterId: d.counterId,
        since: d.since,
        message: offline
          ? { zh: `设备离线：${label}${why}`, en: `Device offline: ${label}${reason ? ` (${reason.en})` : ''}` }
          : { zh: `设备异常：${label}${why}`, en: `Device degraded: ${label}${reason ? ` (${reason.en})` : ''}` },
        values: { device: d.id, kind: d.kind, state: d.state, reason: d.reason?.code ?? null },
      };
    });

/** A bad rating's follow-up due by tomorrow (warning) or past its due day (critical). */
export const followupDue: AlertRule = ({ followups = [], state }) =>
  followups
    .filter((f) => f.status === 'due-soon' || f.status === 'overdue')
    .map((f) => {
      const overdue = f.status === 'overdue';
      const zone = f.counterId ? (state.counters.get(f.counterId)?.zone ?? null) : null;
      return {
        id: `followup-due:${f.id}`,
        kind: 'followup-due' as const,
        severity: overdue ? ('critical' as const) : ('warning' as const),
        zone,
        serviceId: null,
        counterId: f.counterId,
        since: f.openedAt,
        message: overdue
          ? { zh: `差评整改已超期：${f.number}（应于 ${f.dueDay} 前办结）`, en: `Bad-rating follow-up overdue: ${f.number} (due ${f.dueDay})` }
          : { zh: `差评整改即将到期：${f.number}（${f.dueDay} 到期）`, en: `Bad-rating follow-up due ${f.dueDay}: ${f.number}` },
        values: { followup: f.id, number: f.number, dueDay: f.dueDay, staffNo: f.staffNo, status: f.status },
      };
    });

/**
 * 开放一个窗口: the wait predicted for a citizen arriving now (the estimate the kiosk shows) passes the
 * staffing target (config `staffing.targetWaitMin`) and a counter that serves the service is closed:
 * opening it is the remedy. (No counter open at all has no prediction: the kiosk says NO_COUNTER_OPEN_WORDS.)
 */
export const openCounter: AlertRule = ({ state, now, options }) => {
  const target = options.openCounterWaitMin;
  const out: Alert[] = [];
  for (const q of serviceQueues(state as HallState, now)) {
    if (q.waiting === 0 || q.estimatedWaitMin === null || q.estimatedWaitMin <= target) continue;
    const s = state.config.services.find((x) => x.id === q.serviceId)!;
    const closed = state.config.counters.filter((k) => k.services.some((x) => x.service === s.id) && (state.counters.get(k.id)?.state ?? 'closed') === 'closed');
    if (closed.length === 0) continue;
    const n = name(s.name, s.id);
    const list = closed.map((k) => k.id).join('、');
    out.push({
      id: `open-counter:${s.id}`,
      kind: 'open-counter',
      severity: q.estimatedWaitMin >= 2 * target ? 'critical' : 'warning',
      zone: s.zone,
      serviceId: s.id,
      counterId: closed[0]!.id,
      since: now,
      message: {
        zh: `开放一个窗口：${n.zh} 新取号预计等候 ${q.estimatedWaitMin} 分钟，超过目标 ${target} 分钟（可开 ${counterInSentence().zh.replace('{counter}', list)}）`,
        en: `Open a counter: ${n.en}, a new ticket would wait about ${q.estimatedWaitMin} min, over the ${target} min target (counter ${list} can serve it)`,
      },
      values: { waiting: q.waiting, estimatedWaitMin: q.estimatedWaitMin, targetWaitMin: target, countersOpen: q.countersOpen, closedCounters: closed.length },
    });
  }
  return out;
};


/** The last nightly backup failed: the hall has no fresh copy of its data until one succeeds. */
const backupFailed: AlertRule = ({ backupFailed: f }) =>
  f
    ? [
        {
          id: 'backup-failed',
          kind: 'backup-failed',
          severity: 'critical',
          zone: null,
          serviceId: null,
          counterId: null,
          since: f.at,
          message: { zh: `数据备份失败：${f.error}`, en: `The data backup failed: ${f.error}` },
          values: { error: f.error },
        },
      ]
    : [];

export const ALERT_RULES: readonly AlertRule[] = [waitOverTarget, queueLong, counterIdle, deviceDown, followupDue, openCounter, backupFailed];

/** Every alert of the hall at `now`: critical first, then the oldest first. */
export function hallAlerts(
  state: Readonly<HallState>,
  now: number,
  options: Partial<AlertOptions> = {},
  rules: readonly AlertRule[] = ALERT_RULES,
  devices: readonly DeviceHealth[] = [],
  followups: readonly FollowupAlertInput[] = [],
  backup: AlertContext['backupFailed'] = null,
): Alert[] {
  const ctx: AlertContext = { state, now, options: { ...ALERT_DEFAULTS, ...options }, devices, followups, backupFailed: backup };
  return rules
    .flatMap((rule) => rule(ctx))
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1) || a.since - b.since || a.id.localeCompare(b.id));
}
