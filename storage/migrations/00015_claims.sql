-- Claims let several instances of zhibu share one PostgreSQL database
-- (README, "Several instances"). An instance claims an inbox update before
-- it handles it, and an outbox message before it sends it: claimed_by is
-- the instance, claim_until when the claim lapses if that instance stopped
-- without settling the row. On SQLite, which one process uses, they stay
-- empty.
--
-- Only the earliest pending update of a chat can be claimed, so a chat's
-- updates are handled in order whichever instance takes them; the index
-- serves that question.

-- +goose Up
ALTER TABLE inbox_updates ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE inbox_updates ADD COLUMN claim_until TIMESTAMP;
CREATE INDEX inbox_updates_chat_pending ON inbox_updates (chat_id, update_id) WHERE processed_at IS NULL;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN claim_until TIMESTAMP;
CREATE INDEX outbox_sending_at ON outbox (sending_at);

-- +goose Down
DROP INDEX outbox_sending_at;
ALTER TABLE outbox DROP COLUMN claim_until;
ALTER TABLE outbox DROP COLUMN claimed_by;
DROP INDEX inbox_updates_chat_pending;
ALTER TABLE inbox_updates DROP COLUMN claim_until;
ALTER TABLE inbox_updates DROP COLUMN claimed_by;
