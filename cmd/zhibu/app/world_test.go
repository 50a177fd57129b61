package app_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/bot/telegramtest"
	"github.com/zhibu/zhibu/cmd/zhibu/app"
	"github.com/zhibu/zhibu/storage"
)

// shanghai is the zone of every benchmark branch.
var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// world is zhibu over a fresh database with its statements counted, and an
// emulator the bot connects to (the benchmarks only tick; nothing is sent).
type world struct {
	app       *app.App
	db        *storage.DB
	path      string
	clock     *telegramtest.Clock
	stmts     atomic.Int64
	botConfig bot.Config // the emulator's address
}

func newWorld(b testing.TB, start time.Time) *world {
	b.Helper()
	w := &world{path: filepath.Join(b.TempDir(), "zhibu.db"), clock: telegramtest.NewClock(start)}
	srv := telegramtest.New(b, telegramtest.Options{Clock: w.clock.Now})
	db, err := storage.Open(w.path, w.clock.Now, storage.WithStatementCount(&w.stmts))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { w.db.Close() })
	if _, err := db.Migrate(b.Context()); err != nil {
		b.Fatal(err)
	}
	w.db = db
	w.botConfig = bot.Config{Token: srv.Token(), APIURL: srv.URL()}
	if w.app, err = app.New(b.Context(), db, app.Config{Now: w.clock.Now, Registration: zhibu.RegistrationPolicy{Mode: zhibu.RegistrationOpen}, Bot: w.botConfig}); err != nil {
		b.Fatal(err)
	}
	return w
}

// branch registers a branch with a 书记 and members-1 more members, none of
// them reachable privately.
func (w *world) branch(b testing.TB, i, members int) zhibu.Branch {
	b.Helper()
	ctx := context.Background()
	br, _, err := w.db.CreateBranch(ctx, zhibu.Branch{ChatID: int64(-5000000 - i), Name: fmt.Sprintf("第%d支部", i),
		TimeZone: "Asia/Shanghai", Active: true},
		zhibu.Member{Name: "书记", Status: zhibu.StatusFull, Role: zhibu.RoleSecretary, TelegramID: int64(1e6 + i*100)},
		zhibu.Change{Action: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	var ms []zhibu.Member
	for j := 1; j < members; j++ {
		ms = append(ms, zhibu.Member{BranchID: br.ID, Name: fmt.Sprintf("党员%d", j), Status: zhibu.StatusFull,
			TelegramID: int64(1e6 + i*100 + j)})
	}
	if _, err := w.db.SaveMembers(ctx, ms, nil); err != nil {
		b.Fatal(err)
	}
	return br
}

// meeting schedules a 党员大会 of a branch at start.
func (w *world) meeting(b testing.TB, br zhibu.Branch, start time.Time) {
	b.Helper()
	_, err := w.db.CreateMeeting(context.Background(), zhibu.Meeting{BranchID: br.ID, Type: zhibu.MeetingGeneral,
		Start: start, End: start.Add(2 * time.Hour), Place: "党员活动室", State: zhibu.MeetingScheduled},
		zhibu.Change{Action: "bench"})
	if err != nil {
		b.Fatal(err)
	}
}

// forget deletes what ticks recorded of the one-hour meeting reminders, so
// that the next tick does the same work again.
func (w *world) forget(b testing.TB) {
	b.Helper()
	db, err := sql.Open("sqlite3", w.path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"DELETE FROM deliveries WHERE key LIKE 'meeting:%:lead:60:%'",
		"DELETE FROM outbox WHERE key LIKE 'meeting:%:lead:60:%'"} {
		if _, err := db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
}

// count runs a counting query on the database file.
func (w *world) count(b testing.TB, q string) int {
	b.Helper()
	db, err := sql.Open("sqlite3", w.path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}
