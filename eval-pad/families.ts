// The eval-pad driver families, loaded by devices/families.ts (the hub and `hall agent`): importing
// this registers the drivers and simulators of rating pads and caller keypads.
import './open-pad-driver.js';
import './simulator.js';
import './hid-driver.js';
