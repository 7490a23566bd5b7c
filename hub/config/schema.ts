// The hall config file format (JSON or YAML). Every field is documented in docs/hall-config.md.
// The schema is the single source of truth: the engine works on the parsed type, the API validates
// dashboard edits with it, and the OpenAPI document is generated from it.
import { z } from 'zod';
// The schema parses into the engine's domain types (each schema below `satisfies` its type, so the two
// cannot drift apart); the names re-exported here are the same types for config-side code.
import type { Counter, HallModel, Notice, PolicyName, PriorityClass, PriorityClassInfo, Rules as DomainRules, Service, StaffMember } from '../engine/domain.js';
import { splitFamily } from '../../devices/driver.js';
import { safeParseAddress } from '../../devices/transport/address.js';
import { boardTextsSchema, DEFAULT_BOARD_TEXTS } from '../../display-board/content.js';
import { safeText } from '../security/safe-text.js';
import { DEFAULT_HTTP, httpSchema, tlsSchema } from '../security/config.js';

const id = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, "_", "." or "-" only');

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time as HH:MM, e.g. 09:00');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** Chinese first; English optional (falls back to Chinese). */
export const localText = z.object({
  zh: safeText(z.string().min(1).max(200)),
  en: safeText(z.string().min(1).max(200)).optional(),
});

const hoursFields = {
  /** ISO weekdays the hall opens: 1 = Monday … 7 = Sunday. Holidays and make-up days are in `calendar`. */
  days: z.array(z.number().int().min(1).max(7)).min(1),
  open: clock,
  close: clock,
  /** Lunch break: no tickets are issued in it. `null` for halls that stay open at noon. */
  lunch: z.object({ start: clock, end: clock }).nullable(),
  /** Tickets stop this many minutes before closing, so everyone issued can still be served. */
  stopIssuingBeforeCloseMin: z.number().int().min(0).max(600),
};

/** Problems with a set of opening hours, as messages. */
export function hoursProblems(h: { open: string; close: string; lunch: { start: string; end: string } | null }): string[] {
  const problems: string[] = [];
  if (h.open >= h.close) problems.push('"open" must be before "close"');
  else if (h.lunch && !(h.open <= h.lunch.start && h.lunch.start < h.lunch.end && h.lunch.end <= h.close))
    problems.push('the lunch break must lie inside the opening hours');
  return problems;
}

export const hoursSchema = z
  .object({
    days: hoursFields.days.default([1, 2, 3, 4, 5]),
    open: hoursFields.open.default('09:00'),
    close: hoursFields.close.default('17:00'),
    lunch: hoursFields.lunch.default({ start: '12:00', end: '13:30' }),
    stopIssuingBeforeCloseMin: hoursFields.stopIssuingBeforeCloseMin.default(30),
  })
  .superRefine((h, ctx) => {
    for (const message of hoursProblems(h)) ctx.addIssue({ code: 'custom', message });
  });
export type Hours = z.infer<typeof hoursSchema>;

/** A service's own hours: each field given replaces the hall's, the rest are the hall's. */
export const serviceHoursSchema = z.object(hoursFields).partial();

export type { PolicyName, PriorityClass };

export const priorityClass = z.enum(['normal', 'green', 'appointment', 'vip']) satisfies z.ZodType<PriorityClass>;

export const priorityClassSchema = z.object({
  id: priorityClass,
  name: localText,
  /** Who qualifies, shown at the kiosk's green-channel entry. */
  description: localText.optional(),
  /** A class that is off cannot be issued (PRIORITY_UNAVAILABLE). "normal" is always on. */
  enabled: z.boolean().default(true),
}) satisfies z.ZodType<PriorityClassInfo>;
export type PriorityClassConfig = z.infer<typeof priorityClassSchema>;

export const DEFAULT_PRIORITY_CLASSES: z.input<typeof priorityClassSchema>[] = [
  { id: 'normal', name: { zh: '普通', en: 'Normal' } },
  {
    id: 'green',
    name: { zh: '绿色通道', en: 'Green channel' },
    description: { zh: '70岁以上老人、残疾人、孕妇、现役军人及消防救援人员', en: 'Over 70, disabled, pregnant, service members' },
  },
  { id: 'appointment', name: { zh: '预约', en: 'Appointment' }, description: { zh: '网上预约，在预约时段内优先办理', en: 'Booked online: served first around the booked slot' } },
  { id: 'vip', name: { zh: '优先', en: 'Priority' }, enabled: false },
];

