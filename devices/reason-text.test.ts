// Health reasons in Chinese for the dashboard and the alerts.
import { describe, expect, it } from 'vitest';
import { reasonText } from './reason-text.js';

describe('reasonText', () => {
  it.each([
    ['not connected yet', '正在连接'],
    ['agent offline', '所在电脑的代理程序离线'],
    ['agent offline (pc-3)', '所在电脑的代理程序离线'],
    ['3 requests in a row got no answer', '连续 3 次请求无应答'],
    ['a write has waited over 5000 ms to be taken (device busy, out of paper, or not reading)', '数据发送受阻超过 5000 毫秒（设备忙、缺纸或未读取）'],
    ['screen 3 not answering', '3 号屏无应答'],
    ['tcp://10.0.0.5:9100: connect ECONNREFUSED 10.0.0.5:9100', '连接被拒绝（设备未开机、地址或端口不对）'],
    ["serial:/dev/ttyUSB0: Error: Error: No such file or directory, cannot open /dev/ttyUSB0", '找不到设备（检查接线与地址）'],
    ['serial:/dev/ttyUSB0: Error: Permission denied, cannot open /dev/ttyUSB0', '无权访问设备（把运行账户加入 dialout / lp 组，或配置 udev 规则）'],
  ])('%s → %s', (reason, zh) => {
    expect(reasonText(reason)).toEqual({ zh, en: reason });
  });

  it('splits a bilingual reason and keeps an unknown one as it is', () => {
    expect(reasonText('缺纸 / paper out')).toEqual({ zh: '缺纸', en: 'paper out' });
    expect(reasonText('打印机脱机')).toEqual({ zh: '打印机脱机', en: '打印机脱机' });
    expect(reasonText('something new')).toEqual({ zh: 'something new', en: 'something new' });
  });
});
