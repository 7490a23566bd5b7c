// The demo hall: a county-level 政务服务中心 on two floors, used when no HALL_CONFIG is given.
// Floor 1 serves individuals (自然人业务), floor 2 enterprises and construction projects (法人/工程建设项目).
// Its well-known credentials work only because `demo: true`; a hall's own config never accepts them.
import { hashSecret } from '../auth/secrets.js';
import { hallConfigSchema, type HallConfig, type HallConfigInput } from './schema.js';
import { counterWords } from '../../shared/vocabulary.js';

export const DEMO_PIN = '1234';
export const DEMO_MANAGER = { username: 'admin', password: 'admin1234' } as const;
export const DEMO_DEVICE_TOKENS = { kiosk: 'demo-kiosk', display: 'demo-display', pad: 'demo-pad' } as const;
/**
 * Each of the demo's virtual devices (/virtual) is a device with a token of its own, `demo-virtual-<id>`
 * (demo-virtual-keypads-f1): it presses that device's keys only (hub/api/virtual-routes.ts), and what it
 * does is logged as that device's doing.
 */
export const DEMO_VIRTUAL_TOKEN_PREFIX = 'demo-virtual-';
export const demoVirtualToken = (deviceId: string) => `${DEMO_VIRTUAL_TOKEN_PREFIX}${deviceId}`;
/** Whether a token is one of the demo's well-known device tokens (refused outside the demo hall). */
export const isDemoDeviceToken = (token: string) => (Object.values(DEMO_DEVICE_TOKENS) as string[]).includes(token) || token.startsWith(DEMO_VIRTUAL_TOKEN_PREFIX);

type ServiceRow = [id: string, prefix: string, zh: string, en: string, department: string, zone: 'F1' | 'F2', typicalMin: number, note: string];

/** The departments' English names (shown in English mode), by their Chinese name. */
const DEPARTMENTS_EN: Record<string, string> = {
  人社局: 'HR & Social Security',
  医保局: 'Healthcare Security',
  公安局: 'Public Security',
  不动产登记中心: 'Real Estate',
  住房公积金中心: 'Housing Fund',
  民政局: 'Civil Affairs',
  税务局: 'Taxation',
  综合窗口: 'One-stop window',
  市场监管局: 'Market Regulation',
  住建局: 'Housing & Construction',
  发改局: 'Development & Reform',
};

/** What to bring, in English, by service id. */
const NOTES_EN: Record<string, string> = {
  'social-security': 'Bring your ID card; an agent needs a letter of authorisation and their own ID card.',
  'medical-insurance': 'Out-of-town care filing: ID card and medical insurance card; claims: original invoices and the itemised bill.',
  household: 'Bring your household register (hukou) and ID card; for an ID card you must come in person to be photographed.',
  'real-estate': 'Bring the property certificate, your ID card and the original contracts.',
  'second-hand-housing': 'Buyer and seller both in person, with ID cards, household registers, marriage certificates and the property certificate.',
  'housing-fund': 'Bring your ID card and bank card; for a loan, the purchase contract.',
  'civil-affairs': 'Marriage registration: both in person, with ID cards, household registers and a recent photo of the two of you.',
  tax: 'Bring your ID card; for an invoice, the contract or agreement.',
  comprehensive: 'Legal aid, civil air defence, disability and elderly affairs are handled here; bring your ID card.',
  'exit-entry': 'Bring your ID card; 120 tickets a day.',
  'business-start': "Bring the legal representative's ID card, the articles of association and proof of address.",
  'sole-trader': "Bring the operator's ID card and proof of the business premises.",
  'food-licence': 'Bring the business licence, a floor plan of the premises and the food safety rules.',
  'construction-permit': 'Bring the planning permit, the construction contract and the drawing review certificate.',
  'completion-filing': 'Bring the completion acceptance report and the fire acceptance opinion.',
  'investment-project': 'Bring the filing application form and the business licence.',
};

