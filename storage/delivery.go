package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

// deliveryRow is a row of the deliveries table: one handled occurrence.
type deliveryRow struct {
	Key       string `gorm:"primaryKey"`
	BranchID  int64
	At        time.Time
	Outcome   string
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
}

func (deliveryRow) TableName() string { return "deliveries" }

// watermarkKey is the bot_state key of the scheduler's watermark, stored as
// unix seconds like the inbox offset.
const watermarkKey = "scheduler_watermark"

// Delivered reports which of the keys have a delivery record.
func (db *DB) Delivered(ctx context.Context, keys []string) (map[string]bool, error) {
	out := make(map[string]bool)
	for chunk := range slices.Chunk(keys, inChunk) {
		var found []string
		err := db.conn(ctx).Model(&deliveryRow{}).Where("key IN ?", chunk).Pluck("key", &found).Error
		if err != nil {
			return nil, fmt.Errorf("storage: delivered of %d keys: %w", len(keys), err)
		}
		for _, k := range found {
			out[k] = true
		}
	}
	return out, nil
}

// Outcomes reports what became of the occurrences with the given keys,
// for those that have a delivery record.
func (db *DB) Outcomes(ctx context.Context, keys []string) (map[string]zhibu.DeliveryOutcome, error) {
	out := make(map[string]zhibu.DeliveryOutcome)
	for chunk := range slices.Chunk(keys, inChunk) {
		var rows []deliveryRow
		err := db.conn(ctx).Select("key", "outcome").Where("key IN ?", chunk).Find(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("storage: outcomes of %d keys: %w", len(keys), err)
		}
		for _, r := range rows {
			out[r.Key] = zhibu.DeliveryOutcome(r.Outcome)
		}
	}
	return out, nil
}

// Deliver records the deliveries at at and puts their messages in the
// outbox, due at once, in one immediate transaction. It reports which
// deliveries were new: one whose key is already recorded is skipped with its
// messages. A message whose key is already in the outbox is skipped too.
// The deliveries are written with one statement per deliveryBatch of them,
// however many there are.
func (db *DB) Deliver(ctx context.Context, at time.Time, ds []zhibu.Delivery) ([]bool, error) {
	for _, d := range ds {
		switch d.Outcome {
		case zhibu.DeliverySent, zhibu.DeliveryDropped, zhibu.DeliverySkipped:
		default:
			return nil, fmt.Errorf("storage: deliver %s: unknown outcome %q", d.Key, d.Outcome)
		}
	}
	at, now := db.stamp(at), db.stamp(time.Time{})
	var added []bool
	// The transaction begins immediate (see pragmas): of two processes
	// delivering one key, the second waits for the first's commit, then
	// finds the key taken and writes nothing for it.
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		isNew, err := insertDeliveries(tx, ds, at, now)
		if err != nil {
			return err
		}
		added = make([]bool, len(ds))
		var msgs []zhibu.Message
		for i, d := range ds {
			// A key twice in ds is new once: its first copy's.
			if added[i] = isNew[d.Key]; added[i] {
				delete(isNew, d.Key)
				msgs = append(msgs, d.Messages...)
			}
		}
		_, err = enqueueOutbox(tx, msgs, at, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("storage: deliver %d occurrences: %w", len(ds), err)
	}
	return added, nil
}

// deliveryBatch is how many deliveries one INSERT writes (5 parameters
// each).
const deliveryBatch = 1000

// insertDeliveries inserts the deliveries whose keys are not recorded yet
// and returns those keys.
func insertDeliveries(tx *gorm.DB, ds []zhibu.Delivery, at, now time.Time) (map[string]bool, error) {
	isNew := map[string]bool{}
	for chunk := range slices.Chunk(ds, deliveryBatch) {
		var sb strings.Builder
		sb.WriteString("INSERT INTO deliveries (key, branch_id, at, outcome, created_at) VALUES ")
		args := make([]any, 0, 5*len(chunk))
		for i, d := range chunk {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?)")
			args = append(args, d.Key, d.BranchID, at, string(d.Outcome), now)
		}
		sb.WriteString(" ON CONFLICT (key) DO NOTHING RETURNING key")
		var keys []string
		if err := tx.Raw(sb.String(), args...).Scan(&keys).Error; err != nil {
			return nil, err
		}
		for _, k := range keys {
			isNew[k] = true
		}
	}
	return isNew, nil
}

// Watermark returns the time of the scheduler's last completed tick, to the
// second, zero when none.
func (db *DB) Watermark(ctx context.Context) (time.Time, error) {
	var v int64
	err := db.conn(ctx).Raw("SELECT value FROM bot_state WHERE key = ?", watermarkKey).Row().Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("storage: scheduler watermark: %w", err)
	}
	return time.Unix(v, 0).UTC(), nil
}

// SetWatermark stores t, to the second, as the scheduler's watermark unless
// a later one is stored.
func (db *DB) SetWatermark(ctx context.Context, t time.Time) error {
	// The WHERE keeps a slower process's tick from moving the mark back.
	err := db.conn(ctx).Exec(`INSERT INTO bot_state (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value
		WHERE bot_state.value < excluded.value`, watermarkKey, t.Unix()).Error
	if err != nil {
		return fmt.Errorf("storage: set scheduler watermark: %w", err)
	}
	return nil
}
