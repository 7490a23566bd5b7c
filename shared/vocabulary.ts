// The words every screen says, in one place: the counter ("3号窗口"), the call, the five rating levels,
// ticket and counter states, "no counter open". The hub (voice, paper, LED text, messages) and the
// browser terminals take them from here, so a wording changes once and a board, a ticket, the voice
// and a phone never disagree. Chinese first (zh-CN), English for anything the public sees. Pure data and
// string functions: no Node APIs, no DOM. A page's own words stay in its dictionary; only what more than
// one part says lives here. Placeholders are `{name}`, filled by each dictionary's translator.

export interface Words {
  readonly zh: string;
  readonly en: string;
}

/** The noun after a counter's number: "3号窗口". */
const COUNTER_NOUN_ZH = '号窗口';

/** A counter as a label (a board line, a settings row, a counter with no name), with its number's
 * placeholder named `key`: "{counter}号窗口" / "Counter {counter}". */
export function counterLabel(key = 'counter'): Words {
  return { zh: `{${key}}${COUNTER_NOUN_ZH}`, en: `Counter {${key}}` };
}

/**
 * A counter inside a sentence ("请到 3 号窗口" / "go to counter 3"): Chinese text sets a number apart
 * from the characters around it with spaces; English lowercases the noun mid-sentence.
 */
export function counterInSentence(key = 'counter'): Words {
  return { zh: `{${key}} ${COUNTER_NOUN_ZH}`, en: `counter {${key}}` };
}

/** A counter's label filled in: "3号窗口" / "Counter 3". */
export function counterWords(id: string): Words {
  return { zh: `${id}${COUNTER_NOUN_ZH}`, en: `Counter ${id}` };
}

/** The default line of an LED screen for a call: "A001 请到3号窗口" (the config may replace it). */
export const BOARD_CALL_LINE_ZH = `{number} 请到{counter}${COUNTER_NOUN_ZH}`;

/** The call as the hall hears and reads it: "请 A001 号到 3 号窗口办理". */
export function callSentence(number: string, counterId: string): Words {
  return {
    zh: `${SPOKEN_CALL_ZH.please} ${number} ${SPOKEN_CALL_ZH.number}${SPOKEN_CALL_ZH.to} ${counterId} ${SPOKEN_CALL_ZH.counter}${SPOKEN_CALL_ZH.handle}`,
    en: `Number ${number.split('').join(' ')}, please go to counter ${counterId}`,
  };
}

/**
 * The spoken parts of a Chinese call, in order, as the voice records them (one clip each, the ticket
 * and counter numbers read between them): 请 A001 号 到 3 号窗口 办理.
 */
export const SPOKEN_CALL_ZH = { please: '请', number: '号', to: '到', counter: COUNTER_NOUN_ZH, handle: '办理' } as const;

/** The spoken parts of an English call: "Number A 0 0 1, please go to counter 3". */
export const SPOKEN_CALL_EN = { number: 'Number', goTo: 'please go to counter' } as const;

export type RatingScore = 1 | 2 | 3 | 4 | 5;

/** The national five levels of satisfaction (好差评), best first. */
export const RATING_LEVELS: readonly (Words & { score: RatingScore })[] = [
  { score: 5, zh: '非常满意', en: 'Very satisfied' },
  { score: 4, zh: '满意', en: 'Satisfied' },
  { score: 3, zh: '基本满意', en: 'Fairly satisfied' },
  { score: 2, zh: '不满意', en: 'Dissatisfied' },
  { score: 1, zh: '非常不满意', en: 'Very dissatisfied' },
];

/** The levels that count as satisfied in 满意率 ((5+4+3) / rated), as a Chinese sum: the top three levels joined with +. */
export const SATISFIED_LEVELS_ZH = RATING_LEVELS.filter((l) => l.score >= 3)
  .map((l) => l.zh)
  .join('+');

/** A level's words by score (1–5); undefined for anything else. */
export function ratingWords(score: number): Words | undefined {
  return RATING_LEVELS.find((l) => l.score === score);
}

/** A ticket's state as the citizen reads it. */
export const TICKET_STATE: Readonly<Record<'waiting' | 'called' | 'serving' | 'held' | 'done' | 'no-show' | 'cancelled', Words>> = {
  waiting: { zh: '等候中', en: 'Waiting' },
  called: { zh: '已叫号', en: 'Called' },
  serving: { zh: '办理中', en: 'Being served' },
  held: { zh: '已挂起', en: 'On hold' },
  done: { zh: '已办结', en: 'Done' },
  'no-show': { zh: '已过号', en: 'Missed (no-show)' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

/** A counter's state as screens show it. */
export const COUNTER_STATE: Readonly<Record<'closed' | 'idle' | 'calling' | 'serving' | 'paused', Words>> = {
  closed: { zh: '未开放', en: 'Closed' },
  idle: { zh: '空闲', en: 'Idle' },
  calling: { zh: '呼叫中', en: 'Calling' },
  serving: { zh: '办理中', en: 'Serving' },
  paused: { zh: '暂停服务', en: 'Paused' },
};

/** What terminals say when no counter serves a service now: the one wording on screen, paper, phone and dashboard. */
export const NO_COUNTER_OPEN_WORDS: Words = { zh: '暂无窗口办理', en: 'No counter open' };

/** A ticket's priority as its badge says it, on the kiosk's screen and the citizen's phone (a normal ticket has none). */
export const PRIORITY_MARK: Readonly<Record<'green' | 'appointment' | 'vip', Words>> = {
  green: { zh: '绿色通道', en: 'Green channel' },
  appointment: { zh: '预约', en: 'Appointment' },
  vip: { zh: '优先', en: 'Priority' },
};

/** What a terminal says while its link to the hub comes up: the kiosk, the hall display and the rating pad alike. */
export const CONNECTING_WORDS: Words = { zh: '正在连接服务器…', en: 'Connecting to the hub…' };
