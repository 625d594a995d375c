-- Accounts of the web app, their browser sessions, and failed sign-ins. Times are Unix
-- microseconds, UTC, as in storage-sqlite. Keys compare byte by byte (COLLATE "C").
CREATE TABLE users (
    id             TEXT COLLATE "C" NOT NULL,
    name           TEXT NOT NULL,
    -- The name in ASCII lower case (computed by the store, not by the server's locale):
    -- names are unique ignoring ASCII case.
    name_key       TEXT COLLATE "C" NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('learner', 'author', 'admin')),
    created_at     BIGINT NOT NULL,
    -- Named, so the store can tell which rule an insert broke.
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_name_key_unique UNIQUE (name_key)
);

-- The id is the SHA-256 of the cookie's token, hex; the token itself is never stored.
CREATE TABLE web_sessions (
    id          TEXT COLLATE "C" PRIMARY KEY,
    user_id     TEXT COLLATE "C" REFERENCES users (id),
    guest       TEXT NOT NULL,
    csrf        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

CREATE INDEX web_sessions_by_expiry ON web_sessions (expires_at);

-- One row per failed sign-in, by the ASCII-lowercased name tried.
CREATE TABLE sign_in_failures (
    name_key  TEXT COLLATE "C" NOT NULL,
    at        BIGINT NOT NULL
);

CREATE INDEX sign_in_failures_by_name ON sign_in_failures (name_key, at);
