// The virtual ticket printers (the demo hall, tests), registered by name: the emulator — an ESC/POS
// decoder, pngjs and a bitmap font — is imported only when one starts, never by a hub or agent that
// drives real printers alone.
import { registerLazySimulator } from '../devices/simulator.js';

const DOES = 'ESC/POS thermal ticket printer (GB18030 Hanzi, QR, cutter, status back)';

for (const [family, width] of [
  ['escpos', 80],
  ['escpos-58', 58],
] as const) {
  registerLazySimulator({ kind: 'printer', family, description: `${width} mm ${DOES}` }, async () => {
    const { startPrinterEmulator } = await import('./emulator.js');
    return (options) => startPrinterEmulator({ ...options, width, family });
  });
}
