// Why a device is offline or degraded, as a code with parameters: the links, transports and drivers
// state it (`{ code: 'NO_ANSWER', params: { count: 3 } }`), the agent carries it, the hub keeps and
// serves it, and it is put into words only where a person reads it — the dashboard, the alerts, a
// print job's reason, a CLI line — through healthReasonText (Chinese first, English beside it).
// Pure, no Node imports: the hub and the web pages both use it.
import type { TransportErrorCode } from './errors.js';

export type HealthReasonCode =
  // the link and the device host
  | 'CONNECTING'
  | 'CLOSED'
  | 'NOT_STARTED'
  | 'NO_DRIVER'
  | 'DRIVER_FAILED'
  | 'BAD_OPTIONS'
  | 'NO_ANSWER'
  | 'WRITE_STALLED'
  // the hub: a device reached through an agent or its own socket
  | 'AGENT_OFFLINE'
  | 'SOCKET_CLOSED'
  | 'SOCKET_BEHIND'
  // LED boards, pads and keypads on a bus
  | 'SCREENS_NOT_ANSWERING'
  | 'SCREEN_CONTENT_TOO_LONG'
  | 'UNITS_NOT_ANSWERING'
  | 'NO_UNIT_ANSWERS'
  // ticket printers
  | 'PAPER_OUT'
  | 'PAPER_NEAR_END'
  | 'COVER_OPEN'
  | 'CUTTER_ERROR'
  | 'UNRECOVERABLE_ERROR'
  | 'MECHANICAL_ERROR'
  | 'HEAD_OVERHEATED'
  | 'PRINTER_OFFLINE'
  // an old agent's free text
  | 'OTHER'
  // the transports' own (devices/errors.ts)
  | TransportErrorCode;

export type HealthReasonParam = string | number | number[];

export interface HealthReason {
  code: HealthReasonCode;
  /** What the words need (a count, unit addresses) and `detail`: the underlying error in English, for a tooltip and the logs. */
  params?: Record<string, HealthReasonParam>;
}

export interface HealthReasonText {
  zh: string;
  en: string;
}

export function healthReason(code: HealthReasonCode, params?: Record<string, HealthReasonParam>): HealthReason {
  return params && Object.keys(params).length ? { code, params } : { code };
}

/** Two reasons are the same (for "did the health change"). */
export function sameReason(a: HealthReason | null | undefined, b: HealthReason | null | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

const list = (v: HealthReasonParam | undefined) => (Array.isArray(v) ? v.join('、') : String(v ?? ''));
const listEn = (v: HealthReasonParam | undefined) => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));

type Words = (p: Record<string, HealthReasonParam>) => HealthReasonText;

