-- Attempts and their event logs. Times are Unix microseconds, UTC.
CREATE TABLE attempts (
    id            TEXT PRIMARY KEY NOT NULL,
    user_id       TEXT,
    exam          TEXT NOT NULL,
    mode          TEXT NOT NULL,
    seed          INTEGER NOT NULL,
    form          TEXT NOT NULL,
    started_at    INTEGER NOT NULL,
    deadline      INTEGER,
    finished_at   INTEGER,
    outcome       TEXT CHECK (outcome IN ('submitted', 'timed-out')),
    scaled_score  INTEGER,
    passed        INTEGER,
    report        TEXT
) STRICT;

CREATE INDEX attempts_by_user ON attempts (user_id, started_at DESC);

CREATE TABLE attempt_events (
    attempt_id  TEXT NOT NULL REFERENCES attempts (id),
    seq         INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    event       TEXT NOT NULL,
    PRIMARY KEY (attempt_id, seq)
) STRICT;
