// The queue engine's model. Plain data: the engine computes with it, the store saves it, the API and
// the realtime layer send it. Nothing here does I/O.
import type { HallConfig } from '../config/schema.js';
import type { HallModel, PriorityClass } from './domain.js';
import type { QueueIndex } from './queue-index.js';

export type TicketState = 'waiting' | 'called' | 'serving' | 'done' | 'no-show' | 'held' | 'cancelled';
export type Channel = 'kiosk' | 'appointment' | 'phone' | 'staff';
export type CounterStateName = 'closed' | 'idle' | 'calling' | 'serving' | 'paused';

export interface Ticket {
  /** Unguessable: it is the key of the citizen's tracking link. */
  id: string;
  /** What the public sees: prefix + zero-padded daily sequence, e.g. "A001". */
  number: string;
  serviceId: string;
  zone: string;
  businessDay: string;
  seq: number;
  priority: PriorityClass;
  channel: Channel;
  state: TicketState;
  /** Queue position key: the arrival time, moved on re-queue. Lower is served first. */
  sortKey: number;
  issuedAt: number;
  /** First call: the end of the wait. */
  calledAt: number | null;
  /** Latest call or recall, for the walk timer on boards. */
  lastCalledAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  /** Where the ticket is being (or was last) handled. */
  counterId: string | null;
  staffNo: string | null;
  /** Set when transferred to one counter: only that counter may call it. */
  targetCounterId: string | null;
  recalls: number;
  requeues: number;
  transfers: number;
  appointment: { code: string; slotAt: number } | null;
  cancelReason: string | null;
  /** The issuing terminal's id for the press that made it: a retry with it gets this ticket back. */
  requestId?: string | null;
  /** The citizen's rating (好差评), once given; absent on tickets stored before ratings existed. */
  rating?: Rating | null;
}

/** The national five levels, 5 best … 1 worst (their words: RATING_LEVELS in shared/vocabulary.ts). */
export type Score = 1 | 2 | 3 | 4 | 5;

export interface Rating {
  score: Score;
  /** Offline second-level items (服务效率, 服务水平, 服务态度), each 1–5, where the pad asks them. */
  items: { efficiency?: Score; skill?: Score; attitude?: Score } | null;
  /** Reason ids (from the config's ratingReasons), required for 1–2. */
  reasons: string[];
  comment: string | null;
  at: number;
  /**
   * pad: the web pad page (评价器屏幕); pad-hardware: a hardware rating pad's keys (评价器按键, no screen to
   * ask reasons on); api: a business system. keypad: what hardware pad ratings were recorded as before
   * 'pad-hardware' (kept so older records read back the same; nothing records it now — caller keypads
   * do not rate).
   */
  source: 'pad' | 'pad-hardware' | 'keypad' | 'api';
}

/** A rating from a hardware pad's keys (the current source, or the one older records carry). */
export function fromHardwarePad(source: Rating['source']): boolean {
  return source === 'pad-hardware' || source === 'keypad';
}

/** The Chinese name of a rating's channel, as reports and the upload show it. */
export function ratingChannel(source: Rating['source']): string {
  return fromHardwarePad(source) ? '评价器按键' : source === 'pad' ? '评价器屏幕' : '业务系统';
}

/** A staff member's day so far: the counter console shows it. */
export interface StaffDay {
  served: number;
  rated: number;
  /** Rated 3–5: counted in the satisfaction rate (5+4+3)/rated. */
  satisfied: number;
}

export interface CounterState {
  id: string;
  zone: string;
  state: CounterStateName;
  staffNo: string | null;
  /** The ticket called or being served here (at most one: one staff member, one ticket in hand). */
  ticketId: string | null;
  pauseReason: string | null;
  /** Since when the counter is in this state. */
  since: number;
  /** Standard policy: priority and normal calls made in the current ratio cycle. */
  cycle: { priority: number; normal: number };
}

export interface HallState {
  /** The hall model only (hallModel): the config file's other parts (devices, managers, TLS…) are the hub's, not the engine's. */
  config: HallModel;
  businessDay: string;
  /** Last sequence issued today, per service. */
  sequences: Map<string, number>;
  /** Tickets issued today, per service (the quota counts these; wrap does not reset it). */
  issuedToday: Map<string, number>;
  /** Today's tickets (earlier days live only in the store). */
  tickets: Map<string, Ticket>;
  counters: Map<string, CounterState>;
  /** Recent service times in ms, newest last, per service. */
  serviceTimes: Map<string, number[]>;
  /** What the engine is given from outside the event log (withInputs): read, never changed by an event. */
  inputs: EngineInputs;
  /** Today's counts per staff number. */
  staffDay: Map<string, StaffDay>;
  /** Today's tickets by the request id they were issued for. */
  byRequestId: Map<string, string>;
  /** Today's waiting tickets in queue order, numbers, last calls: kept by applyEvent (queue-index.ts). */
  index: QueueIndex;
}

/**
 * Mean service minutes per service and local half-hour (0–47) in past weeks, from the day summaries
 * (hub/reports/summaries.ts): the wait estimate's prior, else the config's typical time.
 */
export type ServiceHistory = ReadonlyMap<string, ReadonlyArray<number | null>>;

/** The engine's inputs besides commands and events: derived by the hub from its reports, handed in whole. */
export interface EngineInputs {
  readonly serviceHistory: ServiceHistory;
}

/** Who asked for a change: lands in the event log (电子监察). */
export interface Actor {
  kind: 'staff' | 'manager' | 'device' | 'system';
  id: string;
}

interface EventBase {
  at: number;
  actor: Actor;
}

export type TicketEventType =
  | 'ticket.issued'
  | 'ticket.called'
  | 'ticket.recalled'
  | 'ticket.started'
  | 'ticket.finished'
  | 'ticket.no-show'
  | 'ticket.requeued'
  | 'ticket.transferred'
  | 'ticket.held'
  | 'ticket.cancelled'
  | 'ticket.rated';

export interface TicketEvent extends EventBase {
  type: TicketEventType;
  /** The ticket as it is after the change. */
  ticket: Ticket;
  /** How a call came about: the next by policy, a chosen number (特呼), or a held ticket resumed. */
  how?: 'next' | 'number' | 'resume';
  /** ticket.transferred: where from. */
  from?: { serviceId: string; counterId: string | null };
}

export interface CounterEvent extends EventBase {
  type: 'counter.state';
  counter: CounterState;
  cause: 'login' | 'logout' | 'pause' | 'resume' | 'call' | 'start' | 'finish' | 'skip' | 'transfer' | 'hold' | 'day';
}

export interface DayEvent extends EventBase {
  type: 'day.rolled';
  from: string;
  to: string;
  /** Tickets of the ended day that were still open, now cancelled. */
  expired: string[];
}

/** The hall's config was replaced (from the dashboard or a changed config file). */
export interface ConfigEvent extends EventBase {
  type: 'config.changed';
  config: HallConfig;
  source: 'file' | 'api';
}

export type HallEvent = TicketEvent | CounterEvent | DayEvent | ConfigEvent;

/** A hall event once stored: `seq` orders every event of the hall, gap-free. */
export type StoredEvent = HallEvent & { seq: number };
