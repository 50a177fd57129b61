package storage

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

func TestRegistrations(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		asked := zhibu.Registration{ChatID: -1002, ChatTitle: "第二党支部群", Name: "第二党支部", TimeZone: "Asia/Shanghai",
			Requester: zhibu.Person{TelegramID: 14, Username: "sunli", DisplayName: "孙丽"}, CreatedAt: t0}
		r, err := db.CreateRegistration(ctx, asked)
		if err != nil {
			t.Fatalf("CreateRegistration() = %v", err)
		}
		want := asked
		want.ID, want.State, want.CreatedAt = r.ID, zhibu.RegistrationPending, t0.UTC()
		if diff := cmp.Diff(want, r); diff != "" {
			t.Errorf("CreateRegistration() (-want +got):\n%s", diff)
		}
		if _, err := db.CreateRegistration(ctx, asked); !errors.Is(err, zhibu.ErrConflict) {
			t.Errorf("second pending request of the chat = %v, want ErrConflict", err)
		}
		if err := db.MoveRegistrations(ctx, -1002, -1003); err != nil {
			t.Fatalf("MoveRegistrations() = %v", err)
		}
		if got, err := db.PendingRegistrations(ctx, -1003); err != nil || len(got) != 1 || got[0].ID != r.ID {
			t.Errorf("PendingRegistrations(new chat) = %+v, %v; want request %d", got, err, r.ID)
		}

		r.ChatID, r.State, r.DecidedBy, r.DeciderName, r.DecidedAt = -1003, zhibu.RegistrationApproved, 21, "老周", t0
		if err := db.DecideRegistration(ctx, r); err != nil {
			t.Fatalf("DecideRegistration() = %v", err)
		}
		refuse := r
		refuse.State = zhibu.RegistrationRefused
		if err := db.DecideRegistration(ctx, refuse); !errors.Is(err, zhibu.ErrAlreadyDecided) {
			t.Errorf("second decision = %v, want ErrAlreadyDecided", err)
		}
		r.DecidedAt = t0.UTC()
		if got, err := db.Registration(ctx, r.ID); err != nil || !cmp.Equal(got, r) {
			t.Errorf("Registration(%d) = %+v, %v; want %+v", r.ID, got, err, r)
		}
		if got, err := db.PendingRegistrations(ctx, 0); err != nil || len(got) != 0 {
			t.Errorf("PendingRegistrations() after the decision = %+v, %v; want none", got, err)
		}
		if _, err := db.CreateRegistration(ctx, asked); err != nil {
			t.Errorf("a new request after a decision = %v, want it stored", err)
		}
		if _, err := db.Registration(ctx, 99); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("Registration(99) = %v, want ErrNotFound", err)
		}
	})
}
