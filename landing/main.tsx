// The hub's front page: what runs here and where each terminal lives. In the demo hall it links each
// terminal with its demo token, so a visitor can open the whole hall in a few tabs.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../ui/api.js';
import { LangSwitch, useLang } from '../ui/components.js';
import { pick, type Text } from '../ui/i18n.js';
import { defineWords } from '../ui/words.js';
import '../ui/style.css';

const t = defineWords({
  zh: {
    terminals: '终端',
    kiosk: '取号机',
    counter: '窗口工作台',
    display: '综合屏',
    pad: '评价器',
    dashboard: '管理后台',
    virtual: '虚拟设备（打印机、LED 屏、评价器、呼叫器）',
    demo: '演示大厅：以下链接已带演示令牌。工号 1001–1016，密码 1234；管理员 admin / admin1234。',
    api: '接口文档 (OpenAPI)',
  },
  en: {
    terminals: 'Terminals',
    kiosk: 'Kiosk',
    counter: 'Counter console',
    display: 'Hall display',
    pad: 'Rating pad',
    dashboard: 'Dashboard',
    virtual: 'Virtual devices (printer, LED screens, pads, keypads)',
    demo: 'Demo hall: the links carry demo tokens. Staff 1001–1016, PIN 1234; manager admin / admin1234.',
    api: 'API (OpenAPI)',
  },
});

function Landing() {
  useLang();
  const [hall, setHall] = useState<{ name: Text; demo: boolean } | null>(null);
  useEffect(() => {
    void api('GET', '/api/health').then((h) => setHall({ name: h.hallName, demo: h.demo }));
  }, []);
  const demo = hall?.demo ?? false;
  const links: [string, string][] = [
    ['kiosk', demo ? '/kiosk?token=demo-kiosk' : '/kiosk'],
    ['counter', '/counter'],
    ['display', demo ? '/display?token=demo-display' : '/display'],
    ['pad', demo ? '/pad?token=demo-pad' : '/pad'],
    ['dashboard', '/dashboard'],
    ...(demo ? ([['virtual', '/virtual?token=demo-virtual-board-hall']] as [string, string][]) : []),
  ];
  return (
    <main style={{ maxWidth: '48rem', margin: '2rem auto', padding: '0 1rem' }}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: '1rem' }}>
        <h1 style={{ fontSize: 'clamp(1.3rem, 6vw, 2rem)' }}>{hall ? pick(hall.name) : '…'}</h1>
        <LangSwitch />
      </header>
      {demo && <p class="banner warn">{t('demo')}</p>}
      <h2>{t('terminals')}</h2>
      <ul style={{ fontSize: '1.4rem', lineHeight: 2 }}>
        {links.map(([key, href]) => (
          <li key={key}>
            <a href={href}>{t(key as 'kiosk')}</a>
          </li>
        ))}
        <li>
          <a href="/api/openapi.json">{t('api')}</a>
        </li>
      </ul>
    </main>
  );
}

render(<Landing />, document.getElementById('app')!);
