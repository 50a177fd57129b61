package storage

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

// pledgeEventRow is a row of the pledge_events table.
type pledgeEventRow struct {
	ID       int64 `gorm:"primaryKey"`
	PledgeID int64
	Kind     string
	ActorID  int64
	Text     string
	At       time.Time
}

func (pledgeEventRow) TableName() string { return "pledge_events" }

func (db *DB) pledgeEventRow(e zhibu.PledgeEvent) pledgeEventRow {
	return pledgeEventRow{ID: e.ID, PledgeID: e.PledgeID, Kind: string(e.Kind), ActorID: e.ActorID, Text: e.Text,
		At: db.stamp(e.At)}
}

func (r pledgeEventRow) event() zhibu.PledgeEvent {
	return zhibu.PledgeEvent{ID: r.ID, PledgeID: r.PledgeID, Kind: zhibu.EventKind(r.Kind), ActorID: r.ActorID,
		Text: r.Text, At: r.At.UTC()}
}

// evidenceRow is a row of the pledge_evidence table: one file of an event.
type evidenceRow struct {
	ID       int64 `gorm:"primaryKey"`
	EventID  int64
	FileID   string
	FileName string
	Size     int64
	Kind     string
}

func (evidenceRow) TableName() string { return "pledge_evidence" }

func (r evidenceRow) evidence() zhibu.Evidence {
	return zhibu.Evidence{FileID: r.FileID, FileName: r.FileName, Size: r.Size, Kind: r.Kind}
}

// addPledgeEvent inserts e (its ID ignored) and its files within tx.
func (db *DB) addPledgeEvent(tx *gorm.DB, e zhibu.PledgeEvent) error {
	r := db.pledgeEventRow(e)
	r.ID = 0
	if err := tx.Create(&r).Error; err != nil {
		return fmt.Errorf("event %s: %w", e.Kind, err)
	}
	if len(e.Files) == 0 {
		return nil
	}
	rows := make([]evidenceRow, len(e.Files))
	for i, f := range e.Files {
		rows[i] = evidenceRow{EventID: r.ID, FileID: f.FileID, FileName: f.FileName, Size: f.Size, Kind: f.Kind}
	}
	if err := tx.CreateInBatches(&rows, 100).Error; err != nil {
		return fmt.Errorf("evidence of event %s: %w", e.Kind, err)
	}
	return nil
}

// PledgeEvents lists the history of several pledges with the events' files,
// by pledge, then time, then id. Unknown and repeated ids are ignored. It
// takes two queries per 500 pledges: the events, then their files.
func (db *DB) PledgeEvents(ctx context.Context, pledgeIDs []int64) ([]zhibu.PledgeEvent, error) {
	// Sorted chunks select increasing ranges of pledge ids, so appending
	// each chunk's ordered events keeps the whole list in order.
	ids := slices.Compact(slices.Sorted(slices.Values(pledgeIDs)))
	var out []zhibu.PledgeEvent
	for chunk := range slices.Chunk(ids, inChunk) {
		events, err := db.scanPledgeEvents(ctx, chunk)
		if err == nil {
			err = db.scanEvidence(ctx, chunk, events)
		}
		if err != nil {
			return nil, fmt.Errorf("storage: history of %d pledges: %w", len(ids), err)
		}
		out = append(out, events...)
	}
	return out, nil
}

// scanPledgeEvents reads the events of some pledges with plain row scans:
// an export reads tens of thousands of rows, where gorm's reflection per
// row costs more than the query.
func (db *DB) scanPledgeEvents(ctx context.Context, pledgeIDs []int64) ([]zhibu.PledgeEvent, error) {
	rows, err := db.conn(ctx).Raw(`SELECT id, pledge_id, kind, actor_id, text, at
		FROM pledge_events WHERE pledge_id IN ? ORDER BY pledge_id, at, id`, pledgeIDs).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []zhibu.PledgeEvent
	for rows.Next() {
		var r pledgeEventRow
		if err := rows.Scan(&r.ID, &r.PledgeID, &r.Kind, &r.ActorID, &r.Text, &r.At); err != nil {
			return nil, err
		}
		out = append(out, r.event())
	}
	return out, rows.Err()
}

// scanEvidence attaches to events, the events of pledgeIDs, their files, in
// one query. It selects by pledge rather than by event id so that the IN
// list stays as short as the chunk however many events the pledges have.
func (db *DB) scanEvidence(ctx context.Context, pledgeIDs []int64, events []zhibu.PledgeEvent) error {
	if len(events) == 0 {
		return nil
	}
	rows, err := db.conn(ctx).Raw(`SELECT f.event_id, f.file_id, f.file_name, f.size, f.kind
		FROM pledge_evidence AS f JOIN pledge_events AS e ON e.id = f.event_id
		WHERE e.pledge_id IN ? ORDER BY f.event_id, f.id`, pledgeIDs).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	index := make(map[int64]int, len(events))
	for i, e := range events {
		index[e.ID] = i
	}
	for rows.Next() {
		var r evidenceRow
		if err := rows.Scan(&r.EventID, &r.FileID, &r.FileName, &r.Size, &r.Kind); err != nil {
			return err
		}
		if i, ok := index[r.EventID]; ok {
			events[i].Files = append(events[i].Files, r.evidence())
		}
	}
	return rows.Err()
}
