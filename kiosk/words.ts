// The kiosk's and the tracking page's words, Chinese first. Config texts (hall, zone, service names)
// come from the hub and are shown with pick(); these are the page's own.
import { hallHm } from '../ui/hall-time.js';
import { makeT, type Dict } from '../ui/i18n.js';
import { counterInSentence, counterLabel, NO_COUNTER_OPEN_WORDS, TICKET_STATE } from '../shared/vocabulary.js';

/** The counter inside a sentence ("请到 {counter} …"), from shared/vocabulary.ts. */
const C = counterInSentence();

export const kioskDict = {
  title: { zh: '自助取号', en: 'Take a number' },
  elderlyOn: { zh: '标准模式', en: 'Standard view' },
  elderlyOff: { zh: '长辈模式', en: 'Large text' },
  connecting: { zh: '正在连接服务器…', en: 'Connecting to the hub…' },
  chooseZone: { zh: '请选择办理区域', en: 'Choose a floor' },
  chooseService: { zh: '请选择要办理的业务', en: 'Choose a service' },
  hereBadge: { zh: '本层', en: 'You are here' },
  otherFloor: { zh: '不在本层', en: 'Another floor' },
  zoneStats: { zh: '{services} 项业务 · {waiting} 人等候', en: '{services} services · {waiting} waiting' },
  allDepartments: { zh: '全部部门', en: 'All departments' },
  waiting: { zh: '等候 {n} 人', en: '{n} waiting' },
  waitAbout: { zh: '约 {n} 分钟', en: '≈ {n} min' },
  noWait: { zh: '无需等候', en: 'No wait' },
  // One wording on screen, paper, phone and dashboard (hub/engine/wait-model.ts).
  noCounterOpen: NO_COUNTER_OPEN_WORDS,
  remaining: { zh: '今日余 {n} 号', en: '{n} left today' },
  page: { zh: '第 {n} / {total} 页', en: 'Page {n} of {total}' },
  prevPage: { zh: '上一页', en: 'Previous' },
  nextPage: { zh: '下一页', en: 'Next' },
  back: { zh: '返回', en: 'Back' },
  home: { zh: '首页', en: 'Start' },
  idleSoon: { zh: '{n} 秒后返回首页', en: 'Back to start in {n} s' },
  noServices: { zh: '该区域暂无可办理的业务', en: 'No services here' },
  // reasons a service cannot be taken (availability.code)
  SERVICE_CLOSED: { zh: '未到办理时间', en: 'Closed now' },
  SERVICE_CLOSED_UNTIL: { zh: '{until} 开始办理', en: 'Opens at {until}' },
  LUNCH_BREAK: { zh: '午间休息', en: 'Lunch break' },
  LUNCH_BREAK_UNTIL: { zh: '午间休息，{until} 恢复取号', en: 'Lunch break until {until}' },
  ISSUING_STOPPED: { zh: '今日已停止取号', en: 'No more tickets today' },
  QUOTA_REACHED: { zh: '今日号已取完', en: 'All tickets taken today' },
  SERVICE_DISABLED: { zh: '暂停办理', en: 'Suspended' },
  // green channel and appointments
  green: { zh: '绿色通道', en: 'Green channel' },
  greenHint: { zh: '优先办理', en: 'Served first' },
  greenWho: { zh: '适用对象', en: 'Who qualifies' },
  greenCheck: { zh: '请在窗口出示相关证件，工作人员将核验。', en: 'Please show proof at the counter; staff will check it.' },
  greenMode: { zh: '绿色通道取号', en: 'Green channel ticket' },
  appointment: { zh: '预约签到', en: 'Appointment check-in' },
  appointmentHint: { zh: '已预约的市民在此签到取号', en: 'Booked online? Check in here' },
  apptMode: { zh: '预约签到：预约码 {code}', en: 'Check-in: booking {code}' },
  apptCode: { zh: '预约码', en: 'Booking code' },
  apptCodePlaceholder: { zh: '请输入预约码', en: 'Type the booking code' },
  apptSlotFromBooking: {
    zh: '预约时段以预约系统登记的为准，无需在此选择；在预约时段前 10 分钟至后 15 分钟内签到可优先办理。',
    en: 'Your booked time is the one in the booking system: no need to choose it here. Check in from 10 minutes before to 15 minutes after it to be served first.',
  },
  apptNext: { zh: '下一步：选择预约的业务', en: 'Next: choose the booked service' },
  apptNeed: { zh: '请输入预约码', en: 'Enter the booking code' },
  apptNote: {
    zh: '请输入预约短信中的预约码；如有疑问请咨询导办台工作人员。',
    en: 'Enter the code from your booking message; ask at the help desk if unsure.',
  },
  clear: { zh: '清空', en: 'Clear' },
  del: { zh: '删除', en: 'Delete' },
  // issuing
  issuing: { zh: '正在取号，请稍候…', en: 'Issuing your ticket…' },
  offlineIssue: { zh: '暂时连不上服务器，未能取号。连接恢复后请再试一次。', en: 'The hub cannot be reached, so no ticket was issued. Please try again when the link is back.' },
  errorTitle: { zh: '未能取号', en: 'No ticket issued' },
  ok: { zh: '知道了', en: 'OK' },
  yourNumber: { zh: '您的号码', en: 'Your number' },
  ahead: { zh: '前面还有', en: 'People ahead' },
  aheadN: { zh: '{n} 人', en: '{n}' },
  estimatedWait: { zh: '预计等候', en: 'Estimated wait' },
  goTo: { zh: '请到', en: 'Please go to' },
  counters: { zh: counterInSentence('list').zh, en: counterLabel('list').en },
  countersMany: { zh: counterInSentence('list').zh, en: 'Counters {list}' },
  waitForCall: { zh: '等候叫号', en: 'and wait to be called' },
  materials: { zh: '请准备：', en: 'Please bring: ' },
  ticketPreview: { zh: '取号凭条', en: 'Your ticket' },
  printerNote: { zh: '请拍照或扫码保存', en: 'Take a photo or scan the code to keep it' },
  printerWhy: { zh: '本机暂不打印凭条，屏幕上的号码即为您的取号凭证。', en: 'This kiosk does not print yet: this screen is your ticket.' },
  scanToTrack: { zh: '扫码查看排队进度', en: 'Scan to follow your place in the queue' },
  printing: { zh: '正在打印凭条…', en: 'Printing your ticket…' },
  printed: { zh: '凭条已打印，请取走', en: 'Your ticket is printed: please take it' },
  printFailed: { zh: '凭条打印失败', en: 'The ticket could not be printed' },
  printerUnavailable: { zh: '打印机暂时无法出票', en: 'The printer cannot print right now' },
  keepOnScreen: { zh: '请记住屏幕上的号码，或扫码查看进度。号码照常有效。', en: 'Note the number on the screen or scan the code: your number is valid as usual.' },
  issuedAt: { zh: '取号时间 {time}', en: 'Issued {time}' },
  aheadLine: { zh: '前面还有 {n} 人 · 预计等候：{wait}', en: '{n} ahead · wait: {wait}' },
  done: { zh: '完成', en: 'Done' },
  doneIn: { zh: '完成（{n} 秒）', en: 'Done ({n} s)' },
  priority_green: { zh: '绿色通道', en: 'Green channel' },
  priority_appointment: { zh: '预约', en: 'Appointment' },
  priority_vip: { zh: '优先', en: 'Priority' },
  // device token
  tokenTitle: { zh: '本机需要设备令牌', en: 'This kiosk needs a device token' },
  tokenMissing: {
    zh: '请在地址后加上 ?token=…（大厅配置 devices 中取号机的令牌），例如 /kiosk?token=取号机令牌。令牌会保存在本机。',
    en: "Open this page with ?token=… (the kiosk's token from the hall config's devices), e.g. /kiosk?token=KIOSK-TOKEN. The token is remembered on this machine.",
  },
  tokenRefused: { zh: '服务器拒绝了本机的令牌：{reason}', en: 'The hub refused this kiosk’s token: {reason}' },
  tokenNotKiosk: { zh: '该令牌属于“{kind}”设备，不是取号机。', en: 'This token belongs to a “{kind}” device, not a kiosk.' },
  tokenHelp: { zh: '请联系大厅管理员。', en: 'Please call the hall manager.' },
} satisfies Dict;

