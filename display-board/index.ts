// The display-board family module: importing it registers the LED board drivers (onbon-bx,
// window-screen) and their virtual buses, by name (devices/families.ts loads it for the hub and `hall agent`).
import './driver.js';
import './virtual.js';

export { CODECS, FAMILY_CODEC, codecByName } from './codecs/index.js';
export { boardTextsSchema, DEFAULT_BOARD_TEXTS, type BoardTexts } from './content.js';
