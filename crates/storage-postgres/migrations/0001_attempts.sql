-- Attempts and their event logs. Times are Unix microseconds, UTC, as in storage-sqlite.
-- Ids compare byte by byte (COLLATE "C"), like SQLite's BINARY, so listings sort the same way
-- whatever the database's default collation.
CREATE TABLE attempts (
    id            TEXT COLLATE "C" PRIMARY KEY,
    user_id       TEXT,
    exam          TEXT NOT NULL,
    mode          TEXT NOT NULL,
    -- The u64 seed, stored as its two's-complement i64 bit pattern (as storage-sqlite does).
    seed          BIGINT NOT NULL,
    form          TEXT NOT NULL,
    started_at    BIGINT NOT NULL,
    deadline      BIGINT,
    finished_at   BIGINT,
    outcome       TEXT CHECK (outcome IN ('submitted', 'timed-out')),
    scaled_score  BIGINT CHECK (scaled_score BETWEEN 0 AND 4294967295),
    passed        BOOLEAN,
    report        TEXT
);

CREATE INDEX attempts_by_user ON attempts (user_id, started_at DESC);

CREATE TABLE attempt_events (
    attempt_id  TEXT COLLATE "C" NOT NULL REFERENCES attempts (id),
    seq         BIGINT NOT NULL CHECK (seq BETWEEN 0 AND 4294967295),
    at          BIGINT NOT NULL,
    event       TEXT NOT NULL,
    PRIMARY KEY (attempt_id, seq)
);
