// The virtual rating pads and caller keypads (the demo hall, tests), registered by name: the simulator
// is imported only when one starts, never by a hub or agent that drives real pads alone.
import { registerLazySimulator } from '../devices/simulator.js';
import { FAMILY } from './protocol.js';

const DESCRIPTIONS = {
  pad: 'RS-485 rating pads (评价器) speaking the open pad protocol, one per counter on a shared bus',
  keypad: 'RS-485 caller keypads (呼叫器) speaking the open pad protocol, one per counter on a shared bus',
} as const;

for (const kind of ['pad', 'keypad'] as const) {
  registerLazySimulator({ kind, family: FAMILY, description: DESCRIPTIONS[kind] }, async () => {
    const { startOpenPadSimulator } = await import('./simulator.js');
    return (options) => startOpenPadSimulator(kind, options);
  });
}