// Prefixes skip I and O, which citizens read as 1 and 0.
const SERVICES: ServiceRow[] = [
  ['social-security', 'A', '社保业务', 'Social security', '人社局', 'F1', 8, '请携带身份证原件；代办需提供委托书及代办人身份证。'],
  ['medical-insurance', 'B', '医保业务', 'Medical insurance', '医保局', 'F1', 10, '异地就医备案请携带身份证、医保卡；报销请带发票原件及费用清单。'],
  ['household', 'C', '户籍与身份证', 'Household registration & ID card', '公安局', 'F1', 12, '请携带户口簿、身份证；办理身份证需本人到场采集照片。'],
  ['real-estate', 'D', '不动产登记', 'Real-estate registration', '不动产登记中心', 'F1', 25, '请携带不动产权证书、身份证及相关合同原件。'],
  ['second-hand-housing', 'E', '二手房交易（综合窗口）', 'Second-hand housing (one-stop)', '不动产登记中心', 'F1', 30, '买卖双方须同时到场，携带身份证、户口簿、婚姻证明及不动产权证书。'],
  ['housing-fund', 'F', '公积金业务', 'Housing provident fund', '住房公积金中心', 'F1', 15, '请携带身份证及银行卡；贷款业务请带购房合同。'],
  ['civil-affairs', 'G', '婚姻登记与救助', 'Marriage registration & assistance', '民政局', 'F1', 15, '婚姻登记须双方本人到场，携带身份证、户口簿及近期合影照片。'],
  ['tax', 'H', '个人税费与代开发票', 'Personal tax & invoices', '税务局', 'F1', 10, '请携带身份证；代开发票请带合同或协议。'],
  ['comprehensive', 'J', '综合受理', 'One-stop window', '综合窗口', 'F1', 12, '司法、人防、残联、老龄等事项在此受理，请携带身份证。'],
  ['exit-entry', 'K', '出入境证件', 'Exit-entry documents', '公安局', 'F1', 12, '请携带身份证；每日限号 120 个。'],
  ['business-start', 'L', '企业开办', 'Starting a business', '市场监管局', 'F2', 20, '请携带法定代表人身份证、公司章程及住所证明。'],
  ['sole-trader', 'M', '个体工商户登记', 'Sole-trader registration', '市场监管局', 'F2', 15, '请携带经营者身份证及经营场所证明。'],
  ['food-licence', 'N', '食品经营许可', 'Food business licence', '市场监管局', 'F2', 20, '请携带营业执照、经营场所平面图及食品安全管理制度。'],
  ['construction-permit', 'P', '施工许可', 'Construction permit', '住建局', 'F2', 30, '请携带建设工程规划许可证、施工合同及图纸审查合格书。'],
  ['completion-filing', 'Q', '竣工验收备案', 'Completion acceptance filing', '住建局', 'F2', 30, '请携带竣工验收报告及消防验收意见。'],
  ['investment-project', 'R', '投资项目备案', 'Investment project filing', '发改局', 'F2', 20, '请携带项目备案申请表及企业营业执照。'],
];

// [counter, zone, name, [service, rank]...]: several counters serve more than one service, the
// comprehensive window (10) many.
const COUNTERS: [string, 'F1' | 'F2', string, [string, number][]][] = [
  ['1', 'F1', '社保', [['social-security', 1], ['medical-insurance', 2]]],
  ['2', 'F1', '社保', [['social-security', 1]]],
  ['3', 'F1', '医保', [['medical-insurance', 1], ['social-security', 2]]],
  ['4', 'F1', '户籍', [['household', 1], ['exit-entry', 2]]],
  ['5', 'F1', '户籍', [['household', 1]]],
  ['6', 'F1', '出入境', [['exit-entry', 1], ['household', 2]]],
  ['7', 'F1', '不动产', [['real-estate', 1], ['second-hand-housing', 2]]],
  ['8', 'F1', '二手房交易综合窗口', [['second-hand-housing', 1], ['real-estate', 2]]],
  ['9', 'F1', '公积金', [['housing-fund', 1], ['tax', 2]]],
  ['10', 'F1', '综合窗口', [['comprehensive', 1], ['civil-affairs', 1], ['tax', 1], ['housing-fund', 2], ['social-security', 3]]],
  ['11', 'F2', '企业开办', [['business-start', 1], ['sole-trader', 2]]],
  ['12', 'F2', '个体登记', [['sole-trader', 1], ['business-start', 2], ['food-licence', 2]]],
  ['13', 'F2', '食品许可', [['food-licence', 1], ['business-start', 3]]],
  ['14', 'F2', '施工许可', [['construction-permit', 1], ['completion-filing', 2]]],
  ['15', 'F2', '竣工备案', [['completion-filing', 1], ['construction-permit', 2]]],
  ['16', 'F2', '投资备案', [['investment-project', 1], ['construction-permit', 3], ['completion-filing', 3]]],
];

