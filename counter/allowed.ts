// What the hub says this counter may do now (GET /api/counters/:id `allowed`, also in every action's
// answer): the console's buttons are enabled from it, never from a copy of the engine's rules.
export type HubAction = 'call-next' | 'call-number' | 'recall' | 'skip' | 'start' | 'finish' | 'transfer' | 'hold' | 'resume-held' | 'pause' | 'resume' | 'logout';

export interface Refusal {
  code: string;
  params?: Record<string, unknown>;
  /** The refusal in the caller's language: the disabled button's hint. */
  message: string;
}

/** Each action: null where allowed, else why not. Before the hub has answered: nothing is allowed. */
export type Allowed = Record<HubAction, Refusal | null>;

/** Where a transfer may go: open counters (not this one) with the services each serves. */
export interface TransferTarget {
  id: string;
  services: string[];
}

export const may = (allowed: Allowed | null, action: HubAction): boolean => !!allowed && allowed[action] === null;

/** Why not, for a hint ('' when allowed or not yet known). */
export const whyNot = (allowed: Allowed | null, action: HubAction): string => allowed?.[action]?.message ?? '';
