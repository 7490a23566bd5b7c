// The counter console's words, Chinese first. Hub errors arrive already translated (Accept-Language).
import { makeT, type Dict } from '../ui/i18n.js';

const dict = {
  title: { zh: '窗口工作台', en: 'Counter console' },
  // login
  loginTitle: { zh: '窗口登录', en: 'Counter login' },
  staffNo: { zh: '工号', en: 'Staff number' },
  pin: { zh: '密码', en: 'PIN' },
  counter: { zh: '窗口号', en: 'Counter' },
  login: { zh: '登录', en: 'Log in' },
  loggingIn: { zh: '正在登录…', en: 'Logging in…' },
  retryIn: { zh: '{s} 秒后可重试', en: 'You can try again in {s} s' },
  loggedOut: { zh: '已退出登录', en: 'Logged out' },
  sessionEnded: { zh: '登录已失效，请重新登录', en: 'Your session has ended: log in again' },
  // why the session ended (the hub's reason code): shown on the login screen
  'ended-elsewhere': { zh: '您的工号已在其他窗口登录，本窗口已退出', en: 'You logged in at another counter, so you were signed out here' },
  'ended-taken-over': { zh: '其他工作人员已在本窗口登录，您已退出', en: 'A colleague logged in at this counter, so you were signed out' },
  'ended-logged-out': { zh: '本窗口已在其他页面退出登录', en: 'This counter was logged out in another window' },
  'ended-day-ended': { zh: '今日办理已结束，窗口已关闭，请重新登录', en: "The day's business has ended and the counter closed: log in again" },
  'ended-expired': { zh: '登录已超时，请重新登录', en: 'Your session has expired: log in again' },
  'ended-pin-changed': { zh: '管理员已重设您的密码，请用新密码登录', en: 'A manager changed your PIN: log in with the new one' },
  'ended-removed': { zh: '管理员已将您的工号移出本大厅', en: 'A manager removed your staff number from this hall' },
  fillAll: { zh: '请填写工号、密码和窗口号', en: 'Enter the staff number, PIN and counter' },
  // header
  logout: { zh: '退出', en: 'Log out' },
  staff: { zh: '{name}（工号 {no}）', en: '{name} (no. {no})' },
  pausedWith: { zh: '暂停服务：{reason}', en: 'Paused: {reason}' },
  // actions
  call: { zh: '呼叫下一位', en: 'Call next' },
  callFinish: { zh: '办结并呼叫下一位', en: 'Finish & call next' },
  recall: { zh: '重呼', en: 'Recall' },
  skip: { zh: '过号', en: 'No-show' },
  start: { zh: '开始办理', en: 'Start' },
  finish: { zh: '办结', en: 'Finish' },
  transfer: { zh: '转移', en: 'Transfer' },
  hold: { zh: '挂起', en: 'Hold' },
  callNumber: { zh: '特呼', en: 'Call a number' },
  pause: { zh: '暂停', en: 'Pause' },
  resume: { zh: '恢复服务', en: 'Resume' },
  // current ticket
  current: { zh: '当前号', en: 'Ticket in hand' },
  noTicket: { zh: '无', en: 'None' },
  tCalled: { zh: '已呼叫，等待到场', en: 'Called, waiting for the citizen' },
  tServing: { zh: '办理中', en: 'Being served' },
  waited: { zh: '等候', en: 'Waited' },
  sinceCall: { zh: '呼叫后', en: 'Since call' },
  sinceStart: { zh: '办理', en: 'Serving' },
  recalls: { zh: '重呼 {n} 次', en: 'Recalls: {n}' },
  recallsMax: { zh: '重呼 {n}/{max} 次', en: 'Recalls: {n} of {max}' },
  transferred: { zh: '转入', en: 'Transferred' },
  requeued: { zh: '顺延', en: 'Re-queued' },
  issuedAt: { zh: '取号 {time}', en: 'Issued {time}' },
  idleHint: { zh: '按 F1 或空格呼叫下一位', en: 'Press F1 or Space to call the next citizen' },
  pausedHint: { zh: '按 F9 恢复服务', en: 'Press F9 to resume' },
  nobodyWaiting: { zh: '当前没有人等候', en: 'Nobody is waiting' },
  inState: { zh: '已 {t}', en: 'for {t}' },
  // lists
  today: { zh: '今日', en: 'Today' },
  served: { zh: '已办结', en: 'Served' },
  satisfaction: { zh: '满意率', en: 'Satisfaction' },
  rated: { zh: '评价 {n}', en: '{n} rated' },
  waiting: { zh: '等候中', en: 'Waiting' },
  inCallOrder: { zh: '按呼叫顺序排列：第一位是下一位', en: 'In call order: the first is called next' },
  held: { zh: '挂起', en: 'On hold' },
  noShow: { zh: '过号', en: 'No-shows' },
  none: { zh: '暂无', en: 'None' },
  resumeHeld: { zh: '恢复', en: 'Resume' },
  requeue: { zh: '顺延', en: 'Re-queue' },
  callBack: { zh: '回呼', en: 'Call back' },
  callThis: { zh: '特呼', en: 'Call' },
  toMe: { zh: '转本窗口', en: 'to this counter' },
  // dialogs
  cancel: { zh: '取消', en: 'Cancel' },
  confirm: { zh: '确定', en: 'OK' },
  transferTitle: { zh: '转移 {number} 号', en: 'Transfer ticket {number}' },
  transferHint: { zh: '选择新的业务和/或窗口；号码和排队位置保留。', en: 'Choose a new service and/or counter; the number and its place are kept.' },
  toService: { zh: '转到业务', en: 'To service' },
  toCounter: { zh: '转到窗口', en: 'To counter' },
  keepService: { zh: '（业务不变）', en: '(same service)' },
  anyCounter: { zh: '（任一窗口）', en: '(any counter)' },
  chooseTarget: { zh: '请选择业务或窗口', en: 'Choose a service or a counter' },
  pauseTitle: { zh: '暂停服务', en: 'Pause the counter' },
  pauseReason: { zh: '暂停原因', en: 'Reason' },
  otherReason: { zh: '其他原因…', en: 'Other reason…' },
  reasonNeeded: { zh: '请选择或填写暂停原因', en: 'Choose or type a reason' },
  callNumberTitle: { zh: '特呼指定号码', en: 'Call a chosen number' },
  numberLabel: { zh: '号码（如 A001）', en: 'Number (e.g. A001)' },
  numberInvalid: { zh: '号码格式应为字母加数字，如 A001', en: 'A number is letters then digits, e.g. A001' },
  lunch: { zh: '午休', en: 'Lunch break' },
  away: { zh: '临时离开', en: 'Stepped away' },
  consult: { zh: '业务咨询', en: 'Consultation' },
  fault: { zh: '系统故障', en: 'System fault' },
  dismiss: { zh: '关闭', en: 'Dismiss' },
  busy: { zh: '处理中…', en: 'Working…' },
  space: { zh: '空格', en: 'Space' },
  // states of the counter (closed/idle/calling/serving/paused come from ui/i18n shared)
  minAgo: { zh: '{n} 分钟', en: '{n} min' },
} satisfies Dict;

export type Key = keyof typeof dict;
export const t = makeT(dict);

/** Common pause reasons: sent in Chinese (the hall's language, so reports group them), shown translated. */
export const PAUSE_REASONS: { zh: string; key: Key }[] = [
  { zh: '午休', key: 'lunch' },
  { zh: '临时离开', key: 'away' },
  { zh: '业务咨询', key: 'consult' },
  { zh: '系统故障', key: 'fault' },
];

export function reasonText(reason: string | null | undefined): string {
  if (!reason) return '';
  const preset = PAUSE_REASONS.find((r) => r.zh === reason);
  return preset ? t(preset.key) : reason;
}

const ENDED: Record<string, Key> = {
  elsewhere: 'ended-elsewhere',
  'taken-over': 'ended-taken-over',
  'logged-out': 'ended-logged-out',
  'day-ended': 'ended-day-ended',
  expired: 'ended-expired',
  'pin-changed': 'ended-pin-changed',
  removed: 'ended-removed',
};

/** Why the session ended, in words, from the hub's reason code (a generic line for one we do not know). */
export function endedText(reason: unknown): string {
  return t(typeof reason === 'string' && Object.hasOwn(ENDED, reason) ? ENDED[reason]! : 'sessionEnded');
}
