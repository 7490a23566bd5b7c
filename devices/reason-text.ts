// A device's health reason in words a hall manager reads: the device layer states reasons in English
// (links, transports, the OS's own errors); the dashboard and the alerts show them Chinese first. Known
// reasons are put into Chinese; a reason already bilingual ("缺纸 / paper out") or unknown is kept as is.
// Pure, no Node imports: the hub and the web pages both use it.

export interface ReasonText {
  zh: string;
  en: string;
}

const RULES: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^not connected yet$/, () => '正在连接'],
  [/^(connection )?closed$/, () => '连接已关闭'],
  [/^agent offline/, () => '所在电脑的代理程序离线'],
  [/^no driver for this family yet$/, () => '暂无该类设备的驱动'],
  [/^(\d+) requests in a row got no answer$/, (m) => `连续 ${m[1]} 次请求无应答`],
  [/^a write has waited over (\d+) ms/, (m) => `数据发送受阻超过 ${m[1]} 毫秒（设备忙、缺纸或未读取）`],
  [/^screen (\d+) not answering$/, (m) => `${m[1]} 号屏无应答`],
  [/^screens? ([\d, ]+) not answering$/, (m) => `${m[1]} 号屏无应答`],
  [/^unit (\d+) not answering$/, (m) => `${m[1]} 号终端无应答`],
  [/ECONNREFUSED|connection refused/i, () => '连接被拒绝（设备未开机、地址或端口不对）'],
  [/EACCES|permission denied/i, () => '无权访问设备（把运行账户加入 dialout / lp 组，或配置 udev 规则）'],
  [/EBUSY|resource busy|in use/i, () => '设备被其他程序占用'],
  [/ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|timed out/i, () => '连接超时（网络不通或设备未开机）'],
  [/ENOENT|no such file|not found/i, () => '找不到设备（检查接线与地址）'],
  [/ECONNRESET|EPIPE|hung up|disconnected|connection lost/i, () => '连接中断'],
];

/** The reason in Chinese and English (English: as the device layer said it). */
export function reasonText(reason: string): ReasonText {
  if (/[\u4e00-\u9fff]/.test(reason)) {
    // Already has Chinese: "中文 / English" is split; anything else is shown as it is in both.
    const slash = reason.indexOf(' / ');
    return slash > 0 ? { zh: reason.slice(0, slash), en: reason.slice(slash + 3) } : { zh: reason, en: reason };
  }
  for (const [re, zh] of RULES) {
    const m = reason.match(re);
    if (m) return { zh: zh(m), en: reason };
  }
  return { zh: reason, en: reason };
}