export const trackDict = {
  title: { zh: '我的排队', en: 'My ticket' },
  loading: { zh: '正在查询…', en: 'Loading…' },
  notFound: { zh: '找不到这个号', en: 'Ticket not found' },
  notFoundHint: {
    zh: '链接可能不完整，或号码已过期。请重新扫描取号凭条上的二维码，或咨询导办台。',
    en: 'The link may be incomplete or the ticket has expired. Scan the code on your ticket again, or ask at the help desk.',
  },
  ahead: { zh: '前面还有', en: 'Ahead of you' },
  aheadN: { zh: '{n} 人', en: '{n}' },
  estimatedWait: { zh: '预计等候', en: 'Estimated wait' },
  noCounterOpen: NO_COUNTER_OPEN_WORDS,
  goTo: { zh: `请到 ${C.zh}`, en: `Please go to ${C.en}` },
  servingAt: { zh: `正在 ${C.zh}办理`, en: `Being served at ${C.en}` },
  heldAt: { zh: `已在 ${C.zh}挂起，请留意再次叫号`, en: `On hold at ${C.en}: you will be called again` },
  willServeAt: { zh: `将在 ${C.zh}办理`, en: `You will be served at ${C.en}` },
  recalled: { zh: '第 {n} 次重呼', en: 'Called again ({n})' },
  updated: { zh: '更新于 {time}', en: 'Updated {time}' },
  live: { zh: '实时更新', en: 'Live' },
  issuedAt: { zh: '取号时间 {time}', en: 'Issued {time}' },
  transferred: { zh: '已转办', en: 'Transferred' },
  state_waiting: TICKET_STATE.waiting,
  state_called: { zh: '已叫号，请前往', en: 'Called: please go now' },
  state_serving: TICKET_STATE.serving,
  state_done: TICKET_STATE.done,
  'state_no-show': TICKET_STATE['no-show'],
  state_held: TICKET_STATE.held,
  state_cancelled: TICKET_STATE.cancelled,
  hint_waiting: { zh: '请留意大厅叫号，轮到您时本页会提醒。', en: 'Watch the hall screens; this page tells you when it is your turn.' },
  hint_done: { zh: '感谢您的耐心，欢迎对本次服务进行评价。', en: 'Thank you. Please rate the service at the counter.' },
  'hint_no-show': { zh: '您的号已过号，请到原窗口或导办台申请顺延。', en: 'Your number was missed: ask at the counter or help desk to be re-queued.' },
  hint_cancelled: { zh: '该号已取消，如需办理请重新取号。', en: 'This ticket was cancelled: take a new number if you still need the service.' },
  priority_green: { zh: '绿色通道', en: 'Green channel' },
  priority_appointment: { zh: '预约', en: 'Appointment' },
  priority_vip: { zh: '优先', en: 'Priority' },
  privacy: { zh: '本页不含任何个人信息。', en: 'This page holds no personal data.' },
} satisfies Dict;

export const tk = makeT(kioskDict);
export const tt = makeT(trackDict);

/** 1, 2, 3 → "1、2、3" (zh) or "1, 2, 3" (en). */
export function joinList(items: string[], lang: 'zh' | 'en'): string {
  return items.join(lang === 'zh' ? '、' : ', ');
}

/** hh:mm in the hall's time. */
export function hhmm(at: number): string {
  return hallHm(at);
}
