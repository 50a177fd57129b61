package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

func TestPrompts(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
		p1 := zhibu.Prompt{ChatID: -1001, MessageID: 10, UserID: 7, Kind: "leave", Data: `{"meeting":1}`,
			ExpiresAt: at(30), CreatedAt: at(0)}
		p2 := zhibu.Prompt{ChatID: -1001, MessageID: 11, UserID: 7, Kind: "form", Data: "{}", ExpiresAt: at(60), CreatedAt: at(5)}
		p3 := zhibu.Prompt{ChatID: -1001, MessageID: 12, UserID: 8, Kind: "leave", ExpiresAt: at(10), CreatedAt: at(6)}
		p4 := zhibu.Prompt{ChatID: -1002, MessageID: 10, UserID: 7, Kind: "leave", ExpiresAt: at(20)} // clock: t0
		for _, p := range []zhibu.Prompt{p1, p2, p3, p4} {
			if err := db.SavePrompt(ctx, p); err != nil {
				t.Fatalf("SavePrompt(%d) = %v", p.MessageID, err)
			}
		}
		p4.CreatedAt = t0
		got, err := db.Prompt(ctx, -1002, 10)
		if err != nil || !cmp.Equal(p4, got) || got.ExpiresAt.Location() != time.UTC {
			t.Errorf("Prompt(-1002, 10) = %+v, %v; want %+v in UTC", got, err, p4)
		}
		if _, err := db.Prompt(ctx, -1001, 99); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("Prompt(missing) = %v, want ErrNotFound", err)
		}

		// Saving again replaces what the prompt waits for, not when it was asked.
		p1b := p1
		p1b.UserID, p1b.Kind, p1b.Data, p1b.ExpiresAt, p1b.CreatedAt = 9, "form", `{"step":2}`, at(90), at(50)
		if err := db.SavePrompt(ctx, p1b); err != nil {
			t.Fatalf("SavePrompt(again) = %v", err)
		}
		p1b.CreatedAt = p1.CreatedAt
		if got, err := db.Prompt(ctx, -1001, 10); err != nil || !cmp.Equal(p1b, got) {
			t.Errorf("Prompt() after second save = %+v, %v; want %+v", got, err, p1b)
		}
		p1b.UserID = 7
		if err := db.SavePrompt(ctx, p1b); err != nil {
			t.Fatal(err)
		}

		if got, err := db.PromptsOf(ctx, -1001, 7); err != nil || !cmp.Equal(got, []zhibu.Prompt{p2, p1b}) {
			t.Errorf("PromptsOf(-1001, 7) = %+v, %v; want p2, p1 (newest first)", got, err)
		}
		if got, err := db.PromptsOf(ctx, -1001, 100); err != nil || len(got) != 0 {
			t.Errorf("PromptsOf(nobody) = %+v, %v; want none", got, err)
		}

		for _, tt := range []struct {
			now  time.Time
			want []zhibu.Prompt
		}{
			{at(10), []zhibu.Prompt{}}, // p3 expires at 10: not before now
			{at(10).Add(time.Nanosecond), []zhibu.Prompt{p3}},
			{at(61), []zhibu.Prompt{p3, p4, p2}},
			{at(61).In(time.FixedZone("W", -10*3600)), []zhibu.Prompt{p3, p4, p2}},
		} {
			got, err := db.ExpiredPrompts(ctx, tt.now)
			if err != nil || !cmp.Equal(got, tt.want) {
				t.Errorf("ExpiredPrompts(%v) = %+v, %v; want %+v", tt.now, got, err, tt.want)
			}
		}

		if err := db.DeletePrompt(ctx, -1001, 10); err != nil {
			t.Fatalf("DeletePrompt() = %v", err)
		}
		if _, err := db.Prompt(ctx, -1001, 10); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("Prompt() after delete = %v, want ErrNotFound", err)
		}
		if err := db.DeletePrompt(ctx, -1001, 10); err != nil {
			t.Errorf("DeletePrompt(missing) = %v, want nil", err)
		}
		if got, _ := db.PromptsOf(ctx, -1002, 7); len(got) != 1 {
			t.Errorf("PromptsOf(-1002, 7) = %+v: the same message id in another chat was deleted", got)
		}

		if err := db.SavePrompt(ctx, zhibu.Prompt{ChatID: 1, MessageID: 1, Kind: "leave"}); err == nil {
			t.Errorf("SavePrompt(no expiry) = nil, want an error")
		}
	})
}
