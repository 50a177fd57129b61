-- sending_at is when the sender last began sending a message. The sender
-- writes it just before each attempt, only while the message is pending:
-- a message settled meanwhile is not sent again, and a database that
-- cannot be written stops sending before anything goes out that could not
-- be recorded as sent.

-- +goose Up
ALTER TABLE outbox ADD COLUMN sending_at TIMESTAMP;

-- +goose Down
ALTER TABLE outbox DROP COLUMN sending_at;
