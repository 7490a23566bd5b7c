// Driver families: the built-in ones (added by the ticket-printer/, display-board/ and counter-pads/
// issues: each family module calls registerDriver() when imported) and extra modules named on the
// command line (`--driver ./my-family.ts`, or HALL_DRIVERS=a.js,b.js), for a family of one's own.
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Built-in family modules, imported for their registerDriver() calls. */
const BUILT_IN: Array<() => Promise<unknown>> = [
  // counter-pads: RS-485 pads and caller keypads (open pad protocol), USB HID pads.
  () => import('../counter-pads/families.js'),
  // display-board: Onbon BX and plain window-screen LED buses.
  () => import('../display-board/index.js'),
  // ticket-printer: ESC/POS ticket printers (escpos 80 mm, escpos-58); their emulator by name only (./virtual.ts).
  () => import('../ticket-printer/driver.js'),
];

/** A module name as given: a path (./x.ts, /opt/x.js) is resolved from the working directory; anything else is a package. */
export function driverModuleSpecifier(name: string, cwd = process.cwd()): string {
  const isPath = name.startsWith('.') || isAbsolute(name) || /\.[cm]?[jt]s$/.test(name);
  return isPath ? pathToFileURL(resolve(cwd, name)).href : name;
}

/** Loads the built-in families and the extra modules; fails with the module's name if one cannot be loaded. */
export async function loadDriverFamilies(extra: readonly string[] = []): Promise<void> {
  for (const load of BUILT_IN) await load();
  for (const name of extra) {
    try {
      await import(driverModuleSpecifier(name));
    } catch (e) {
      throw new Error(`cannot load the driver module ${name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
}

/** The extra modules from HALL_DRIVERS (comma-separated). */
export function driverModulesFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.HALL_DRIVERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
