// A domain module's refusal: a stable code (clients switch on it) and the params its message is filled
// with. Each module keeps its own list of codes and a subclass named for it; hub/api/errors.ts maps
// the codes to HTTP statuses in one table, hub/error-messages.ts words them in the caller's language.
export type ErrorParams = Record<string, string | number | null>;

export abstract class DomainError<C extends string> extends Error {
  constructor(
    readonly code: C,
    readonly params: ErrorParams = {},
  ) {
    // The code alone when there is nothing to fill in; the params beside it otherwise (logs read both).
    super(Object.keys(params).length === 0 ? code : `${code} ${JSON.stringify(params)}`);
  }
}
