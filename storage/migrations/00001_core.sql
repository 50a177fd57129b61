-- Core tables: branches, their rosters and audit logs, and the durable inbox
-- of incoming updates. Times are TIMESTAMP (mattn/go-sqlite3 parses columns
-- declared so back into time.Time) and always written in UTC.

-- +goose Up
CREATE TABLE branches (
    -- AUTOINCREMENT: ids are never reused, so an old id in a log or a button
    -- can never name a newer row.
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id    BIGINT    NOT NULL UNIQUE,
    name       TEXT      NOT NULL,
    time_zone  TEXT      NOT NULL,
    active     BOOLEAN   NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE members (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    -- No ON DELETE CASCADE: deleting a branch that has members fails.
    branch_id   INTEGER   NOT NULL REFERENCES branches (id),
    name        TEXT      NOT NULL,
    status      TEXT      NOT NULL,
    grp         TEXT      NOT NULL DEFAULT '',
    role        TEXT      NOT NULL DEFAULT '',
    telegram_id BIGINT    NOT NULL DEFAULT 0,
    username    TEXT      NOT NULL DEFAULT '',
    removed     BOOLEAN   NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (branch_id, name)
);

-- One roster entry per Telegram account and branch; 0 means not linked.
CREATE UNIQUE INDEX members_telegram ON members (branch_id, telegram_id) WHERE telegram_id <> 0;

CREATE TABLE changes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    branch_id  INTEGER   NOT NULL REFERENCES branches (id),
    actor_id   BIGINT    NOT NULL DEFAULT 0,
    actor_name TEXT      NOT NULL DEFAULT '',
    action     TEXT      NOT NULL,
    subject    TEXT      NOT NULL DEFAULT '',
    before     TEXT      NOT NULL DEFAULT '',
    after      TEXT      NOT NULL DEFAULT '',
    at         TIMESTAMP NOT NULL
);

CREATE INDEX changes_branch_at ON changes (branch_id, at);

CREATE TABLE inbox_updates (
    update_id    BIGINT    PRIMARY KEY,
    chat_id      BIGINT    NOT NULL DEFAULT 0,
    payload      BLOB      NOT NULL,
    received_at  TIMESTAMP NOT NULL,
    processed_at TIMESTAMP,
    failure      TEXT      NOT NULL DEFAULT ''
);

-- Only pending updates are indexed: the dispatcher asks for those in order.
CREATE INDEX inbox_updates_pending ON inbox_updates (update_id) WHERE processed_at IS NULL;

-- Small integer state of the bot, e.g. key 'inbox_offset'.
CREATE TABLE bot_state (
    key   TEXT   PRIMARY KEY,
    value BIGINT NOT NULL
);

-- +goose Down
DROP TABLE bot_state;
DROP TABLE inbox_updates;
DROP TABLE changes;
DROP TABLE members;
DROP TABLE branches;
