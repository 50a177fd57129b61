package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

// fallbackReason begins the reason of a message given up because its
// fallback was sent instead (scheduler.FallbackReason).
const fallbackReason = "forbidden: sent the fallback"

// Outbox states.
const (
	outboxPending = "pending"
	outboxSent    = "sent"
	outboxFailed  = "failed"  // given up: errors, expired, or replaced by its fallback
	outboxDropped = "dropped" // the chat forbade the bot
)

// outboxRow is a row of the outbox table.
type outboxRow struct {
	ID        int64 `gorm:"primaryKey"`
	ChatID    int64
	Key       string
	BranchID  int64
	Kind      string
	Private   bool
	Text      string
	Buttons   sql.NullString
	Fallback  sql.NullString
	NotAfter  sql.NullTime
	NotBefore time.Time
	Attempts  int
	State     string
	LastError string
	MessageID int
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
	SentAt    sql.NullTime
	Urgent    bool
	Extra     sql.NullString // JSON of jsonExtra, NULL when empty
	Document  []byte         // a file's content, cleared once sent
	SendingAt sql.NullTime   // when the last attempt began
}

func (outboxRow) TableName() string { return "outbox" }

// jsonButton and jsonMessage are the stored JSON of buttons and fallbacks,
// with names of their own so that renaming a Go field never breaks old rows.
type jsonButton struct {
	Text string `json:"text"`
	Data string `json:"data,omitempty"`
	URL  string `json:"url,omitempty"`
}

type jsonMessage struct {
	ChatID   int64          `json:"chat_id"`
	Text     string         `json:"text"`
	Buttons  [][]jsonButton `json:"buttons,omitempty"`
	Key      string         `json:"key"`
	BranchID int64          `json:"branch_id,omitempty"`
	Kind     string         `json:"kind,omitempty"`
	Private  bool           `json:"private,omitempty"`
	Fallback *jsonMessage   `json:"fallback,omitempty"`
	NotAfter time.Time      `json:"not_after,omitzero"`
	Urgent   bool           `json:"urgent,omitempty"`
	jsonExtra
	DocData []byte `json:"doc_data,omitempty"`
}

// jsonExtra is what a message may carry besides text and buttons; the
// outbox's extra column, and part of a nested message.
type jsonExtra struct {
	EditOf   int            `json:"edit_of,omitempty"`
	ReplyTo  int            `json:"reply_to,omitempty"`
	AskReply bool           `json:"ask_reply,omitempty"`
	Then     []*jsonMessage `json:"then,omitempty"`
	Bind     string         `json:"bind,omitempty"`
	DocName  string         `json:"doc_name,omitempty"`
	About    string         `json:"about,omitempty"`
}

func extraOf(m zhibu.Message) jsonExtra {
	e := jsonExtra{EditOf: m.EditOf, ReplyTo: m.ReplyTo, AskReply: m.AskReply, Bind: m.Bind, About: m.About}
	for _, t := range m.Then {
		e.Then = append(e.Then, jsonOf(t))
	}
	if m.Document != nil {
		e.DocName = m.Document.Name
	}
	return e
}

// apply sets the extra fields on m; data is the document's content.
func (e jsonExtra) apply(m *zhibu.Message, data []byte) {
	m.EditOf, m.ReplyTo, m.AskReply, m.Bind, m.About = e.EditOf, e.ReplyTo, e.AskReply, e.Bind, e.About
	for _, t := range e.Then {
		m.Then = append(m.Then, t.message())
	}
	if e.DocName != "" {
		m.Document = &zhibu.Document{Name: e.DocName, Data: data}
	}
}

func (e jsonExtra) empty() bool {
	return e.EditOf == 0 && e.ReplyTo == 0 && !e.AskReply && len(e.Then) == 0 && e.Bind == "" && e.DocName == "" &&
		e.About == ""
}

func jsonOf(m zhibu.Message) *jsonMessage {
	j := &jsonMessage{ChatID: m.ChatID, Text: m.Text, Key: m.Key, BranchID: m.BranchID, Kind: m.Kind,
		Private: m.Private, NotAfter: m.NotAfter.UTC(), Urgent: m.Urgent, jsonExtra: extraOf(m)}
	if m.Document != nil {
		j.DocData = m.Document.Data
	}
	for _, row := range m.Buttons {
		r := make([]jsonButton, len(row))
		for i, b := range row {
			r[i] = jsonButton(b)
		}
		j.Buttons = append(j.Buttons, r)
	}
	if m.Fallback != nil {
		j.Fallback = jsonOf(*m.Fallback)
	}
	return j
}

