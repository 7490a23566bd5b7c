// Known device families, recognised from what enumeration shows (VID:PID, USB interface class, HID
// usage). Used by `hall devices` to tell an installer "this is probably the ticket printer" and to
// suggest its address. Every entry says how sure we are:
//   verified — the fact was checked in public sources (usb.ids excerpts, the USB class specs, public
//              driver code naming the device);
//   guess    — what the trade says about cheap kiosk hardware, not confirmed: treat it as a hint.
// A wrong guess costs nothing worse than a misleading hint; the address still has to work.

export type DeviceFamily = 'printer' | 'usb-serial' | 'keypad';

export interface Fingerprint {
  id: string;
  family: DeviceFamily;
  label: string;
  vendorId: number;
  /** Any product of the vendor when absent. */
  productId?: number;
  /** Only when the device has a USB interface of this class (7 printer, 3 HID). */
  interfaceClass?: number;
  evidence: 'verified' | 'guess';
  source: string;
}

/** USB interface classes (usb.org class codes). */
export const USB_CLASS = { HID: 0x03, PRINTER: 0x07, CDC_DATA: 0x0a, VENDOR: 0xff } as const;
/** HID usage tables: Generic Desktop page, Keyboard / Keypad usages. */
export const HID_USAGE = { GENERIC_DESKTOP: 0x01, KEYBOARD: 0x06, KEYPAD: 0x07 } as const;

export const FINGERPRINTS: readonly Fingerprint[] = [
  // ---- thermal printers ----
  {
    id: 'winbond-pos-printer',
    family: 'printer',
    label: 'POS thermal printer (Winbond "Virtual Com Port" id, many Chinese 58/80 mm printers)',
    vendorId: 0x0416,
    productId: 0x5011,
    evidence: 'verified',
    source: 'lsusb "0416:5011 Winbond Electronics Corp." quoted in public ESC/POS guides; a Linux usblp patch names the 0416:5011 "Virtual Com Port" printer; node-escpos\'s example opens USB(0x0416, 0x5011)',
  },
  {
    id: 'epson-tm-t88iv',
    family: 'printer',
    label: 'Epson TM-T88IV / TM-T70 receipt printer',
    vendorId: 0x04b8,
    productId: 0x0202,
    evidence: 'verified',
    source: 'Odoo hw_escpos supported_devices (TM-T70 04b8:0202); a TM-T88IV user report (04b8:0202, OUT 0x01, IN 0x82)',
  },
  { id: 'epson-tm-t20', family: 'printer', label: 'Epson TM-T20 receipt printer', vendorId: 0x04b8, productId: 0x0e03, evidence: 'verified', source: 'Odoo hw_escpos supported_devices' },
  { id: 'epson-tm-t20ii', family: 'printer', label: 'Epson TM-T20II receipt printer', vendorId: 0x04b8, productId: 0x0e15, evidence: 'verified', source: 'Odoo hw_escpos supported_devices' },
  {
    id: 'epson-printer',
    family: 'printer',
    label: 'Epson printer (printer-class interface)',
    vendorId: 0x04b8,
    interfaceClass: USB_CLASS.PRINTER,
    evidence: 'verified',
    source: 'Odoo hw_escpos lists Epson TM printers under VID 04b8; USB printer class 07h',
  },
  {
    id: 'winbond-printer-class',
    family: 'printer',
    label: 'Winbond-based POS printer',
    vendorId: 0x0416,
    interfaceClass: USB_CLASS.PRINTER,
    evidence: 'guess',
    source: 'other 0416 products with a printer-class interface, by analogy with 0416:5011',
  },
  {
    id: 'stm32-printer',
    family: 'printer',
    label: 'STM32-based thermal printer',
    vendorId: 0x0483,
    interfaceClass: USB_CLASS.PRINTER,
    evidence: 'guess',
    source: '0483 is STMicroelectronics (public code); kiosk printer boards built on STM32 keep ST\'s VID — trade knowledge, unconfirmed',
  },
  {
    id: 'nxp-printer',
    family: 'printer',
    label: 'NXP LPC-based thermal printer',
    vendorId: 0x1fc9,
    interfaceClass: USB_CLASS.PRINTER,
    evidence: 'guess',
    source: '1fc9 is NXP Semiconductors (from memory of usb.ids, not re-checked); printers on LPC MCUs — unconfirmed',
  },
  {
    id: 'gd32-printer',
    family: 'printer',
    label: 'GD32-based thermal printer (Xprinter-type)',
    vendorId: 0x28e9,
    interfaceClass: USB_CLASS.PRINTER,
    evidence: 'guess',
    source: '28e9 is GigaDevice (GD32) from memory; one public POS project labels 0x28E9 "XPrinter" — unconfirmed',
  },
  // ---- USB-serial adapters (RS-485 / RS-232 buses of LED window screens and pads) ----
  { id: 'ch340', family: 'usb-serial', label: 'CH340 USB-serial adapter (RS-485/RS-232)', vendorId: 0x1a86, productId: 0x7523, evidence: 'verified', source: 'usb.ids: 1a86 QinHeng Electronics, 7523 CH340 serial converter' },
  { id: 'ch340-7522', family: 'usb-serial', label: 'CH340 USB-serial adapter (RS-485/RS-232)', vendorId: 0x1a86, productId: 0x7522, evidence: 'verified', source: 'usb.ids: 1a86:7522 CH340 serial converter' },
  { id: 'ch341', family: 'usb-serial', label: 'CH341 USB-serial adapter (RS-485/RS-232)', vendorId: 0x1a86, productId: 0x5523, evidence: 'verified', source: 'usb.ids: 1a86:5523 CH341 in serial mode' },
  { id: 'cp210x', family: 'usb-serial', label: 'CP210x USB-serial adapter (RS-485/RS-232)', vendorId: 0x10c4, productId: 0xea60, evidence: 'verified', source: 'usb.ids: 10c4 Silicon Labs, ea60 CP210x UART Bridge' },
  { id: 'cp2105', family: 'usb-serial', label: 'CP2105 dual USB-serial adapter', vendorId: 0x10c4, productId: 0xea70, evidence: 'verified', source: 'usb.ids: 10c4:ea70 CP2105 Dual UART Bridge' },
  { id: 'cp2108', family: 'usb-serial', label: 'CP2108 quad USB-serial adapter', vendorId: 0x10c4, productId: 0xea71, evidence: 'verified', source: 'usb.ids: 10c4:ea71 CP2108 Quad UART Bridge' },
  { id: 'ft232', family: 'usb-serial', label: 'FTDI FT232 USB-serial adapter (RS-485/RS-232)', vendorId: 0x0403, productId: 0x6001, evidence: 'verified', source: 'usb.ids: 0403 Future Technology Devices International, 6001 FT232 Serial (UART) IC' },
  { id: 'ft232h', family: 'usb-serial', label: 'FTDI FT232H USB-serial adapter', vendorId: 0x0403, productId: 0x6014, evidence: 'verified', source: 'usb.ids: 0403:6014 FT232H Single HS USB-UART/FIFO IC' },
  { id: 'pl2303', family: 'usb-serial', label: 'Prolific PL2303 USB-serial adapter', vendorId: 0x067b, productId: 0x2303, evidence: 'verified', source: 'usb.ids: 067b Prolific Technology, 2303 PL2303 Serial Port' },
];

