-- Claims let several instances of zhibu share one PostgreSQL database
-- (README, "Several instances"). An instance claims a chat before it
-- handles the chat's updates, and an outbox message before it sends it:
-- claimed_by is the instance, claim_until when the claim lapses if that
-- instance stopped without giving it back. On SQLite, which one process
-- uses, they stay empty.
--
-- A chat is handled by one instance at a time, so its updates are handled
-- in order whichever instance takes them, and no two instances do the
-- same work; one claim serves all the updates of a burst.

-- +goose Up
CREATE TABLE chat_claims (
    chat_id     BIGINT PRIMARY KEY,
    claimed_by  TEXT NOT NULL,
    claim_until TIMESTAMP NOT NULL
);
ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN claim_until TIMESTAMP;
CREATE INDEX outbox_sending_at ON outbox (sending_at);

-- +goose Down
DROP INDEX outbox_sending_at;
ALTER TABLE outbox DROP COLUMN claim_until;
ALTER TABLE outbox DROP COLUMN claimed_by;
DROP TABLE chat_claims;
