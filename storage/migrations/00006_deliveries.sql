-- Deliveries of scheduler occurrences: one row per occurrence key, written in
-- the same transaction that queues its messages in the outbox (00005), so an
-- occurrence is delivered exactly once even when several processes tick at
-- once. outcome is 'sent', 'dropped' (found after it expired) or 'skipped'
-- (an older occurrence of a recurring series found late). branch_id carries
-- no foreign key: the row only records that a key was handled. The
-- scheduler's watermark lives in bot_state under 'scheduler_watermark'.

-- +goose Up
CREATE TABLE deliveries (
    -- e.g. 'meeting:12:24h:2026-11-24T19:00', unique for all time.
    key        TEXT      PRIMARY KEY,
    branch_id  BIGINT    NOT NULL DEFAULT 0,
    -- When the scheduler decided; created_at is when the row was written.
    at         TIMESTAMP NOT NULL,
    outcome    TEXT      NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- A branch's history of reminders, newest first.
CREATE INDEX deliveries_branch_at ON deliveries (branch_id, at);

-- +goose Down
DROP TABLE deliveries;
DELETE FROM bot_state WHERE key = 'scheduler_watermark';