export interface FingerprintInput {
  vendorId?: number;
  productId?: number;
  /** USB interface classes the device has (from its configuration), when known. */
  interfaceClasses?: number[];
  /** HID top-level usage, when known (node-hid's usagePage/usage). */
  usagePage?: number;
  usage?: number;
  /** A USB HID interface of the boot keyboard kind (class 3, subclass 1, protocol 1). */
  bootKeyboard?: boolean;
}

export interface FingerprintMatch {
  family: DeviceFamily;
  label: string;
  evidence: 'verified' | 'guess';
  /** The table entry, or a class rule ("usb-printer-class", "hid-keyboard"). */
  id: string;
  source: string;
}

/**
 * The best match: an exact VID:PID entry, else a vendor entry whose interface class the device has,
 * else a class rule (any printer-class interface is a printer; a HID keyboard is a keypad candidate).
 */
export function matchFingerprint(d: FingerprintInput): FingerprintMatch | undefined {
  const classes = d.interfaceClasses ?? [];
  const pick = (f: Fingerprint): FingerprintMatch => ({ family: f.family, label: f.label, evidence: f.evidence, id: f.id, source: f.source });
  if (d.vendorId !== undefined) {
    const exact = FINGERPRINTS.find((f) => f.vendorId === d.vendorId && f.productId !== undefined && f.productId === d.productId);
    if (exact) return pick(exact);
    const byClass = FINGERPRINTS.find((f) => f.vendorId === d.vendorId && f.productId === undefined && f.interfaceClass !== undefined && classes.includes(f.interfaceClass));
    if (byClass) return pick(byClass);
  }
  if (classes.includes(USB_CLASS.PRINTER)) {
    return { family: 'printer', label: 'USB printer (printer-class interface)', evidence: 'verified', id: 'usb-printer-class', source: 'USB Printer Class: interface class 07h' };
  }
  if (d.bootKeyboard || (d.usagePage === HID_USAGE.GENERIC_DESKTOP && (d.usage === HID_USAGE.KEYBOARD || d.usage === HID_USAGE.KEYPAD))) {
    return {
      family: 'keypad',
      label: 'HID keyboard/keypad: rating pad or caller keypad candidate',
      evidence: 'verified',
      id: 'hid-keyboard',
      source: 'HID Usage Tables: Generic Desktop (01h), Keyboard (06h) / Keypad (07h); HID spec: boot keyboard interface = class 3, subclass 1, protocol 1',
    };
  }
  return undefined;
}
