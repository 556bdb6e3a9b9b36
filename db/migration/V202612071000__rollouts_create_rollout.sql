-- Rollouts (ADR 0035): a kernel feature turned on or off across hosts wave by wave. All of a
-- rollout's state is here, so that any replica's reconciler (a fleet job) takes it up where
-- another left it; a decision is taken holding the rollout's row lock (SELECT … FOR UPDATE).
CREATE TABLE rollout (
    id                uuid        PRIMARY KEY,
    name              text        NOT NULL,
    feature           text        NOT NULL CHECK (feature IN ('hvo', 'vduse')),
    -- The request as accepted (target, hosts, waves, budgets, timing), as the API shows it.
    spec              jsonb       NOT NULL,
    state             text        NOT NULL CHECK (state IN ('pending', 'running', 'paused', 'rolling-back',
                                                    'completed', 'aborted', 'rolled-back', 'failed')),
    -- While running (or paused from running): applying, baking or awaiting-approval.
    phase             text        CHECK (phase IN ('applying', 'baking', 'awaiting-approval')),
    wave              integer     NOT NULL DEFAULT 1,
    wave_count        integer     NOT NULL,
    phase_since       timestamptz NOT NULL,
    bake_until        timestamptz,
    -- Failures the operator accepted by resuming a halted rollout: the budget halts it
    -- again only when failures grow beyond them.
    accepted_failures integer     NOT NULL DEFAULT 0,
    reason            text        NOT NULL,
    created_at        timestamptz NOT NULL,
    created_by        jsonb       NOT NULL,
    updated_at        timestamptz NOT NULL,
    finished_at       timestamptz
);
CREATE INDEX rollout_active_idx ON rollout (id) WHERE state IN ('pending', 'running', 'paused', 'rolling-back');

-- Each host a rollout planned, in its wave. desired_version is the desired-state version the
-- rollout set for it (asked once: a host is asked again only to roll it back).
CREATE TABLE rollout_host (
    rollout_id        uuid        NOT NULL REFERENCES rollout (id),
    host_id           uuid        NOT NULL REFERENCES host (id),
    feature           text        NOT NULL,
    wave              integer     NOT NULL,
    -- The host's place in the wave (the plan's order), so that the hosts asked first are
    -- the same whichever replica asks.
    rank              integer     NOT NULL,
    state             text        NOT NULL CHECK (state IN ('pending', 'applying', 'succeeded', 'failed', 'skipped',
                                                    'rolling-back', 'rolled-back', 'rollback-failed')),
    -- Whether the rollout still holds the host (one active rollout per host and feature).
    active            boolean     NOT NULL DEFAULT true,
    desired_version   bigint,
    action_count      integer,
    asked_at          timestamptz,
    deadline_at       timestamptz,
    finished_at       timestamptz,
    -- What the host reported before it was asked: what a rollback restores and what the
    -- rebuilt pages are checked against.
    previous          jsonb,
    detail            text,
    -- After the rollout completed: the host's report no longer shows the target state
    -- (the drift scan, a fleet job, sets and clears it).
    drifted           boolean     NOT NULL DEFAULT false,
    drifted_at        timestamptz,
    drift             text,
    PRIMARY KEY (rollout_id, host_id)
);
CREATE INDEX rollout_host_progress_idx ON rollout_host (rollout_id, wave, state, rank);
CREATE INDEX rollout_host_host_idx ON rollout_host (host_id);
-- GET /api/v1/hosts?drifted=true and the drift gauge read only the drifted hosts.
CREATE INDEX rollout_host_drifted_idx ON rollout_host (host_id) WHERE drifted;
-- The database refuses a second active rollout of the same feature on a host, whatever
-- replicas race to create them.
CREATE UNIQUE INDEX rollout_host_one_active_idx ON rollout_host (host_id, feature) WHERE active;