export const policyName = z.enum(['standard', 'longest-wait']) satisfies z.ZodType<PolicyName>;

export const serviceSchema = z.object({
  id,
  /** Letters printed before the sequence: "A" gives A001. */
  prefix: z.string().regex(/^[A-Z]{1,2}$/, 'one or two capital letters'),
  name: localText,
  department: safeText(z.string().min(1).max(80)),
  /** The department's name in English, shown in English mode (without it the department is not shown in English). */
  departmentEn: safeText(z.string().min(1).max(80)).optional(),
  zone: id,
  /** Overrides some or all of the hall's hours for this service (fields left out are the hall's). */
  hours: serviceHoursSchema.optional(),
  /** Tickets per business day; omit for no limit. */
  dailyQuota: z.number().int().positive().optional(),
  /** A wait longer than this is an alert on the dashboard. */
  targetWaitMin: z.number().int().positive().default(20),
  /** Service time used for estimates until real ones have been measured. */
  typicalServiceMin: z.number().positive().max(240).default(10),
  /** What to bring (一次性告知), printed on the ticket. */
  note: localText.optional(),
  /** Digits of the daily sequence: 3 gives A001…A999. */
  digits: z.number().int().min(2).max(5).default(3),
  /**
   * When the sequence passes the last number: "widen" continues A1000 (no number ever repeats in a day),
   * "wrap" starts again at A001 skipping numbers still in use, "refuse" stops issuing (reason QUOTA_REACHED).
   */
  onOverflow: z.enum(['widen', 'wrap', 'refuse']).default('widen'),
  enabled: z.boolean().default(true),
}) satisfies z.ZodType<Service>;
export type ServiceConfig = z.infer<typeof serviceSchema>;

export const counterSchema = z.object({
  /** The counter number the public sees: "3" in "go to counter 3". */
  id: z.string().regex(/^[1-9]\d{0,3}$/, 'a counter number such as "3"'),
  name: localText.optional(),
  zone: id,
  /** Services served here; a lower rank is served first (1 = main service). */
  services: z.array(z.object({ service: id, rank: z.number().int().min(1).max(99).default(1) })).min(1),
  /** Overrides the hall's ordering policy for this counter. */
  policy: policyName.optional(),
}) satisfies z.ZodType<Counter>;
export type CounterConfig = z.infer<typeof counterSchema>;

/** scrypt$N$r$p$salt(base64)$hash(base64), as printed by `hall hash-secret`. */
const secretHash = z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'a hash made by `hall hash-secret`');

export const staffSchema = z.object({
  no: z.string().regex(/^\d{3,10}$/, 'a staff number (工号) of 3–10 digits'),
  name: safeText(z.string().min(1).max(40)),
  photo: z.string().max(300).optional(),
  pinHash: secretHash,
  /** The colleague who covers (AB角). */
  backup: z.string().optional(),
}) satisfies z.ZodType<StaffMember>;
export type StaffConfig = z.infer<typeof staffSchema>;

export const managerSchema = z.object({
  username: z.string().regex(/^[a-z][a-z0-9_.-]{2,31}$/, 'a lower-case user name of 3–32 characters'),
  name: safeText(z.string().min(1).max(40)),
  passwordHash: secretHash,
});

/** booking: the hall's booking system (预约系统), which feeds appointments over the API with its token. */
export const deviceKind = z.enum(['kiosk', 'display', 'pad', 'printer', 'board', 'keypad', 'agent', 'booking']);
export type DeviceKind = z.infer<typeof deviceKind>;

