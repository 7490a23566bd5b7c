// The counter-pads driver families, loaded by devices/families.ts (the hub and `hall agent`): importing
// this registers the drivers of rating pads and caller keypads, and their simulators by name.
import './open-pad-driver.js';
import './virtual.js';
import './hid-driver.js';
