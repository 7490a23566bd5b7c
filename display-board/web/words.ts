// The hall display's words, Chinese first. Hall, zone, counter and service names come from the hub's
// config and are shown with pick(); these are the page's own.
import { hallDate } from '../../ui/hall-time.js';
import { defineWords } from '../../ui/words.js';
import { CONNECTING_WORDS, counterInSentence, counterLabel } from '../../shared/vocabulary.js';

export const t = defineWords({
  zh: {
    nowCalling: '正在呼叫',
    recall: '重呼',
    // The call sentence, laid out: {number} and {counter} are drawn larger, see callParts().
    callLine: '请 {number} 号 到 {counter} 办理',
    callCounter: counterLabel('id').zh,
    noCall: '请留意叫号',
    recentCalls: '最近叫号',
    noRecent: '暂无叫号',
    counters: '窗口状态',
    waiting: '等候人数',
    waitingN: '{n}人',
    allZones: '全部区域',
    unknownZone: '未知区域 {zone}',
    noToken: '缺少设备令牌：请用 /display?token=… 打开本页',
    connecting: CONNECTING_WORDS.zh,
    notice: '欢迎来到政务服务中心。请取号后留意屏幕和语音叫号，过号请到窗口说明情况。办事请带齐材料，如有疑问请咨询导办台。办理结束后请对我们的服务作出评价，感谢您的支持！',
    weekday0: '星期日',
    weekday1: '星期一',
    weekday2: '星期二',
    weekday3: '星期三',
    weekday4: '星期四',
    weekday5: '星期五',
    weekday6: '星期六',
    date: '{y}年{m}月{d}日',
  },
  en: {
    nowCalling: 'Now calling',
    recall: 'Recall',
    // The call sentence, laid out: {number} and {counter} are drawn larger, see callParts().
    callLine: 'Ticket {number}, please go to {counter}',
    callCounter: counterInSentence('id').en,
    noCall: 'Please wait for your number',
    recentCalls: 'Recent calls',
    noRecent: 'No calls yet',
    counters: 'Counters',
    waiting: 'Waiting',
    waitingN: '{n}',
    allZones: 'Whole hall',
    unknownZone: 'Unknown zone {zone}',
    noToken: 'No device token: open this page as /display?token=…',
    connecting: CONNECTING_WORDS.en,
    notice: 'Welcome. After taking a number, please watch the screen and listen for your call; if you missed it, tell the counter. Bring all your documents; ask at the help desk if in doubt. Please rate our service when you are done. Thank you!',
    weekday0: 'Sun',
    weekday1: 'Mon',
    weekday2: 'Tue',
    weekday3: 'Wed',
    weekday4: 'Thu',
    weekday5: 'Fri',
    weekday6: 'Sat',
    date: '{d} {mon} {y}',
  },
});

/** The call sentence as plain and emphasised parts: [{text}, {text: 'A001', em: 'number'}, …]. */
export function callParts(number: string, counterId: string): { text: string; em?: 'number' | 'counter' }[] {
  const template = t('callLine', { number: '\u0001', counter: '\u0002' });
  return template
    .split(/(\u0001|\u0002)/)
    .filter((x) => x !== '')
    .map((x) => (x === '\u0001' ? { text: number, em: 'number' as const } : x === '\u0002' ? { text: t('callCounter', { id: counterId }), em: 'counter' as const } : { text: x }));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026年11月23日 星期一" / "Mon 23 Nov 2026", in the hall's time. */
export function dateLine(now: number): string {
  const d = hallDate(now);
  const date = t('date', { y: d.getFullYear(), m: d.getMonth() + 1, d: d.getDate(), mon: MONTHS[d.getMonth()]! });
  return `${date} ${t(`weekday${d.getDay()}` as 'weekday0')}`;
}

export function timeLine(now: number): string {
  const d = hallDate(now);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}`;
}
