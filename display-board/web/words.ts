// The hall display's words, Chinese first. Hall, zone, counter and service names come from the hub's
// config and are shown with pick(); these are the page's own.
import { hallDate } from '../../ui/hall-time.js';
import { makeT, type Dict } from '../../ui/i18n.js';
import { counterInSentence, counterLabel } from '../../shared/vocabulary.js';

const dict = {
  nowCalling: { zh: '正在呼叫', en: 'Now calling' },
  recall: { zh: '重呼', en: 'Recall' },
  // The call sentence, laid out: {number} and {counter} are drawn larger, see callParts().
  callLine: { zh: '请 {number} 号 到 {counter} 办理', en: 'Ticket {number}, please go to {counter}' },
  callCounter: { zh: counterLabel('id').zh, en: counterInSentence('id').en },
  noCall: { zh: '请留意叫号', en: 'Please wait for your number' },
  recentCalls: { zh: '最近叫号', en: 'Recent calls' },
  noRecent: { zh: '暂无叫号', en: 'No calls yet' },
  counters: { zh: '窗口状态', en: 'Counters' },
  waiting: { zh: '等候人数', en: 'Waiting' },
  waitingN: { zh: '{n}人', en: '{n}' },
  allZones: { zh: '全部区域', en: 'Whole hall' },
  unknownZone: { zh: '未知区域 {zone}', en: 'Unknown zone {zone}' },
  noToken: { zh: '缺少设备令牌：请用 /display?token=… 打开本页', en: 'No device token: open this page as /display?token=…' },
  connecting: { zh: '正在连接服务器…', en: 'Connecting to the hub…' },
  notice: {
    zh: '欢迎来到政务服务中心。请取号后留意屏幕和语音叫号，过号请到窗口说明情况。办事请带齐材料，如有疑问请咨询导办台。办理结束后请对我们的服务作出评价，感谢您的支持！',
    en: 'Welcome. After taking a number, please watch the screen and listen for your call; if you missed it, tell the counter. Bring all your documents; ask at the help desk if in doubt. Please rate our service when you are done. Thank you!',
  },
  weekday0: { zh: '星期日', en: 'Sun' },
  weekday1: { zh: '星期一', en: 'Mon' },
  weekday2: { zh: '星期二', en: 'Tue' },
  weekday3: { zh: '星期三', en: 'Wed' },
  weekday4: { zh: '星期四', en: 'Thu' },
  weekday5: { zh: '星期五', en: 'Fri' },
  weekday6: { zh: '星期六', en: 'Sat' },
  date: { zh: '{y}年{m}月{d}日', en: '{d} {mon} {y}' },
} satisfies Dict;

export const t = makeT(dict);

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
