// The rating pad's words, Chinese first. Level names are the national 政务服务"好差评" ones; reasons
// come from the hall's config (view.ratingReasons) and are shown with pick().
import { defineWords } from '../../ui/words.js';
import { CONNECTING_WORDS, counterInSentence, counterLabel, RATING_LEVELS, type RatingScore } from '../../shared/vocabulary.js';

export const t = defineWords({
  zh: {
    title: '服务评价',
    noToken: '缺少设备令牌：请用 /pad?token=… 打开本页',
    connecting: CONNECTING_WORDS.zh,
    noCounter: '此设备未绑定窗口，请在大厅配置中为评价器指定窗口。',
    unknownCounter: `未找到 ${counterInSentence('id').zh}`,
    // idle: the staff card (亮身份) and the number at this counter
    staffBadge: '工作人员',
    staffNo: '工号',
    nowCalling: '正在呼叫',
    nowServing: '正在办理',
    noTicket: '当前号码',
    none: '暂无',
    counterClosed: '本窗口暂未开放',
    counterPaused: '暂停服务',
    idleHint: '办理结束后，请您对本次服务作出评价',
    // rating
    rateTitle: '请您对本次服务作出评价',
    rateFor: '号码 {number}',
    items: '分项评价（选填）',
    chooseLevel: '请先点选总体评价',
    itemsShort: '分项评价（选填）',
    efficiency: '服务效率',
    skill: '服务水平',
    attitude: '服务态度',
    reasonsTitle: '很抱歉没有让您满意，请选择原因（至少一项）',
    reasonRequired: '请至少选择一项原因',
    comment: '其他意见（选填）',
    submit: '提交评价',
    back: '重新选择',
    sending: '正在提交…',
    backIn: '{n} 秒后返回',
    thanks: '感谢您的评价！',
    thanksGood: '欢迎您再次光临',
    thanksBad: '我们将认真核实并整改',
    retry: '请重试',
  },
  en: {
    title: 'Rate our service',
    noToken: 'No device token: open this page as /pad?token=…',
    connecting: CONNECTING_WORDS.en,
    noCounter: 'This device is not bound to a counter: give the pad a counter in the hall config.',
    unknownCounter: `${counterLabel('id').en} not found`,
    // idle: the staff card (亮身份) and the number at this counter
    staffBadge: 'Staff',
    staffNo: 'Staff no.',
    nowCalling: 'Now calling',
    nowServing: 'Now serving',
    noTicket: 'Current number',
    none: 'None',
    counterClosed: 'This counter is closed',
    counterPaused: 'Paused',
    idleHint: 'When you are done, please rate our service',
    // rating
    rateTitle: 'How was our service today?',
    rateFor: 'Ticket {number}',
    items: 'In detail (optional)',
    chooseLevel: 'Choose your overall rating',
    itemsShort: 'In detail (optional)',
    efficiency: 'Efficiency',
    skill: 'Competence',
    attitude: 'Attitude',
    reasonsTitle: 'Sorry! Please tell us why (at least one)',
    reasonRequired: 'Choose at least one reason',
    comment: 'Anything else? (optional)',
    submit: 'Send',
    back: 'Change',
    sending: 'Sending…',
    backIn: 'Back in {n} s',
    thanks: 'Thank you for your feedback!',
    thanksGood: 'We look forward to serving you again',
    thanksBad: 'We will look into it and put it right',
    retry: 'Please try again',
  },
});

export type Score = RatingScore;

/** The five national levels (好差评), best first: Chinese name, English name, colour (green → red). */
const COLOURS: Record<Score, { bg: string; ink: string }> = {
  5: { bg: '#1b7f3b', ink: '#ffffff' },
  4: { bg: '#5c9e2e', ink: '#ffffff' },
  3: { bg: '#f0c020', ink: '#1d1d1d' },
  2: { bg: '#e06a12', ink: '#ffffff' },
  1: { bg: '#c62828', ink: '#ffffff' },
};
export const LEVELS: { score: Score; zh: string; en: string; bg: string; ink: string }[] = RATING_LEVELS.map((l) => ({ ...l, ...COLOURS[l.score] }));

export const ITEMS = ['efficiency', 'skill', 'attitude'] as const;
export type ItemKey = (typeof ITEMS)[number];
