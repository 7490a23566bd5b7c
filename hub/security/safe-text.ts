// Text that reaches a screen, an LED board or paper: one rule for every such field. Control characters
// (C0, DEL, C1) drive terminals, LED protocols and printers (ESC/POS commands start with ESC or GS; a NUL
// ends a C string in a board's firmware), and bidi overrides turn a number around on a screen; none of
// them belongs in a name, a notice or a reason. A multi-line field (a notice, a template) may keep "\n".
import { z } from 'zod';

// C0 except nothing, DEL, C1, and the bidi embedding/override/isolate marks.
const SINGLE_LINE = /^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/u;
// The same with line feed (and the CR of a pasted CRLF) allowed.
const MULTI_LINE = /^[^\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/u;

export const CONTROL_CHARACTER_MESSAGE = 'no control characters (NUL, ESC, …) or direction overrides';

/** `schema` (a string schema with its own limits) refusing control characters; as a pattern, so the OpenAPI document shows it. */
export function safeText<T extends z.ZodString>(schema: T, options: { multiline?: boolean } = {}): T {
  return schema.regex(options.multiline ? MULTI_LINE : SINGLE_LINE, CONTROL_CHARACTER_MESSAGE) as T;
}

/** Whether `text` passes safeText (for places that check text outside zod). */
export function isSafeText(text: string, multiline = false): boolean {
  return (multiline ? MULTI_LINE : SINGLE_LINE).test(text);
}
