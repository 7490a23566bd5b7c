// The virtual LED buses (the demo hall, tests), registered by name: the simulator (frame decoding,
// screen state, pty handling) is imported only when one starts, never by a hub or agent that drives
// real boards alone.
import { registerLazySimulator } from '../devices/simulator.js';
import { FAMILY_CODEC } from './codecs/index.js';

const DESCRIPTIONS: Record<string, string> = {
  'onbon-bx': 'Onbon BX-5/BX-6 LED controllers on an RS-485 bus (window screens, hall board); answers each frame',
  'window-screen': 'plain one-colour window screens (address, GBK text, checksum); never answer',
};

for (const [family, codec] of Object.entries(FAMILY_CODEC)) {
  registerLazySimulator({ kind: 'board', family, description: DESCRIPTIONS[family] ?? family }, async () => {
    const { startBoardSimulator } = await import('./simulator.js');
    return (options) => startBoardSimulator({ ...options, codec });
  });
}