func (j *jsonMessage) message() zhibu.Message {
	m := zhibu.Message{ChatID: j.ChatID, Text: j.Text, Key: j.Key, BranchID: j.BranchID, Kind: j.Kind,
		Private: j.Private, NotAfter: j.NotAfter, Buttons: buttonsOf(j.Buttons), Urgent: j.Urgent}
	j.jsonExtra.apply(&m, j.DocData)
	if j.Fallback != nil {
		fb := j.Fallback.message()
		m.Fallback = &fb
	}
	return m
}

func buttonsOf(rows [][]jsonButton) [][]zhibu.Button {
	var out [][]zhibu.Button
	for _, row := range rows {
		r := make([]zhibu.Button, len(row))
		for i, b := range row {
			r[i] = zhibu.Button(b)
		}
		out = append(out, r)
	}
	return out
}

// nullJSON encodes v, or NULL when empty is true.
func nullJSON(v any, empty bool) (sql.NullString, error) {
	if empty {
		return sql.NullString{}, nil
	}
	b, err := json.Marshal(v)
	return sql.NullString{String: string(b), Valid: err == nil}, err
}

func outboxRowOf(m zhibu.Message, notBefore, now time.Time) (outboxRow, error) {
	if m.Key == "" {
		return outboxRow{}, fmt.Errorf("message to chat %d without key", m.ChatID)
	}
	r := outboxRow{ChatID: m.ChatID, Key: m.Key, BranchID: m.BranchID, Kind: m.Kind, Private: m.Private,
		Text: m.Text, NotAfter: nullTime(m.NotAfter), NotBefore: notBefore.UTC(), State: outboxPending,
		CreatedAt: now.UTC(), Urgent: m.Urgent}
	if m.Document != nil {
		r.Document = m.Document.Data
	}
	e := extraOf(m)
	var err error
	if r.Extra, err = nullJSON(e, e.empty()); err != nil {
		return outboxRow{}, err
	}
	if r.Buttons, err = nullJSON(jsonOf(m).Buttons, len(m.Buttons) == 0); err != nil {
		return outboxRow{}, err
	}
	if m.Fallback != nil {
		r.Fallback, err = nullJSON(jsonOf(*m.Fallback), false)
	}
	return r, err
}

func (r outboxRow) queued() (zhibu.Queued, error) {
	m := zhibu.Message{ChatID: r.ChatID, Text: r.Text, Key: r.Key, BranchID: r.BranchID, Kind: r.Kind,
		Private: r.Private, NotAfter: fromNull(r.NotAfter), Urgent: r.Urgent}
	if r.Extra.Valid {
		var e jsonExtra
		if err := json.Unmarshal([]byte(r.Extra.String), &e); err != nil {
			return zhibu.Queued{}, fmt.Errorf("extra of outbox message %d: %w", r.ID, err)
		}
		e.apply(&m, r.Document)
	}
	if r.Buttons.Valid {
		var rows [][]jsonButton
		if err := json.Unmarshal([]byte(r.Buttons.String), &rows); err != nil {
			return zhibu.Queued{}, fmt.Errorf("buttons of outbox message %d: %w", r.ID, err)
		}
		m.Buttons = buttonsOf(rows)
	}
	if r.Fallback.Valid {
		var j jsonMessage
		if err := json.Unmarshal([]byte(r.Fallback.String), &j); err != nil {
			return zhibu.Queued{}, fmt.Errorf("fallback of outbox message %d: %w", r.ID, err)
		}
		fb := j.message()
		m.Fallback = &fb
	}
	return zhibu.Queued{ID: r.ID, Message: m, NotBefore: r.NotBefore.UTC(), Attempts: r.Attempts,
		CreatedAt: r.CreatedAt.UTC()}, nil
}

// Enqueue adds messages due at notBefore (zero: now) to the outbox in one
// transaction, skipping those whose Key is already there, sent or not. It
// returns how many were new. A message without a Key is an error.
func (db *DB) Enqueue(ctx context.Context, ms []zhibu.Message, notBefore time.Time) (int, error) {
	var n int
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		n, err = enqueueOutbox(tx, ms, db.stamp(notBefore), db.stamp(time.Time{}))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("storage: enqueue %d messages: %w", len(ms), err)
	}
	return n, nil
}