const WORDS: Record<HealthReasonCode, Words> = {
  CONNECTING: () => ({ zh: '正在连接', en: 'not connected yet' }),
  CLOSED: () => ({ zh: '连接已关闭', en: 'connection closed' }),
  NOT_STARTED: () => ({ zh: '尚未启动', en: 'not started' }),
  NO_DRIVER: () => ({ zh: '暂无该类设备的驱动', en: 'no driver for this family yet' }),
  DRIVER_FAILED: () => ({ zh: '驱动启动失败', en: 'the driver failed to start' }),
  BAD_OPTIONS: () => ({ zh: '设备配置有误', en: 'bad device options' }),
  NO_ANSWER: (p) => ({ zh: `连续 ${p.count} 次请求无应答`, en: `${p.count} requests in a row got no answer` }),
  WRITE_STALLED: (p) => ({ zh: `数据发送受阻超过 ${p.ms} 毫秒（设备忙、缺纸或未读取）`, en: `a write has waited over ${p.ms} ms to be taken (device busy, out of paper, or not reading)` }),
  AGENT_OFFLINE: (p) => ({ zh: '所在电脑的代理程序离线', en: `agent offline${p.agent ? ` (${p.agent})` : ''}` }),
  SOCKET_CLOSED: () => ({ zh: '终端连接已断开', en: 'the terminal disconnected' }),
  SOCKET_BEHIND: (p) => ({ zh: `终端接收跟不上（积压 ${p.pending} 条），待其读完后改发最新画面`, en: `the terminal is not keeping up (${p.pending} messages waiting): it gets the latest state once it has read them` }),
  SCREENS_NOT_ANSWERING: (p) => ({ zh: `${list(p.screens)} 号屏无应答`, en: `${Array.isArray(p.screens) && p.screens.length > 1 ? 'screens' : 'screen'} ${listEn(p.screens)} not answering` }),
  SCREEN_CONTENT_TOO_LONG: (p) => ({ zh: `${list(p.screens)} 号屏内容过长，显示不下`, en: `content too long for screen ${listEn(p.screens)}` }),
  UNITS_NOT_ANSWERING: (p) => ({ zh: `${list(p.units)} 号终端无应答`, en: `unit ${listEn(p.units)} not answering` }),
  NO_UNIT_ANSWERS: (p) => ({ zh: `所有终端均无应答（${list(p.units)}）`, en: `no unit answers (${listEn(p.units)})` }),
  PAPER_OUT: () => ({ zh: '缺纸', en: 'paper out' }),
  PAPER_NEAR_END: () => ({ zh: '纸将尽', en: 'paper near end' }),
  COVER_OPEN: () => ({ zh: '纸仓盖打开', en: 'cover open' }),
  CUTTER_ERROR: () => ({ zh: '切刀故障', en: 'cutter error' }),
  UNRECOVERABLE_ERROR: () => ({ zh: '打印机故障', en: 'unrecoverable error' }),
  MECHANICAL_ERROR: () => ({ zh: '机械故障', en: 'mechanical error' }),
  HEAD_OVERHEATED: () => ({ zh: '打印头过热', en: 'head overheated' }),
  PRINTER_OFFLINE: () => ({ zh: '打印机脱机', en: 'offline' }),
  OTHER: (p) => ({ zh: String(p.detail ?? '未知原因'), en: String(p.detail ?? 'unknown') }),
  ADDRESS_INVALID: () => ({ zh: '设备地址无效', en: 'invalid device address' }),
  NOT_FOUND: () => ({ zh: '找不到设备（检查接线与地址）', en: 'device not found (check the cable and the address)' }),
  PERMISSION_DENIED: () => ({ zh: '无权访问设备（把运行账户加入 dialout / lp 组，或配置 udev 规则）', en: 'no permission to open the device (add the user to dialout / lp, or a udev rule)' }),
  BUSY: () => ({ zh: '设备被其他程序占用', en: 'the device is in use by another program' }),
  OPEN_FAILED: () => ({ zh: '无法打开设备（设备未开机、地址或端口不对）', en: 'cannot open the device (off, or a wrong address or port)' }),
  DISCONNECTED: () => ({ zh: '连接中断', en: 'disconnected' }),
  WRITE_FAILED: () => ({ zh: '数据发送失败', en: 'write failed' }),
  READ_FAILED: () => ({ zh: '数据读取失败', en: 'read failed' }),
  NOT_OPEN: () => ({ zh: '连接未打开', en: 'not open' }),
  TIMEOUT: () => ({ zh: '连接超时（网络不通或设备未开机）', en: 'timed out (network down or device off)' }),
  MODULE_UNAVAILABLE: () => ({ zh: '本机缺少该类设备的系统模块', en: 'the native module for this device cannot be loaded here' }),
  UNSUPPORTED: () => ({ zh: '本机不支持该设备的连接方式', en: 'this connection is not supported here' }),
  QUEUE_FULL: () => ({ zh: '待发送数据过多（设备离开太久）', en: 'too many frames waiting (the device has been away long)' }),
};

/** The reason in words, Chinese and English; a code this version does not know is shown as it is. */
export function healthReasonText(reason: HealthReason): HealthReasonText {
  const words = (WORDS as Partial<Record<string, Words>>)[reason.code];
  if (!words) return { zh: reason.code, en: reason.code };
  return words(reason.params ?? {});
}

/** One line, "中文 / English" (a print job's stored reason, a CLI). */
export function healthReasonLine(reason: HealthReason): string {
  const t = healthReasonText(reason);
  return `${t.zh} / ${t.en}`;
}
