// The central's PostgreSQL schema, applied in order at start (central_migrations records which ran).
// Never edit a migration that has shipped: add a new one.
//
// Every table a hall writes is keyed by hall_id first (and day where it has one), so on Citus each is
// distributed by hall_id and co-located: one hall's ingest transaction touches one shard group, unchanged.
//   SELECT create_reference_table('halls'); -- small, read by every report
//   SELECT create_distributed_table('hall_state', 'hall_id');
//   SELECT create_distributed_table('events', 'hall_id', colocate_with => 'hall_state');
//   … the same for live_tickets, live_counters, day_stats.
// users and sessions are the central's own, small: local (or reference) tables.
export const centralMigrations: string[] = [
  // 1: managers and their sessions; halls and their upload tokens; the shipped event log; the projections
  // the city view reads (live tickets and counters, per-day aggregates), written in the ingest transaction.
  `
  CREATE TABLE users (
    username text PRIMARY KEY,
    name text NOT NULL,
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE sessions (
    token_sha256 text PRIMARY KEY,
    username text NOT NULL REFERENCES users ON DELETE CASCADE,
    expires_at timestamptz NOT NULL
  );
  CREATE TABLE halls (
    hall_id text PRIMARY KEY,
    name text NOT NULL,
    name_en text,
    -- district (区县中心), township (乡镇便民服务中心), village (村/社区服务点): the reports' tier.
    tier text NOT NULL DEFAULT 'township' CHECK (tier IN ('district', 'township', 'village')),
    address text,
    address_en text,
    -- sha256 of the hall's upload token (shown once by add-hall); NULL once revoked.
    token_sha256 text UNIQUE,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE hall_state (
    hall_id text PRIMARY KEY,
    -- Highest seq stored with none missing before it (ingest refuses gaps, so also the highest stored).
    last_seq bigint NOT NULL DEFAULT 0,
    last_event_at bigint,
    -- What the hub said at its last contact: its own last seq, and its clock minus ours (ms).
    hub_last_seq bigint NOT NULL DEFAULT 0,
    clock_offset_ms bigint NOT NULL DEFAULT 0,
    last_contact_at bigint,
    business_day text,
    config jsonb,
    -- Hall-side facts that are not in the event log, reported with every batch.
    followups_overdue integer NOT NULL DEFAULT 0,
    devices_faulty integer NOT NULL DEFAULT 0
  );
  CREATE TABLE events (
    hall_id text NOT NULL,
    seq bigint NOT NULL,
    at bigint NOT NULL,
    type text NOT NULL,
    payload jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (hall_id, seq)
  );
  -- Today's tickets still open (waiting, called, serving, held): the live queue.
  CREATE TABLE live_tickets (
    hall_id text NOT NULL,
    ticket_key text NOT NULL,
    service_id text NOT NULL,
    state text NOT NULL,
    issued_at bigint NOT NULL,
    PRIMARY KEY (hall_id, ticket_key)
  );
  CREATE TABLE live_counters (
    hall_id text NOT NULL,
    counter_id text NOT NULL,
    zone text NOT NULL,
    state text NOT NULL,
    since bigint NOT NULL,
    PRIMARY KEY (hall_id, counter_id)
  );
  -- Per hall, business day and service: what every city report is summed from.
  CREATE TABLE day_stats (
    hall_id text NOT NULL,
    day date NOT NULL,
    service_id text NOT NULL,
    issued integer NOT NULL DEFAULT 0,
    served integer NOT NULL DEFAULT 0,
    no_show integer NOT NULL DEFAULT 0,
    cancelled integer NOT NULL DEFAULT 0,
    wait_ms bigint NOT NULL DEFAULT 0,
    within_target integer NOT NULL DEFAULT 0,
    service_ms bigint NOT NULL DEFAULT 0,
    rated integer NOT NULL DEFAULT 0,
    satisfied integer NOT NULL DEFAULT 0,
    bad integer NOT NULL DEFAULT 0,
    score_sum integer NOT NULL DEFAULT 0,
    PRIMARY KEY (hall_id, day, service_id)
  );
  CREATE INDEX day_stats_day ON day_stats (day);
  `,
  // 2: per-month aggregates beside the per-day ones (a year's report sums 12 rows per hall and service
  // instead of 365; the edges of a range that are not whole months come from day_stats), and the seq of
  // each hall's last config change, so the city view re-reads a hall's config only when it changed.
  `
  ALTER TABLE hall_state ADD COLUMN config_seq bigint NOT NULL DEFAULT 0;
  CREATE TABLE month_stats (LIKE day_stats INCLUDING DEFAULTS);
  ALTER TABLE month_stats RENAME COLUMN day TO month;
  ALTER TABLE month_stats ADD PRIMARY KEY (hall_id, month, service_id);
  `,
  // 3: per hall and day, summed over services: what a report by day reads. A year × 30 halls is 11k rows
  // instead of day_stats' 175k (one per service too), which by day had to sort (spilling to disk at the
  // default work_mem) and join row by row: 0.8–2 s, now well under 0.1 s (bench/city-reports-bench.ts).
  `
  CREATE TABLE hall_day_stats (LIKE day_stats INCLUDING DEFAULTS);
  ALTER TABLE hall_day_stats DROP COLUMN service_id;
  ALTER TABLE hall_day_stats ADD PRIMARY KEY (hall_id, day);
  CREATE INDEX hall_day_stats_day ON hall_day_stats (day);
  INSERT INTO hall_day_stats SELECT hall_id, day, sum(issued), sum(served), sum(no_show), sum(cancelled), sum(wait_ms),
    sum(within_target), sum(service_ms), sum(rated), sum(satisfied), sum(bad), sum(score_sum) FROM day_stats GROUP BY 1, 2;
  `,
  // 4: managers' login failures and lockouts, kept as the hubs keep theirs (hub/auth/lockouts.ts: the same
  // rule and columns), so a restart of the central does not hand out fresh guesses. The central's own.
  `
  CREATE TABLE central_login_failures (
    key text PRIMARY KEY,
    scope text NOT NULL CHECK (scope IN ('account-client', 'account', 'client')),
    account text,
    client text,
    failures integer NOT NULL,
    last_at bigint NOT NULL,
    lockouts integer NOT NULL DEFAULT 0,
    locked_until bigint
  );
  CREATE INDEX central_login_failures_last ON central_login_failures (last_at);
  CREATE TABLE central_login_known_clients (
    account text NOT NULL,
    client text NOT NULL,
    last_ok_at bigint NOT NULL,
    PRIMARY KEY (account, client)
  );
  `,
];