// outboxBatch is how many messages one INSERT writes.
const outboxBatch = 1000

// enqueueOutbox inserts messages in tx, skipping known keys, and returns how
// many were new. Other writes that queue messages atomically with their own
// rows (the scheduler's deliveries) call it inside their transaction.
func enqueueOutbox(tx *gorm.DB, ms []zhibu.Message, notBefore, now time.Time) (int, error) {
	if len(ms) == 0 {
		return 0, nil
	}
	rows := make([]outboxRow, len(ms))
	for i, m := range ms {
		var err error
		if rows[i], err = outboxRowOf(m, notBefore, now); err != nil {
			return 0, err
		}
	}
	n := 0
	for chunk := range slices.Chunk(rows, outboxBatch) {
		res := tx.Exec(insertOutbox(len(chunk)), outboxArgs(chunk)...)
		if res.Error != nil {
			return n, res.Error
		}
		n += int(res.RowsAffected)
	}
	return n, nil
}

// insertOutbox is the statement inserting n outbox rows, skipping keys
// already there; written by hand, as gorm's reflection per row costs more
// than SQLite's insert.
func insertOutbox(n int) string {
	var sb strings.Builder
	sb.WriteString(`INSERT INTO outbox (chat_id, key, branch_id, kind, private, text, buttons, fallback, not_after,
		not_before, attempts, state, last_error, message_id, created_at, urgent, extra, document) VALUES `)
	for i := range n {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
	}
	sb.WriteString(" ON CONFLICT (key) DO NOTHING")
	return sb.String()
}

// outboxArgs are the values of rows for insertOutbox, 18 a row: a batch
// stays below SQLite's 32,766 parameters.
func outboxArgs(rows []outboxRow) []any {
	args := make([]any, 0, 18*len(rows))
	for _, r := range rows {
		args = append(args, r.ChatID, r.Key, r.BranchID, r.Kind, r.Private, r.Text, r.Buttons, r.Fallback, r.NotAfter,
			r.NotBefore, r.Attempts, r.State, r.LastError, r.MessageID, r.CreatedAt, r.Urgent, r.Extra, r.Document)
	}
	return args
}

// Due lists the pending messages with not_before <= now, answers before
// reminders and each in the order they were queued (a message put back by a
// 429 keeps its place), at most limit.
func (db *DB) Due(ctx context.Context, now time.Time, limit int) ([]zhibu.Queued, error) {
	var rows []outboxRow
	q := db.conn(ctx).Where("state = ? AND not_before <= ?", outboxPending, now.UTC())
	if db.postgres {
		// Not what another instance is sending, nor anything else to its
		// chat meanwhile: a chat's messages keep their order.
		bound := db.bound(now)
		q = q.Where("(claim_until IS NULL OR claim_until <= ? OR claimed_by = ?)", bound, db.instance).
			Where(`chat_id NOT IN (SELECT chat_id FROM outbox
				WHERE state = ? AND claim_until > ? AND claimed_by <> ?)`, outboxPending, bound, db.instance)
	}
	err := q.Order("urgent DESC, id").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: due messages: %w", err)
	}
	out := make([]zhibu.Queued, len(rows))
	for i, r := range rows {
		if out[i], err = r.queued(); err != nil {
			return nil, fmt.Errorf("storage: due messages: %w", err)
		}
	}
	return out, nil
}

// Claim records that this instance begins sending a message at at, if it
// is still pending and, on a shared database, no other instance's claim on
// it is live (claims.go); it reports false otherwise (sent, given up or
// taken meanwhile). The claim lasts SendClaim. Failing to write it means
// nothing may be sent.
func (db *DB) Claim(ctx context.Context, id int64, at time.Time) (bool, error) {
	q := db.conn(ctx).Model(&outboxRow{}).Where("id = ? AND state = ?", id, outboxPending)
	if db.postgres {
		q = q.Where("(claim_until IS NULL OR claim_until <= ? OR claimed_by = ?)", db.bound(at), db.instance)
	}
	res := q.Updates(map[string]any{"sending_at": at.UTC(), "claimed_by": db.instance,
		"claim_until": db.bound(at.Add(SendClaim))})
	if res.Error != nil {
		return false, fmt.Errorf("storage: claim outbox message %d: %w", id, res.Error)
	}
	return res.RowsAffected > 0, nil
}

