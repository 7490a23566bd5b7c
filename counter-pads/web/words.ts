// The rating pad's words, Chinese first. Level names are the national 政务服务"好差评" ones; reasons
// come from the hall's config (view.ratingReasons) and are shown with pick().
import { makeT, type Dict } from '../../ui/i18n.js';
import { counterInSentence, counterLabel, RATING_LEVELS, type RatingScore } from '../../shared/vocabulary.js';

const dict = {
  title: { zh: '服务评价', en: 'Rate our service' },
  noToken: { zh: '缺少设备令牌：请用 /pad?token=… 打开本页', en: 'No device token: open this page as /pad?token=…' },
  connecting: { zh: '正在连接服务器…', en: 'Connecting to the hub…' },
  noCounter: { zh: '此设备未绑定窗口，请在大厅配置中为评价器指定窗口。', en: 'This device is not bound to a counter: give the pad a counter in the hall config.' },
  unknownCounter: { zh: `未找到 ${counterInSentence('id').zh}`, en: `${counterLabel('id').en} not found` },
  // idle: the staff card (亮身份) and the number at this counter
  staffBadge: { zh: '工作人员', en: 'Staff' },
  staffNo: { zh: '工号', en: 'Staff no.' },
  nowCalling: { zh: '正在呼叫', en: 'Now calling' },
  nowServing: { zh: '正在办理', en: 'Now serving' },
  noTicket: { zh: '当前号码', en: 'Current number' },
  none: { zh: '暂无', en: 'None' },
  counterClosed: { zh: '本窗口暂未开放', en: 'This counter is closed' },
  counterPaused: { zh: '暂停服务', en: 'Paused' },
  idleHint: { zh: '办理结束后，请您对本次服务作出评价', en: 'When you are done, please rate our service' },
  // rating
  rateTitle: { zh: '请您对本次服务作出评价', en: 'How was our service today?' },
  rateFor: { zh: '号码 {number}', en: 'Ticket {number}' },
  items: { zh: '分项评价（选填）', en: 'In detail (optional)' },
  chooseLevel: { zh: '请先点选总体评价', en: 'Choose your overall rating' },
  itemsShort: { zh: '分项评价（选填）', en: 'In detail (optional)' },
  efficiency: { zh: '服务效率', en: 'Efficiency' },
  skill: { zh: '服务水平', en: 'Competence' },
  attitude: { zh: '服务态度', en: 'Attitude' },
  reasonsTitle: { zh: '很抱歉没有让您满意，请选择原因（至少一项）', en: 'Sorry! Please tell us why (at least one)' },
  reasonRequired: { zh: '请至少选择一项原因', en: 'Choose at least one reason' },
  comment: { zh: '其他意见（选填）', en: 'Anything else? (optional)' },
  submit: { zh: '提交评价', en: 'Send' },
  back: { zh: '重新选择', en: 'Change' },
  sending: { zh: '正在提交…', en: 'Sending…' },
  backIn: { zh: '{n} 秒后返回', en: 'Back in {n} s' },
  thanks: { zh: '感谢您的评价！', en: 'Thank you for your feedback!' },
  thanksGood: { zh: '欢迎您再次光临', en: 'We look forward to serving you again' },
  thanksBad: { zh: '我们将认真核实并整改', en: 'We will look into it and put it right' },
  retry: { zh: '请重试', en: 'Please try again' },
} satisfies Dict;

export const t = makeT(dict);

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