export const deviceSchema = z
  .object({
    id,
    kind: deviceKind,
    name: safeText(z.string().max(80)).optional(),
    /** The device's name in English, shown in English mode. */
    nameEn: safeText(z.string().max(80)).optional(),
    zone: id.optional(),
    /** The counter a pad, keypad or window screen belongs to. */
    counter: z.string().optional(),
    /** The kiosk a ticket printer prints for. */
    kiosk: id.optional(),
    /**
     * Screens, pads or keypads sharing this device's line (one RS-485 bus, one converter): each by its
     * bus address (`unit`), with the counter it stands at (none: a zone's or the hall's board).
     */
    units: z
      .array(z.object({ unit: z.number().int().min(0).max(255), counter: z.string().optional(), name: safeText(z.string().max(80)).optional() }))
      .max(255)
      .optional(),
    /**
     * How the device is reached (serial:, tcp://, usb://, hid://, file:), with an optional driver family
     * (`?family=escpos`); terminals that connect in have none.
     */
    address: z.string().max(300).optional(),
    /** Settings for the device's driver family (a HID pad's key map, a vendor pad's report map): see the family's README. */
    options: z.record(z.string(), z.unknown()).optional(),
    /** The agent (a device of kind "agent") that drives this device on the PC it is plugged into; without it the hub drives it. */
    agent: id.optional(),
    /** sha256 of the device's token, as printed by `hall hash-secret --token`. */
    tokenSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    /** The token itself; only for the demo hall or a bench, prefer tokenSha256. */
    token: z.string().min(8).max(200).optional(),
  });
export type DeviceConfig = z.infer<typeof deviceSchema>;

/** A notice (公告) for the boards' scrolling line. */
export const noticeSchema = z.object({
  id,
  text: localText,
  /** The zones whose boards show it; empty or absent: every board. */
  zones: z.array(id).optional(),
  enabled: z.boolean().default(true),
}) satisfies z.ZodType<Notice>;
export type NoticeConfig = z.infer<typeof noticeSchema>;

export const rulesSchema = z.object({
  policy: policyName.default('standard'),
  /** Standard policy: of every priority + normal calls where both wait, this many go to each class. */
  priorityRatio: z.object({ priority: z.number().int().min(1).max(20), normal: z.number().int().min(1).max(20) }).default({ priority: 2, normal: 1 }),
  /** An appointment is due from this many minutes before its slot … */
  appointmentEarlyMin: z.number().int().min(0).max(120).default(10),
  /** … to this many minutes after it; outside that it queues as a normal ticket. */
  appointmentLateMin: z.number().int().min(0).max(240).default(15),
  maxRecalls: z.number().int().min(0).max(10).default(3),
  /** A no-show who comes back goes this many places back in the queue (过号顺延). */
  requeueBack: z.number().int().min(0).max(50).default(3),
  /** How many times one ticket may be re-queued. */
  maxRequeues: z.number().int().min(0).max(10).default(2),
  /** Calling the next while serving one finishes the one being served. */
  callNextFinishesServing: z.boolean().default(true),
  /** Finished tickets per service averaged for the estimated wait. */
  estimateWindow: z.number().int().min(1).max(500).default(20),
  /** A rating is taken up to this many minutes after the ticket is finished; after that it is "not rated". */
  ratingWindowMin: z.number().int().min(1).max(24 * 60).default(10),
}) satisfies z.ZodType<DomainRules>;
export type Rules = z.infer<typeof rulesSchema>;