// MarkSent records that a message was sent at at as messageID. It does so
// even if the message was given up meanwhile: it did go out.
func (db *DB) MarkSent(ctx context.Context, id int64, messageID int, at time.Time) error {
	err := db.updateOutbox(ctx, id, false, map[string]any{"state": outboxSent, "message_id": messageID,
		"sent_at": at.UTC(), "document": nil})
	if err != nil {
		return fmt.Errorf("storage: mark outbox message %d sent: %w", id, err)
	}
	return nil
}

// Retry sets the not_before, attempts and last error of a pending message;
// one no longer pending is left alone.
func (db *DB) Retry(ctx context.Context, id int64, notBefore time.Time, attempts int, lastErr string) error {
	// The claim ends with the attempt: any instance may try it next.
	err := db.updateOutbox(ctx, id, true, map[string]any{"not_before": notBefore.UTC(), "attempts": attempts,
		"last_error": lastErr, "claim_until": nil})
	if err != nil {
		return fmt.Errorf("storage: retry outbox message %d: %w", id, err)
	}
	return nil
}

// GiveUp marks a pending message failed with a reason; one no longer
// pending is left alone.
func (db *DB) GiveUp(ctx context.Context, id int64, reason string) error {
	err := db.updateOutbox(ctx, id, true, map[string]any{"state": outboxFailed, "last_error": reason})
	if err != nil {
		return fmt.Errorf("storage: give up outbox message %d: %w", id, err)
	}
	return nil
}

// updateOutbox updates one message, only while pending if pendingOnly. An
// unknown id gives zhibu.ErrNotFound.
func (db *DB) updateOutbox(ctx context.Context, id int64, pendingOnly bool, set map[string]any) error {
	q := db.conn(ctx).Model(&outboxRow{}).Where("id = ?", id)
	if pendingOnly {
		q = q.Where("state = ?", outboxPending)
	}
	res := q.Updates(set)
	if res.Error != nil || res.RowsAffected > 0 {
		return res.Error
	}
	var n int64
	if err := db.conn(ctx).Model(&outboxRow{}).Where("id = ?", id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return zhibu.ErrNotFound
	}
	return nil
}

// Undelivered counts the messages of a branch (carrying its id, or to its
// group chat) queued since since that were given up or dropped, not
// counting those replaced by a fallback that went instead, nor the notes
// about such messages.
func (db *DB) Undelivered(ctx context.Context, branchID, chatID int64, since time.Time) (int, error) {
	var n int64
	err := db.conn(ctx).Model(&outboxRow{}).
		Where("(branch_id = ? OR chat_id = ?) AND state IN ? AND created_at >= ? AND last_error NOT LIKE ? AND kind <> ?",
			branchID, chatID, []string{outboxFailed, outboxDropped}, db.bound(since), fallbackReason+"%",
			zhibu.KindGiveUpNote).
		Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("storage: undelivered messages of branch %d: %w", branchID, err)
	}
	return int(n), nil
}

// MoveChat moves the pending messages of chat from to chat to (a group that
// became a supergroup).
func (db *DB) MoveChat(ctx context.Context, from, to int64) error {
	err := db.conn(ctx).Model(&outboxRow{}).Where("chat_id = ? AND state = ?", from, outboxPending).
		Update("chat_id", to).Error
	if err != nil {
		return fmt.Errorf("storage: move outbox of chat %d to %d: %w", from, to, err)
	}
	return nil
}

// DropChat marks the pending messages of a chat dropped with a reason,
// except those with a fallback: they stay, to fall back when tried.
func (db *DB) DropChat(ctx context.Context, chatID int64, reason string) error {
	err := db.conn(ctx).Model(&outboxRow{}).
		Where("chat_id = ? AND state = ? AND fallback IS NULL", chatID, outboxPending).
		Updates(map[string]any{"state": outboxDropped, "last_error": reason}).Error
	if err != nil {
		return fmt.Errorf("storage: drop outbox of chat %d: %w", chatID, err)
	}
	return nil
}

// NextDue returns the earliest not_before of the pending messages, zero when
// there are none.
func (db *DB) NextDue(ctx context.Context) (time.Time, error) {
	// ORDER BY … LIMIT 1 rather than MIN(): the driver turns a TIMESTAMP
	// column into a time.Time, an aggregate's text it would not.
	var t time.Time
	err := db.conn(ctx).Raw("SELECT not_before FROM outbox WHERE state = ? ORDER BY not_before LIMIT 1",
		outboxPending).Row().Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("storage: next due message: %w", err)
	}
	return t.UTC(), nil
}
