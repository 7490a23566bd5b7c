// Printer profiles: what differs between the thermal printers halls use. The default fits the common
// Chinese kiosk printers (80 mm, generic ESC/POS, GB18030 in Hanzi mode, native QR by GS ( k, partial
// cut), which is also what most 58 mm models accept at 32 characters a line.
import { z } from 'zod';

export const printerProfileSchema = z.object({
  /** Paper width in mm: 80 mm prints 48 half-width characters (576 dots), 58 mm prints 32 (384 dots). */
  width: z.union([z.literal(58), z.literal(80)]).default(80),
  /** generic: the ESC/POS most Chinese printers speak; epson: Epson TM (page-mode raster GS 8 L). */
  commands: z.enum(['generic', 'epson']).default('generic'),
  /** Hanzi mode (FS &) with GB18030 text; off: code page 437, Chinese comes out as '?'. */
  chinese: z.boolean().default(true),
  cut: z.enum(['partial', 'full', 'none']).default('partial'),
  /** native: the printer draws the QR code from its data (GS ( k); raster: we send its picture (GS v 0 / GS 8 L). */
  qr: z.enum(['native', 'raster']).default('native'),
  /** Beep once the ticket is out (ESC B), for kiosks where the citizen may walk off. */
  beep: z.boolean().default(false),
  /**
   * asb: the printer reports every change by itself (GS a), and we ask (DLE EOT) every pollMs too;
   * poll: we only ask; none: a write-only line (a `file:` address such as /dev/usb/lp0 that cannot be
   * read back): a ticket counts as printed once the OS took its bytes, and health is the link's alone.
   */
  statusBack: z.enum(['asb', 'poll', 'none']).default('asb'),
  pollMs: z.number().int().min(500).max(60_000).default(5000),
  /** How long a ticket may take from the last byte sent to the printer's end-of-job answer. */
  jobTimeoutMs: z.number().int().min(500).max(120_000).default(10_000),
});
export type PrinterProfile = z.output<typeof printerProfileSchema>;

/** Fields a print command may change for one ticket: only those given (no defaults filled in). */
export const profileOverrideSchema = z
  .object(Object.fromEntries(Object.entries(printerProfileSchema.shape).map(([k, v]) => [k, v.unwrap().optional()])) as {
    [K in keyof typeof printerProfileSchema.shape]: z.ZodOptional<ReturnType<(typeof printerProfileSchema.shape)[K]['unwrap']>>;
  })
  .strict();
export type PrinterProfileInput = z.input<typeof printerProfileSchema>;

export const DEFAULT_PROFILE: PrinterProfile = printerProfileSchema.parse({});

/** Characters per line (half-width) for a paper width. */
export const cplOf = (width: 58 | 80): number => (width === 58 ? 32 : 48);

export function profileOf(input: unknown): PrinterProfile {
  return printerProfileSchema.parse(input ?? {});
}
