// `hall` run from the TypeScript sources through tsx, whatever the state of the build: for a child that
// loads a TypeScript test module beside the hall's code (a test driver family registers itself in
// devices/driver.ts, so it must meet the sources' registry, not dist/server's copy, which plain node
// could not load it into anyway: "Unknown file extension .ts").
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../../hub/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
