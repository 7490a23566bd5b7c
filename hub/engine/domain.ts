// The hall as the queue engine knows it: services, counters, staff, rules, hours and calendar. These are
// the engine's own types; the config file's zod schema (hub/config/schema.ts) is one way to produce
// them (it is checked to parse into them), and the config carries more that the engine never reads
// (devices, managers' hashes, boards, TLS, upload targets). Plain data, no behaviour.

/** Chinese first; English optional (falls back to Chinese). */
export interface LocalText {
  zh: string;
  en?: string | undefined;
}

export type PriorityClass = 'normal' | 'green' | 'appointment' | 'vip';
export type PolicyName = 'standard' | 'longest-wait';

/** When tickets are issued: local "HH:MM" times on ISO weekdays (1 = Monday … 7 = Sunday). */
export interface Hours {
  days: number[];
  open: string;
  close: string;
  /** No tickets are issued in it; null for halls open at noon. */
  lunch: { start: string; end: string } | null;
  /** Tickets stop this many minutes before closing. */
  stopIssuingBeforeCloseMin: number;
}

export interface Service {
  id: string;
  /** Letters printed before the sequence: "A" gives A001. */
  prefix: string;
  name: LocalText;
  department: string;
  /** The department's English name (views show it beside the Chinese). */
  departmentEn?: string | undefined;
  zone: string;
  /** This service's own hours, field by field over the hall's. */
  hours?: Partial<Hours> | undefined;
  /** Tickets per business day; none: no limit. */
  dailyQuota?: number | undefined;
  targetWaitMin: number;
  /** Service time for estimates until real ones are measured. */
  typicalServiceMin: number;
  /** What to bring, printed on the ticket. */
  note?: LocalText | undefined;
  /** Digits of the daily sequence. */
  digits: number;
  /** Past the last number: continue wider, wrap skipping numbers in use, or refuse. */
  onOverflow: 'widen' | 'wrap' | 'refuse';
  enabled: boolean;
}

export interface Counter {
  /** The number the public sees. */
  id: string;
  name?: LocalText | undefined;
  zone: string;
  /** Services served here; a lower rank is served first. */
  services: { service: string; rank: number }[];
  /** This counter's ordering policy, over the hall's. */
  policy?: PolicyName | undefined;
}

/** A staff member as the queue knows them (their PIN is the auth layer's, not the engine's). */
export interface StaffMember {
  no: string;
  name: string;
  photo?: string | undefined;
  /** The colleague who covers (AB角). */
  backup?: string | undefined;
}

export interface PriorityClassInfo {
  id: PriorityClass;
  name: LocalText;
  description?: LocalText | undefined;
  enabled: boolean;
}

export interface Rules {
  policy: PolicyName;
  priorityRatio: { priority: number; normal: number };
  appointmentEarlyMin: number;
  appointmentLateMin: number;
  maxRecalls: number;
  requeueBack: number;
  maxRequeues: number;
  callNextFinishesServing: boolean;
  estimateWindow: number;
  ratingWindowMin: number;
}

/** Legal working days (工作日), public holidays and make-up working days (调休), as YYYY-MM-DD. */
export interface HallCalendar {
  workingDays?: number[] | undefined;
  holidays: string[];
  extraWorkdays: string[];
}

export interface Zone {
  id: string;
  name: LocalText;
}

export interface RatingReason {
  id: string;
  name: LocalText;
}

export interface Notice {
  id: string;
  text: LocalText;
  zones?: string[] | undefined;
  enabled: boolean;
}

/** Everything about a hall the engine (and the views built on its state) reads. */
export interface HallModel {
  hall: { id: string; name: LocalText; timezone: string; dayResetHour: number };
  calendar: HallCalendar;
  hours: Hours;
  zones: Zone[];
  rules: Rules;
  ratingReasons: RatingReason[];
  priorityClasses: PriorityClassInfo[];
  services: Service[];
  counters: Counter[];
  staff: StaffMember[];
  notices: Notice[];
  demo: boolean;
}

/**
 * Only the hall model of a config that carries more (the config file's devices, managers, boards, TLS,
 * upload targets…): what the engine keeps in its state, so nothing in the engine can come to depend on
 * the file's other parts.
 */
export function hallModel(config: HallModel): HallModel {
  const { hall, calendar, hours, zones, rules, ratingReasons, priorityClasses, services, counters, staff, notices, demo } = config;
  return { hall: { id: hall.id, name: hall.name, timezone: hall.timezone, dayResetHour: hall.dayResetHour }, calendar, hours, zones, rules, ratingReasons, priorityClasses, services, counters, staff, notices, demo };
}

