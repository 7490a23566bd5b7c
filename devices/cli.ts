// `hall devices`: what is plugged into this PC, for the person installing a hall. Lists serial ports,
// USB and HID devices with VID:PID, the family the fingerprint table recognises, and an address to
// put in the hall config. `--serial PATH` adds paths the OS list leaves out (a socat pty, a
// /dev/serial/by-id link); `--json` prints the same as JSON.
import { parseArgs } from 'node:util';
import type { Discovery, DiscoveryOptions } from './discovery.js';
import { discoverDevices } from './discovery.js';
import type { FingerprintMatch } from './fingerprints.js';
import { hex4 } from './transport/address.js';

export const DEVICES_USAGE = 'usage: hall devices [--serial PATH]... [--json]';

const id = (vid?: number, pid?: number) => (vid !== undefined ? `${hex4(vid)}:${pid !== undefined ? hex4(pid) : '????'}` : '         ');
const fp = (f?: FingerprintMatch) => (f ? `  → ${f.label} [${f.family}, ${f.evidence}]` : '');
const text = (...parts: (string | undefined)[]) => parts.filter((p) => p && p.trim()).join('  ');

export function formatDiscovery(d: Discovery): string {
  const lines: string[] = [];
  const section = (title: string, n: number, note?: string) => {
    lines.push(`${title} (${n})`);
    if (note) lines.push(`  note: ${note}`);
    if (n === 0) lines.push('  (none)');
  };
  section('Serial ports', d.serial.devices.length, d.serial.note);
  for (const s of d.serial.devices) {
    const extra = s.origin === 'given' ? (s.present ? `given, ${s.kind}${s.realPath && s.realPath !== s.path ? ` → ${s.realPath}` : ''}` : 'given, not present') : undefined;
    lines.push(`  ${text(s.path, id(s.vendorId, s.productId), s.manufacturer, extra)}${fp(s.fingerprint)}`);
    if (s.origin === 'list' || s.present) lines.push(`      address: ${s.address}`);
  }
  section('USB devices', d.usb.devices.length, d.usb.note);
  for (const u of d.usb.devices) {
    const classes = u.interfaceClasses.length ? `interface classes ${u.interfaceClasses.map((c) => c.toString(16).padStart(2, '0')).join(',')}` : undefined;
    lines.push(`  ${text(id(u.vendorId, u.productId), u.bus ? `bus ${u.bus}` : undefined, u.manufacturer, u.product, classes)}${fp(u.fingerprint)}`);
    if (u.fingerprint?.family === 'printer') lines.push(`      address: ${u.address}`);
  }
  section('HID devices', d.hid.devices.length, d.hid.note);
  for (const h of d.hid.devices) {
    const usage = h.usagePage !== undefined ? `usage ${h.usagePage.toString(16)}:${(h.usage ?? 0).toString(16)}` : undefined;
    lines.push(`  ${text(id(h.vendorId, h.productId), h.path, `interface ${h.interface}`, h.manufacturer, h.product, usage)}${fp(h.fingerprint)}`);
    lines.push(`      address: ${h.address}`);
  }
  return lines.join('\n');
}

export async function devicesCommand(args: string[], options: Omit<DiscoveryOptions, 'serialPaths'> = {}): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { serial: { type: 'string', multiple: true }, json: { type: 'boolean' } }, allowPositionals: false }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${DEVICES_USAGE}`);
    return 2;
  }
  const found = await discoverDevices({ ...options, serialPaths: values.serial ?? [] });
  console.log(values.json ? JSON.stringify(found, null, 2) : formatDiscovery(found));
  return 0;
}
