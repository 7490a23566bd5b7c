// Messages for error codes, Chinese first, English on request (Accept-Language: en). Placeholders in
// braces are filled from the error's params.
import { counterInSentence, counterLabel } from '../shared/vocabulary.js';
export type Lang = 'zh' | 'en';

/** A counter inside a message, and as a sentence's subject (English capitalises it there). */
const C = counterInSentence();
const CL = counterLabel();

const messages: Record<string, { zh: string; en: string }> = {
  SERVICE_UNKNOWN: { zh: '没有这项业务：{service}', en: 'No such service: {service}' },
  SERVICE_DISABLED: { zh: '该业务暂停办理', en: 'This service is suspended' },
  SERVICE_CLOSED: { zh: '该业务当前不在办理时间{untilZh}', en: 'This service is closed now{untilEn}' },
  LUNCH_BREAK: { zh: '午间休息，{until} 后恢复取号', en: 'Lunch break: tickets again from {until}' },
  ISSUING_STOPPED: { zh: '今日该业务已停止取号', en: 'No more tickets for this service today' },
  QUOTA_REACHED: { zh: '今日该业务号已取完', en: "Today's tickets for this service are all taken" },
  APPOINTMENT_INVALID: { zh: '预约号须带预约信息，非预约号不可带预约信息', en: 'An appointment ticket needs its booking, and only it' },
  APPOINTMENT_UNKNOWN: { zh: '没有这个预约码，请核对或取普通号', en: 'No booking with this code: check it, or take a normal ticket' },
  APPOINTMENT_USED: { zh: '该预约已签到取号', en: 'This booking has already been checked in' },
  APPOINTMENT_WRONG_SERVICE: { zh: '该预约办理的是{service}，请选择该业务', en: 'This booking is for {serviceEn}: choose that service' },
  APPOINTMENT_NOT_TODAY: { zh: '该预约不是今天（{slot}）', en: 'This booking is not for today ({slot})' },
  APPOINTMENT_TOO_EARLY: { zh: '预约时间为 {slot}，请于 {from} 后签到', en: 'The booking is for {slot}: check in from {from}' },
  APPOINTMENT_TOO_LATE: { zh: '预约时间 {slot} 已过，请取普通号', en: 'The booking time {slot} has passed: take a normal ticket' },
  PRIORITY_UNAVAILABLE: { zh: '本大厅不提供该优先类别', en: 'This hall does not offer that priority class' },
  COUNTER_UNKNOWN: { zh: `没有 ${C.zh}`, en: `No ${C.en}` },
  COUNTER_CLOSED: { zh: `${C.zh}尚未登录`, en: `Nobody is logged in at ${C.en}` },
  COUNTER_PAUSED: { zh: `${C.zh}暂停服务中，请先恢复`, en: `${CL.en} is paused: resume first` },
  COUNTER_OCCUPIED: { zh: `${C.zh}有人正在办理业务`, en: `${CL.en} is busy with a ticket` },
  COUNTER_BUSY: { zh: '请先办结或处理手上的号', en: 'Deal with the ticket in hand first' },
  TICKET_IN_HAND: { zh: '{number} 号尚未处理，请先开始办理、过号或办结', en: 'Ticket {number} is still in hand: start, skip or finish it first' },
  NO_CURRENT_TICKET: { zh: `${C.zh}当前没有号`, en: `${CL.en} has no ticket in hand` },
  TICKET_UNKNOWN: { zh: '找不到这个号', en: 'No such ticket' },
  PRINTER_UNAVAILABLE: { zh: '打印机暂时无法出票：{reason}', en: 'The printer cannot print now: {reason}' },
  TICKET_STATE: { zh: '{number} 号当前状态不能这样操作', en: 'Ticket {number} cannot do that in its present state' },
  RECALL_LIMIT: { zh: '{number} 号已重呼 {max} 次', en: 'Ticket {number} has been recalled {max} times already' },
  REQUEUE_LIMIT: { zh: '{number} 号顺延次数已用完', en: 'Ticket {number} cannot be re-queued again' },
  SERVICE_NOT_SERVED: { zh: `${C.zh}不办理 {number} 号的业务`, en: `${CL.en} does not serve ticket {number}'s service` },
  TRANSFER_TARGET: { zh: '请选择另一项业务或另一个窗口', en: 'Choose another service or another counter' },
  STAFF_UNKNOWN: { zh: '没有这个工号', en: 'No such staff number' },
  STAFF_BUSY_ELSEWHERE: { zh: `您在 ${C.zh}还有号未处理`, en: `You still have a ticket in hand at ${C.en}` },
  NOT_PAUSED: { zh: '窗口没有暂停', en: 'The counter is not paused' },
  CONFIG_CONFLICT: {
    zh: '新配置与当前排队冲突（仍有号在该业务或窗口，或有工作人员在窗口登录）',
    en: 'The new config conflicts with open tickets, staffed counters or staff logged in',
  },
  DEVICE_UNKNOWN: { zh: '没有这台设备：{device}', en: 'No such device: {device}' },
  VIRTUAL_DEVICE_UNKNOWN: { zh: '没有这台虚拟设备：{detail}', en: 'No such virtual device: {detail}' },
  VIRTUAL_CONTROL_UNKNOWN: { zh: '虚拟设备没有这个按键：{detail}', en: 'The virtual device has no such control: {detail}' },
  VIRTUAL_CONTROL_FAILED: { zh: '虚拟设备操作失败：{detail}', en: 'The virtual device could not do that: {detail}' },
  DEVICE_NO_TOKEN: { zh: '{kind} 类设备不连接服务器，没有令牌', en: 'A {kind} does not connect to the hub and has no token' },
  RATING_WINDOW_CLOSED: { zh: '评价时间已过', en: 'The time to rate this service has passed' },
  ALREADY_RATED: { zh: '{number} 号已经评价过', en: 'Ticket {number} has been rated already' },
  REASON_REQUIRED: { zh: '请选择不满意的原因', en: 'Please choose what was wrong' },
  REASON_UNKNOWN: { zh: '没有这个原因选项：{reason}', en: 'No such reason: {reason}' },
  NOTHING_TO_RATE: { zh: `${C.zh}没有可评价的已办结业务`, en: `${CL.en} has no finished ticket to rate` },
  FOLLOWUP_UNKNOWN: { zh: '没有这个整改单：{id}', en: 'No such follow-up case: {id}' },
  FOLLOWUP_CLOSED: { zh: '整改单 {id} 已办结', en: 'Follow-up case {id} is closed already' },
  BAD_INPUT: { zh: '请求内容有误：{detail}', en: 'Bad input: {detail}' },
  BAD_JSON: { zh: '请求不是有效的 JSON', en: 'The request body is not valid JSON' },
  PAYLOAD_TOO_LARGE: { zh: '请求内容过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '请求内容必须是 JSON（Content-Type: application/json）', en: 'The request body must be JSON (Content-Type: application/json)' },
  CROSS_ORIGIN: { zh: '不接受来自其他网站的请求', en: 'Requests from another site are refused' },
  LOCKOUT_UNKNOWN: { zh: '没有这个锁定', en: 'No such lockout' },
  NOT_FOUND: { zh: '没有这个接口', en: 'No such endpoint' },
  UNAUTHENTICATED: { zh: '请先登录或提供设备令牌', en: 'Log in or present a device token' },
  SESSION_ENDED: { zh: '登录已失效，请重新登录', en: 'Your session has ended: log in again' },
  FORBIDDEN: { zh: '无权执行此操作', en: 'You may not do this' },
  WRONG_COUNTER: { zh: `您只能操作登录的 ${C.zh}`, en: `You can act only at ${C.en}, where you are logged in` },
  BAD_CREDENTIALS: { zh: '工号、密码或窗口不正确', en: 'Wrong staff number, PIN, password or counter' },
  DEMO_CREDENTIAL: { zh: '演示账号只能在演示大厅使用', en: 'Demo credentials work only in the demo hall' },
  TOO_MANY_ATTEMPTS: { zh: '尝试次数过多，请 {retryAfterS} 秒后再试', en: 'Too many attempts: try again in {retryAfterS} s' },
  STORE_FAILED: { zh: '服务器存储故障，请联系管理员', en: 'The hub cannot store data: call the hall manager' },
  INTERNAL: { zh: '服务器内部错误', en: 'Internal error' },
  HUB_STARTING: { zh: '服务器正在启动（载入今日排队），请稍候再试', en: "The hub is starting (loading today's queue): try again shortly" },
  // The city's central service (central/).
  HALL_TOKEN_REFUSED: { zh: '大厅上传令牌无效或已被吊销', en: "The hall's upload token is unknown or revoked" },
  HALL_UNKNOWN: { zh: '没有这个大厅：{hallId}', en: 'No such hall: {hallId}' },
  HALL_EXISTS: { zh: '大厅 {hallId} 已登记', en: 'Hall {hallId} is registered already' },
  SEQ_GAP: { zh: '事件序号不连续：中心已存到 {lastSeq}', en: 'The events leave a gap: the central has up to {lastSeq}' },
};

export function message(code: string, params: Record<string, unknown> = {}, lang: Lang = 'zh'): string {
  const template = messages[code]?.[lang] ?? code;
  const extra: Record<string, string> = {
    untilZh: params.until ? `，${String(params.until)} 开始办理` : '',
    untilEn: params.until ? `: opens at ${String(params.until)}` : '',
  };
  return template.replace(/\{(\w+)\}/g, (_, k: string) => extra[k] ?? (params[k] === undefined || params[k] === null ? '' : String(params[k])));
}

export function langOf(acceptLanguage: string | undefined): Lang {
  return acceptLanguage && /^\s*en\b/i.test(acceptLanguage) ? 'en' : 'zh';
}
