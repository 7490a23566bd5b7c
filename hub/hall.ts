// The hall: the one writer of a hall's state. It runs engine commands, stores their events with the
// state change in one transaction, applies them, and tells subscribers (the realtime layer, devices).
import { randomFillSync } from 'node:crypto';
import type { Logger } from 'pino';
import { hallConfigSchema, type HallConfig } from './config/schema.js';
import { businessDay } from './engine/calendar.js';
import { decide, type Command } from './engine/engine.js';
import { applyEvent, withInputs } from './engine/state.js';
import type { Actor, EngineInputs, HallState, StoredEvent } from './engine/types.js';
import type { Clock } from './clock.js';
import { GroupCommit } from './store/group-commit.js';
import type { HallStore } from './store/hall-store.js';
import { servicesView } from './views.js';

export type EventListener = (events: readonly StoredEvent[]) => void;

export const SYSTEM: Actor = { kind: 'system', id: 'hub' };

// Ticket ids come from a block of the CSPRNG filled 256 ids at a time: one call into it per ticket was
// 3 % of a kiosk's POST in the bench (~30 µs each). Each byte of the block still serves one id only.
const ID_BYTES = 16;
const idBlock = Buffer.alloc(ID_BYTES * 256);
let idAt = idBlock.length;

/** 128 random bits, URL-safe: a ticket id doubles as the key of the citizen's tracking link. */
export function newTicketId(): string {
  if (idAt >= idBlock.length) {
    randomFillSync(idBlock);
    idAt = 0;
  }
  idAt += ID_BYTES;
  return idBlock.toString('base64url', idAt - ID_BYTES, idAt);
}

/** A config stored by an earlier version lacks the fields added since: they take their defaults. */
function storedConfig(json: string): HallConfig {
  const raw = JSON.parse(json) as HallConfig;
  const parsed = hallConfigSchema.safeParse(raw);
  return parsed.success ? parsed.data : raw;
}

export interface HallOptions {
  store: HallStore;
  /** The config from HALL_CONFIG (or the demo hall) and a fingerprint of where it came from. */
  config: HallConfig;
  configSource: string;
  clock: Clock;
  log: Logger;
  newId?: () => string;
  /** Today's state, when the caller loaded it already (HallStore.loadStateInPages, with startConfig's config). */
  state?: HallState;
  /**
   * The disk refused to make committed writes durable (see GroupCommitHooks.syncFailed). The default
   * stops the process (exit code 70) so that the service manager restarts the hub from what is really
   * on disk; tests pass their own.
   */
  onDiskFailure?: (error: unknown) => void;
}

/**
 * The config a hall starts with: the stored one (the dashboard's edits included) unless the config
 * file is new or changed, which then replaces it (the constructor commits that as a configure).
 */
export function startConfig(store: HallStore, options: Pick<HallOptions, 'config' | 'configSource'>): { config: HallConfig; replace: boolean } {
  const stored = store.storedConfigJson();
  const replace = !stored || store.getHall('config_source') !== options.configSource;
  return { config: stored ? storedConfig(stored) : options.config, replace };
}

export class Hall {
  readonly store: HallStore;
  readonly clock: Clock;
  readonly log: Logger;
  private readonly newId: () => string;
  private readonly listeners = new Set<EventListener>();
  private state: HallState;
  /**
   * The whole config as the last committed config.changed left it (devices, printers, managers, TLS…):
   * the engine's state keeps only its hall model (hub/engine/domain.ts).
   */
  private file: HallConfig;
  private seq: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly group: GroupCommit<StoredEvent[]>;

  constructor(options: HallOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.log = options.log;
    this.newId = options.newId ?? newTicketId;
    const onDiskFailure = options.onDiskFailure ?? (() => process.exit(70));
    this.group = this.store.groupCommit({
      committed: (results) => this.publish(results.flat()),
      rolledBack: (e) => this.reload(e),
      syncFailed: (e) => {
        this.log.fatal({ err: e }, 'the disk refused to sync the write-ahead log: stopping, a restart reads what is really on disk');
        onDiskFailure(e);
      },
    });
    // The stored config carries the dashboard's edits; a new or changed config file replaces it.
    const start = startConfig(this.store, options);
    this.file = start.config;
    this.state = options.state ?? this.store.loadState(start.config, this.clock.now());
    this.seq = this.store.lastSeq();
    if (start.replace) {
      this.execute({ type: 'configure', config: options.config, source: 'file' }, SYSTEM);
      this.store.setHall('config_source', options.configSource);
    }
    this.execute({ type: 'tick' }, SYSTEM);
  }

  get config(): HallConfig {
    return this.file;
  }

  /** Read-only view of the engine state for views and reports. Never mutate it. */
  get view(): Readonly<HallState> {
    return this.state;
  }

  get lastSeq(): number {
    return this.seq;
  }

  private servicesAtSeq: { seq: number; view: ReturnType<typeof servicesView> } | undefined;