export const hallConfigSchema = z
  .object({
    hall: z.object({
      id,
      name: localText,
      /** IANA time zone the hours are read in. */
      timezone: z.string().default('Asia/Shanghai'),
      /** Local hour the daily sequences start again (before anyone arrives). */
      dayResetHour: z.number().int().min(0).max(23).default(3),
      /**
       * The address citizens' phones open from a ticket's QR code (the tracking page), e.g. the hall's
       * Wi-Fi address of the hub or a public name for it. Without it: the address the kiosk reached the hub at.
       */
      publicUrl: z
        .string()
        .url()
        .max(200)
        .regex(/^https?:\/\//, 'an http:// or https:// address')
        .optional(),
    }),
    calendar: z
      .object({
        /**
         * ISO weekdays that are legal working days (工作日), 1 = Monday … 7 = Sunday: what "15 working days"
         * counts. Independent of `hours.days`, which only says when tickets are issued.
         */
        workingDays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
        /** Public holidays on weekdays: closed. */
        holidays: z.array(isoDate).default([]),
        /** Make-up working days (调休) on weekends: open. */
        extraWorkdays: z.array(isoDate).default([]),
        /**
         * A holiday file the hall keeps up to date (docs/calendar.md), relative to the config file: its
         * dates are added to `holidays` and `extraWorkdays` when the config file is loaded.
         */
        file: z.string().min(1).max(300).optional(),
      })
      .default({ workingDays: [1, 2, 3, 4, 5], holidays: [], extraWorkdays: [] }),
    /** Staffing advice (Erlang C, docs/staffing.md): the share of citizens that should wait less than the target. */
    staffing: z
      .object({
        /** Share of citizens (0–1) who should be called within targetWaitMin. */
        targetShare: z.number().gt(0).lt(1).default(0.8),
        targetWaitMin: z.number().positive().max(600).default(20),
        /** Past weeks whose same weekday and half-hour feed the advice. */
        weeks: z.number().int().min(1).max(52).default(8),
      })
      .default({ targetShare: 0.8, targetWaitMin: 20, weeks: 8 }),
    hours: hoursSchema.default({ days: [1, 2, 3, 4, 5], open: '09:00', close: '17:00', lunch: { start: '12:00', end: '13:30' }, stopIssuingBeforeCloseMin: 30 }),
    zones: z.array(z.object({ id, name: localText })).min(1),
    rules: rulesSchema.default(rulesSchema.parse({})),
    /** Reasons a citizen can pick for 不满意 / 非常不满意 (one is required for a 1–2 rating). */
    ratingReasons: z
      .array(z.object({ id, name: localText }))
      .min(1)
      .default([
        { id: 'long-wait', name: { zh: '等候时间长', en: 'Long wait' } },
        { id: 'slow', name: { zh: '办事效率低', en: 'Slow service' } },
        { id: 'attitude', name: { zh: '服务态度差', en: 'Poor attitude' } },
        { id: 'unskilled', name: { zh: '业务不熟练', en: 'Did not know the rules' } },
        { id: 'unclear', name: { zh: '材料要求不清楚', en: 'Unclear about documents' } },
        { id: 'repeat-visits', name: { zh: '多次跑腿', en: 'Had to come back again' } },
        { id: 'other', name: { zh: '其他', en: 'Other' } },
      ]),
    /** The priority classes this hall offers, with their names; the four ids are fixed. */
    priorityClasses: z.array(priorityClassSchema).default(DEFAULT_PRIORITY_CLASSES.map((c) => priorityClassSchema.parse(c))),
    services: z.array(serviceSchema).min(1),
    counters: z.array(counterSchema).min(1),
    staff: z.array(staffSchema).default([]),
    managers: z.array(managerSchema).default([]),
    devices: z.array(deviceSchema).default([]),
    /** Notices (公告) scrolled along the bottom of the hall's boards. */
    notices: z.array(noticeSchema).default([]),
    /**
     * Where ratings are reported upstream (the provincial 好差评 platform), if anywhere: each rating and
     * each "not rated" is POSTed as JSON with an Idempotency-Key; the bearer token is read from the
     * environment variable named in tokenEnv, never stored in the config.
     */
    ratingUpload: z
      .object({
        url: z.url({ protocol: /^https?$/ }),
        tokenEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
        timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
        retryBaseMs: z.number().int().min(10).max(3_600_000).default(5_000),
        retryMaxMs: z.number().int().min(10).max(86_400_000).default(600_000),
      })
      .optional(),
    /**
     * The city's central service this hall ships its event log to (docs/city.md): its address and the
     * hall's upload token from `hall central add-hall`. HALL_CENTRAL_URL / HALL_CENTRAL_TOKEN override
     * both (prefer the environment for the token); the token never leaves the hub's API or its events.
     */
    central: z
      .object({
        url: z.url({ protocol: /^https?$/ }),
        token: z.string().min(16).max(200).optional(),
      })
      .optional(),
    /**
     * The hub's own nightly backup (docs/backup.md): into `dir` (relative: to the data directory) at `at`
     * (hall time), the newest `keep` kept. Always on; a failed backup is an alert.
     */
    backup: z
      .object({
        dir: z.string().min(1).max(500).default('backups'),
        keep: z.number().int().min(1).max(365).default(14),
        at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM').default('02:30'),
      })
      .default({ dir: 'backups', keep: 14, at: '02:30' }),
    /**
     * Closed periods move out of the live file into read-only archive files (data/archive/2025.sqlite),
     * which reports and `hall verify` still read: once a year (or month) has ended and `keepLiveMonths`
     * more months have passed.
     */
    archive: z
      .object({ period: z.enum(['year', 'month', 'off']).default('year'), keepLiveMonths: z.number().int().min(0).max(120).default(1) })
      .default({ period: 'year', keepLiveMonths: 1 }),
    /** The LED call boards' words, colours and sizes (display-board/content.ts; docs/hall-config.md). */
    boards: boardTextsSchema.default(DEFAULT_BOARD_TEXTS),
    /** Origins allowed besides the hub's own, and trusted reverse proxies (docs/security.md). */
    http: httpSchema.default(DEFAULT_HTTP),
    /** HTTPS: the hall's certificate and key files, or a self-signed one (docs/security.md). */
    tls: tlsSchema.optional(),
    /** Marks the built-in demo hall: its well-known credentials work only when this is true. */
    demo: z.boolean().default(false),
  })
  // A misspelt top-level key ("serivces") is an error, not a silently ignored section.
  .strict()
  .superRefine((c, ctx) => {
    const dup = (list: string[], path: string, field?: string) => {
      const seen = new Set<string>();
      list.forEach((v, i) => {
        if (seen.has(v)) ctx.addIssue({ code: 'custom', path: field ? [path, i, field] : [path, i], message: `"${v}" appears twice` });
        seen.add(v);
      });
    };
    dup(c.services.map((s) => s.id), 'services', 'id');
    dup(c.services.map((s) => s.prefix), 'services', 'prefix');
    dup(c.counters.map((s) => s.id), 'counters', 'id');
    dup(c.staff.map((s) => s.no), 'staff', 'no');
    dup(c.managers.map((s) => s.username), 'managers', 'username');
    dup(c.devices.map((s) => s.id), 'devices', 'id');
    dup(c.priorityClasses.map((p) => p.id), 'priorityClasses', 'id');
    dup(c.notices.map((n) => n.id), 'notices', 'id');
    const zones = new Set(c.zones.map((z) => z.id));
    const services = new Set(c.services.map((s) => s.id));
    const counters = new Set(c.counters.map((s) => s.id));
    c.services.forEach((s, i) => {
      if (!zones.has(s.zone)) ctx.addIssue({ code: 'custom', path: ['services', i, 'zone'], message: `unknown zone "${s.zone}"` });
      if (s.hours)
        for (const message of hoursProblems({ ...c.hours, ...s.hours }))
          ctx.addIssue({ code: 'custom', path: ['services', i, 'hours'], message: `with the hall's hours: ${message}` });
    });
    for (const [key, list] of [['holidays', c.calendar.holidays], ['extraWorkdays', c.calendar.extraWorkdays]] as const)
      list.forEach((d, i) => {
        const t = new Date(`${d}T00:00:00Z`);
        if (Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== d)
          ctx.addIssue({ code: 'custom', path: ['calendar', key, i], message: `"${d}" is not a calendar date` });
      });
    const staffNos = new Set(c.staff.map((s) => s.no));
    c.staff.forEach((s, i) => {
      if (s.backup !== undefined && (!staffNos.has(s.backup) || s.backup === s.no))
        ctx.addIssue({ code: 'custom', path: ['staff', i, 'backup'], message: `"${s.backup}" is not another staff member's number` });
    });
    c.counters.forEach((k, i) => {
      if (!zones.has(k.zone)) ctx.addIssue({ code: 'custom', path: ['counters', i, 'zone'], message: `unknown zone "${k.zone}"` });
      k.services.forEach((s, j) => {
        if (k.services.findIndex((x) => x.service === s.service) !== j)
          ctx.addIssue({ code: 'custom', path: ['counters', i, 'services', j, 'service'], message: `"${s.service}" is listed twice` });
        if (!services.has(s.service))
          ctx.addIssue({ code: 'custom', path: ['counters', i, 'services', j, 'service'], message: `unknown service "${s.service}"` });
      });
    });
    const served = new Set(c.counters.flatMap((k) => k.services.map((s) => s.service)));
    c.services.forEach((s, i) => {
      if (!served.has(s.id)) ctx.addIssue({ code: 'custom', path: ['services', i], message: `no counter serves "${s.id}": its tickets would never be called` });
    });
    c.notices.forEach((n, i) =>
      n.zones?.forEach((z, j) => {
        if (!zones.has(z)) ctx.addIssue({ code: 'custom', path: ['notices', i, 'zones', j], message: `unknown zone "${z}"` });
      }),
    );
    const agents = new Set(c.devices.filter((d) => d.kind === 'agent').map((d) => d.id));
    c.devices.forEach((d, i) => {
      if (d.zone && !zones.has(d.zone)) ctx.addIssue({ code: 'custom', path: ['devices', i, 'zone'], message: `unknown zone "${d.zone}"` });
      if (d.counter && !counters.has(d.counter))
        ctx.addIssue({ code: 'custom', path: ['devices', i, 'counter'], message: `unknown counter "${d.counter}"` });
      if ((d.kind === 'pad' || d.kind === 'keypad') && !d.counter && !d.units?.length)
        ctx.addIssue({ code: 'custom', path: ['devices', i, 'counter'], message: `a ${d.kind} belongs to a counter: give "counter" (or "units", one per counter on its bus)` });
      d.units?.forEach((u, j) => {
        if (d.units!.findIndex((x) => x.unit === u.unit) !== j)
          ctx.addIssue({ code: 'custom', path: ['devices', i, 'units', j, 'unit'], message: `bus address ${u.unit} is used twice` });
        if (u.counter !== undefined && !counters.has(u.counter))
          ctx.addIssue({ code: 'custom', path: ['devices', i, 'units', j, 'counter'], message: `unknown counter "${u.counter}"` });
        if ((d.kind === 'pad' || d.kind === 'keypad') && u.counter === undefined)
          ctx.addIssue({ code: 'custom', path: ['devices', i, 'units', j, 'counter'], message: `a ${d.kind} belongs to a counter: give "counter"` });
      });
      if (d.units && !['board', 'pad', 'keypad'].includes(d.kind))
        ctx.addIssue({ code: 'custom', path: ['devices', i, 'units'], message: 'only boards, pads and keypads share a bus' });
      if (d.kiosk !== undefined) {
        if (d.kind !== 'printer') ctx.addIssue({ code: 'custom', path: ['devices', i, 'kiosk'], message: 'only a printer prints for a kiosk' });
        else if (!c.devices.some((k) => k.id === d.kiosk && k.kind === 'kiosk'))
          ctx.addIssue({ code: 'custom', path: ['devices', i, 'kiosk'], message: `"${d.kiosk}" is not a device of kind "kiosk"` });
      }
      // Pages and agents connect in with a token; a pad or keypad with an address is driven (by the hub or an agent).
      if ((['kiosk', 'display', 'agent', 'booking'].includes(d.kind) || ((d.kind === 'pad' || d.kind === 'keypad') && !d.address)) && !d.token && !d.tokenSha256)
        ctx.addIssue({ code: 'custom', path: ['devices', i], message: `${d.kind === 'agent' ? 'an' : 'a'} ${d.kind} connects to the hub and needs "tokenSha256" (or "token")` });
      if (d.address !== undefined) {
        const r = safeParseAddress(splitFamily(d.address).transport);
        if (!r.ok) ctx.addIssue({ code: 'custom', path: ['devices', i, 'address'], message: r.error.message });
      }
      if (d.kind === 'agent' && d.address !== undefined)
        ctx.addIssue({ code: 'custom', path: ['devices', i, 'address'], message: 'an agent connects to the hub: it has no "address" (give it to the devices it hosts)' });
      if (d.agent !== undefined) {
        if (d.kind === 'agent') ctx.addIssue({ code: 'custom', path: ['devices', i, 'agent'], message: 'an agent cannot be hosted by another agent' });
        else if (!agents.has(d.agent)) ctx.addIssue({ code: 'custom', path: ['devices', i, 'agent'], message: `"${d.agent}" is not a device of kind "agent"` });
        if (d.address === undefined) ctx.addIssue({ code: 'custom', path: ['devices', i, 'address'], message: 'a device hosted by an agent needs "address" (how the agent reaches it)' });
      }
    });
  }) satisfies z.ZodType<HallModel>;

export type HallConfig = z.infer<typeof hallConfigSchema>;
export type HallConfigInput = z.input<typeof hallConfigSchema>;
