-- The durable outbox (docs/design.md §4): every scheduled message waits here until
-- the sender delivers it within Telegram's limits. Rows stay after sending, so
-- a key is never queued, nor sent, twice. state is 'pending', 'sent',
-- 'failed' (given up after errors, expired, or replaced by its fallback) or
-- 'dropped' (the chat forbade the bot). branch_id carries no foreign key: a
-- message only names the branch for logs. Times are UTC.

-- +goose Up
CREATE TABLE outbox (
    id         INTEGER   PRIMARY KEY AUTOINCREMENT,
    chat_id    BIGINT    NOT NULL,
    -- e.g. 'meeting:12:24h:2026-11-24T19:00:member:5', unique for all time.
    key        TEXT      NOT NULL UNIQUE,
    branch_id  BIGINT    NOT NULL DEFAULT 0,
    kind       TEXT      NOT NULL DEFAULT '',
    private    BOOLEAN   NOT NULL DEFAULT FALSE,
    text       TEXT      NOT NULL,
    -- JSON rows of buttons, NULL when none.
    buttons    TEXT,
    -- JSON of the message sent instead when the chat forbids the bot, or NULL.
    fallback   TEXT,
    -- NULL: the default bound after created_at.
    not_after  TIMESTAMP,
    not_before TIMESTAMP NOT NULL,
    attempts   INTEGER   NOT NULL DEFAULT 0,
    state      TEXT      NOT NULL DEFAULT 'pending',
    last_error TEXT      NOT NULL DEFAULT '',
    message_id BIGINT    NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    sent_at    TIMESTAMP
);

-- The sender's queue: pending messages by not_before.
CREATE INDEX outbox_state_not_before ON outbox (state, not_before, id);
-- Moving or dropping the pending messages of one chat.
CREATE INDEX outbox_chat_state ON outbox (chat_id, state);

-- +goose Down
DROP TABLE outbox;
