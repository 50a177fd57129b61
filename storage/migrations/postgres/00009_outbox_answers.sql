-- PostgreSQL's version of ../00009_outbox_answers.sql (see migrate.go): ids are identity
-- columns and binary data BYTEA; the tables, columns and indexes are the same.

-- Command replies go through the outbox too (docs/design.md §2, §4), written
-- in the same transaction as the update's effects. urgent replies are sent
-- before reminders. extra holds, as JSON, what a reply may need besides text
-- and buttons: the message it answers or edits, a request to reply, the
-- messages to queue once it is sent, and the adapter's note of what to
-- record with its message id. document is a file's content, cleared once sent.

-- +goose Up
ALTER TABLE outbox ADD COLUMN urgent BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE outbox ADD COLUMN extra TEXT;
ALTER TABLE outbox ADD COLUMN document BYTEA;
CREATE INDEX outbox_urgent ON outbox (state, urgent, id);

-- +goose Down
DROP INDEX outbox_urgent;
ALTER TABLE outbox DROP COLUMN document;
ALTER TABLE outbox DROP COLUMN extra;
ALTER TABLE outbox DROP COLUMN urgent;