const STAFF_NAMES = ['王芳', '李娜', '张伟', '刘洋', '陈静', '杨帆', '赵敏', '黄磊', '周婷', '吴昊', '徐丽', '孙强', '胡军', '朱琳', '高峰', '林晓'];

export interface DemoOptions {
  /** Keep the real hours (weekdays 9:00–12:00, 13:30–17:00). By default the demo is open round the clock. */
  realHours?: boolean;
}

export function demoHallInput({ realHours = false }: DemoOptions = {}): HallConfigInput {
  const pinHash = hashSecret(DEMO_PIN);
  return {
    demo: true,
    hall: { id: 'demo-county', name: { zh: '示范县政务服务中心', en: 'Demo County Government Service Centre' }, timezone: 'Asia/Shanghai', dayResetHour: 3 },
    hours: realHours
      ? { days: [1, 2, 3, 4, 5], open: '09:00', close: '17:00', lunch: { start: '12:00', end: '13:30' }, stopIssuingBeforeCloseMin: 30 }
      : { days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '24:00', lunch: null, stopIssuingBeforeCloseMin: 0 },
    zones: [
      { id: 'F1', name: { zh: '一楼 自然人业务区', en: 'Floor 1 · Individuals' } },
      { id: 'F2', name: { zh: '二楼 企业与工程建设项目区', en: 'Floor 2 · Enterprises & construction' } },
    ],
    rules: { policy: 'standard', priorityRatio: { priority: 2, normal: 1 } },
    services: SERVICES.map(([id, prefix, zh, en, department, zone, typicalServiceMin, note]) => ({
      id,
      prefix,
      name: { zh, en },
      department,
      ...(DEPARTMENTS_EN[department] ? { departmentEn: DEPARTMENTS_EN[department] } : {}),
      zone,
      typicalServiceMin,
      targetWaitMin: typicalServiceMin >= 25 ? 30 : 20,
      note: { zh: note, ...(NOTES_EN[id] ? { en: NOTES_EN[id] } : {}) },
      ...(id === 'exit-entry' ? { dailyQuota: 120 } : {}),
    })),
    counters: COUNTERS.map(([id, zone, name, services]) => ({
      id,
      zone,
      name: { zh: `${counterWords(id).zh} ${name}` },
      services: services.map(([service, rank]) => ({ service, rank })),
    })),
    staff: STAFF_NAMES.map((name, i) => ({ no: String(1001 + i), name, pinHash })),
    managers: [{ username: DEMO_MANAGER.username, name: '大厅管理员', passwordHash: hashSecret(DEMO_MANAGER.password) }],
    devices: [
      { id: 'kiosk-1', kind: 'kiosk', name: '一楼取号机', nameEn: 'Floor 1 kiosk', zone: 'F1', token: DEMO_DEVICE_TOKENS.kiosk },
      { id: 'display-1', kind: 'display', name: '综合屏', nameEn: 'Hall board', token: DEMO_DEVICE_TOKENS.display },
      { id: 'pad-1', kind: 'pad', name: `${counterWords('1').zh}评价器`, nameEn: 'Counter 1 rating pad', zone: 'F1', counter: '1', token: DEMO_DEVICE_TOKENS.pad },
    ],
  };
}

let cached: { key: string; config: HallConfig } | undefined;

/** The demo hall, validated like any hall config. Hashing the demo secrets costs ~0.5 s, so it is done once. */
export function demoHallConfig(options: DemoOptions = {}): HallConfig {
  const key = JSON.stringify(options);
  if (cached?.key !== key) cached = { key, config: hallConfigSchema.parse(demoHallInput(options)) };
  return structuredClone(cached.config);
}
