package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

var _ zhibu.RegistrationStore = (*DB)(nil)

// registrationRow is a row of the registrations table.
type registrationRow struct {
	ID                int64 `gorm:"primaryKey"`
	ChatID            int64
	ChatTitle         string
	Name              string
	TimeZone          string
	RequesterID       int64
	RequesterUsername string
	RequesterName     string
	State             string
	DecidedBy         int64
	DeciderName       string
	DecidedAt         sql.NullTime
	CreatedAt         time.Time `gorm:"autoCreateTime:false"`
}

func (registrationRow) TableName() string { return "registrations" }

func (db *DB) registrationRow(r zhibu.Registration) registrationRow {
	if r.State == "" {
		r.State = zhibu.RegistrationPending
	}
	return registrationRow{ID: r.ID, ChatID: r.ChatID, ChatTitle: r.ChatTitle, Name: r.Name, TimeZone: r.TimeZone,
		RequesterID: r.Requester.TelegramID, RequesterUsername: r.Requester.Username,
		RequesterName: r.Requester.DisplayName, State: string(r.State), DecidedBy: r.DecidedBy,
		DeciderName: r.DeciderName, DecidedAt: nullTime(r.DecidedAt), CreatedAt: db.stamp(r.CreatedAt)}
}

func (r registrationRow) registration() zhibu.Registration {
	return zhibu.Registration{ID: r.ID, ChatID: r.ChatID, ChatTitle: r.ChatTitle, Name: r.Name, TimeZone: r.TimeZone,
		Requester: zhibu.Person{TelegramID: r.RequesterID, Username: r.RequesterUsername, DisplayName: r.RequesterName},
		State:     zhibu.RegistrationState(r.State), DecidedBy: r.DecidedBy, DeciderName: r.DeciderName,
		DecidedAt: fromNull(r.DecidedAt), CreatedAt: r.CreatedAt.UTC()}
}

// CreateRegistration stores a pending request and returns it with its id;
// zhibu.ErrConflict when the chat has a pending one already.
func (db *DB) CreateRegistration(ctx context.Context, r zhibu.Registration) (zhibu.Registration, error) {
	row := db.registrationRow(r)
	row.ID = 0
	err := db.mayRefuse(ctx, func(tx *gorm.DB) error { return tx.Create(&row).Error })
	if uniqueViolation(err, "registrations.chat_id") {
		err = zhibu.ErrConflict
	}
	if err != nil {
		return zhibu.Registration{}, fmt.Errorf("storage: create registration of chat %d: %w", r.ChatID, err)
	}
	return row.registration(), nil
}

// Registration returns a request by id, or zhibu.ErrNotFound.
func (db *DB) Registration(ctx context.Context, id int64) (zhibu.Registration, error) {
	var row registrationRow
	if err := db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return zhibu.Registration{}, fmt.Errorf("storage: registration %d: %w", id, notFound(err))
	}
	return row.registration(), nil
}

// PendingRegistrations lists the pending requests by id, of one chat when
// chatID is not 0.
func (db *DB) PendingRegistrations(ctx context.Context, chatID int64) ([]zhibu.Registration, error) {
	q := db.conn(ctx).Where("state = ?", string(zhibu.RegistrationPending))
	if chatID != 0 {
		q = q.Where("chat_id = ?", chatID)
	}
	var rows []registrationRow
	if err := q.Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: pending registrations: %w", err)
	}
	out := make([]zhibu.Registration, len(rows))
	for i, r := range rows {
		out[i] = r.registration()
	}
	return out, nil
}

// RegistrationsSince counts a chat's requests created at or after since, in
// any state.
func (db *DB) RegistrationsSince(ctx context.Context, chatID int64, since time.Time) (int, error) {
	var n int64
	// Times are stored as UTC text: a bound in UTC compares as an instant.
	err := db.conn(ctx).Model(&registrationRow{}).Where("chat_id = ? AND created_at >= ?", chatID, db.bound(since)).
		Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("storage: registrations of %d since %s: %w", chatID, since.UTC().Format(time.RFC3339), err)
	}
	return int(n), nil
}

// DecideRegistration is a compare-and-set from pending to r's state: of two
// operators pressing at once, one wins and the other gets
// zhibu.ErrAlreadyDecided.
func (db *DB) DecideRegistration(ctx context.Context, r zhibu.Registration) error {
	if r.State == zhibu.RegistrationPending {
		return fmt.Errorf("storage: decide registration %d: %w", r.ID, errNotDecided)
	}
	res := db.conn(ctx).Model(&registrationRow{}).
		Where("id = ? AND state = ?", r.ID, string(zhibu.RegistrationPending)).
		Updates(map[string]any{"state": string(r.State), "decided_by": r.DecidedBy,
			"decider_name": r.DeciderName, "decided_at": db.stamp(r.DecidedAt)})
	switch {
	case res.Error != nil:
		return fmt.Errorf("storage: decide registration %d: %w", r.ID, res.Error)
	case res.RowsAffected == 0:
		return fmt.Errorf("storage: decide registration %d: %w", r.ID, zhibu.ErrAlreadyDecided)
	}
	return nil
}

// MoveRegistrations moves a chat's pending requests to another chat id (a
// group upgraded to a supergroup).
func (db *DB) MoveRegistrations(ctx context.Context, from, to int64) error {
	err := db.conn(ctx).Model(&registrationRow{}).
		Where("chat_id = ? AND state = ?", from, string(zhibu.RegistrationPending)).
		Update("chat_id", to).Error
	if err != nil {
		return fmt.Errorf("storage: move registrations from chat %d to %d: %w", from, to, err)
	}
	return nil
}

// Branches lists every branch, inactive ones included, by id.
func (db *DB) Branches(ctx context.Context) ([]zhibu.Branch, error) {
	var rows []branchRow
	if err := db.conn(ctx).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: branches: %w", err)
	}
	out := make([]zhibu.Branch, len(rows))
	for i, r := range rows {
		out[i] = db.branch(r)
	}
	return out, nil
}