  /**
   * The services view (queues, estimates, availability) as the last committed batch left it, worked
   * out once for every listener of that batch (the realtime queue push, the devices' snapshot) rather
   * than once each. For a listener of a batch only: hours later, with no new event, availability may
   * have moved on — ask servicesView for the present.
   */
  servicesAfterBatch(): ReturnType<typeof servicesView> {
    if (this.servicesAtSeq?.seq !== this.seq) this.servicesAtSeq = { seq: this.seq, view: servicesView(this.state, this.clock.now()) };
    return this.servicesAtSeq.view;
  }

  /**
   * Runs one command: the engine decides (or throws an EngineError), the store commits, then the
   * state changes and subscribers hear of it. All synchronous, so no other command runs in between.
   * `alsoInTransaction` writes something of the caller's (a login's session) in the same transaction.
   */
  execute(command: Command, actor: Actor, alsoInTransaction?: () => void): StoredEvent[] {
    // A new business day is committed on its own first, so that it happens even if the command that
    // noticed it is then refused (a kiosk press at 03:05 in a closed hall).
    this.rollDayFirst(command);
    const stored = this.commit(command, actor, alsoInTransaction);
    // This FULL commit synced the WAL: the groups still waiting for their fsync are durable, and are
    // published before this one (the order of the events).
    if (stored.length > 0) this.group.durableNow();
    this.publish(stored);
    return stored;
  }

  /**
   * Runs one command like `execute`, but its transaction is shared with every other command submitted
   * in the same turn of the event loop (one fsync for a burst of kiosks, see store/group-commit.ts).
   * Resolves once that transaction is on disk; a refused command rejects alone.
   */
  submit(command: Command, actor: Actor, alsoInTransaction?: () => void): Promise<StoredEvent[]> {
    this.rollDayFirst(command);
    return this.group.add(() => this.commit(command, actor, alsoInTransaction));
  }

  /** Hands the engine inputs from outside the event log (the estimate's prior from the day summaries). */
  setEngineInputs(inputs: EngineInputs): void {
    withInputs(this.state, inputs);
    this.servicesAtSeq = undefined;
  }

  /** Commits, in one transaction or fsync group, how many commands; for the bench. */
  get groupStats(): Readonly<GroupCommit<StoredEvent[]>['stats']> {
    return this.group.stats;
  }

  private rollDayFirst(command: Command): void {
    if (command.type !== 'tick' && businessDay(this.clock.now(), this.state.config) !== this.state.businessDay) this.execute({ type: 'tick' }, SYSTEM);
  }

  /** Decides, stores (in a transaction, or a savepoint of a group's) and applies; tells nobody yet. */
  private commit(command: Command, actor: Actor, alsoInTransaction?: () => void): StoredEvent[] {
    const events = decide(this.state, command, { now: this.clock.now(), actor, newId: this.newId });
    if (events.length === 0 && !alsoInTransaction) return [];
    const stored = this.store.append(events, alsoInTransaction);
    if (stored.length === 0) return [];
    for (const e of stored) {
      applyEvent(this.state, e);
      if (e.type === 'config.changed') this.file = e.config;
    }
    this.seq = stored[stored.length - 1]!.seq;
    return stored;
  }

  private publish(stored: readonly StoredEvent[]): void {
    if (stored.length === 0) return;
    this.logEvents(stored);
    for (const l of this.listeners) {
      try {
        l(stored);
      } catch (e) {
        this.log.error({ err: e }, 'event listener failed');
      }
    }
  }

  /** A group's transaction failed as a whole: its commands' changes to the state are undone by reloading it. */
  private reload(error: unknown): void {
    this.log.error({ err: error }, 'grouped commit failed; reloading the state from the store');
    const inputs = this.state.inputs;
    // A config change of the failed group is undone too: back to the one the store holds.
    const stored = this.store.storedConfigJson();
    if (stored) this.file = storedConfig(stored);
    this.state = this.store.loadState(this.file, this.clock.now());
    withInputs(this.state, inputs);
    this.seq = this.store.lastSeq();
  }

  /** Staff presence and config changes at info (a manager reads these); everything else at debug. */
  private logEvents(events: readonly StoredEvent[]): void {
    for (const e of events) {
      const who = `${e.actor.kind}:${e.actor.id}`;
      if (e.type === 'counter.state' && e.cause !== 'call' && e.cause !== 'start' && e.cause !== 'finish')
        this.log.info({ seq: e.seq, counter: e.counter.id, state: e.counter.state, cause: e.cause, reason: e.counter.pauseReason, by: who }, 'counter');
      else if (e.type === 'config.changed' || e.type === 'day.rolled') this.log.info({ seq: e.seq, type: e.type, by: who }, e.type);
      else if ('ticket' in e) this.log.debug({ seq: e.seq, type: e.type, number: e.ticket.number, counter: e.ticket.counterId, by: who }, e.type);
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Checks for the day's rollover every so often, so boards clear at the reset hour even when idle. */
  startTimers(intervalMs = 30_000): void {
    this.timer = setInterval(() => {
      try {
        this.execute({ type: 'tick' }, SYSTEM);
        this.store.deleteExpiredSessions(this.clock.now());
      } catch (e) {
        this.log.error({ err: e }, 'periodic tick failed');
      }
    }, intervalMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    // Commands already accepted into a group are committed (and answered) before the store closes.
    this.group.flush(true);
    this.listeners.clear();
    this.store.close();
  }
}
