package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/bot/telegramtest"
	"github.com/zhibu/zhibu/cmd/zhibu/app"
	"github.com/zhibu/zhibu/cntime"
	"github.com/zhibu/zhibu/storage"
)

// logBuffer is a log the program writes while the test reads it.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// count is how many lines contain s.
func (l *logBuffer) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.b.String(), s)
}

// startLogged starts zhibu over the database at path with its log in l.
func startLogged(t *testing.T, path string, clock *telegramtest.Clock, l *logBuffer) *app.App {
	t.Helper()
	srv := telegramtest.New(t, telegramtest.Options{Clock: clock.Now})
	db, err := storage.Open(path, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	a, err := app.New(t.Context(), db, app.Config{Now: clock.Now, Log: slog.New(slog.NewTextHandler(l, nil)),
		Registration: zhibu.RegistrationPolicy{Mode: zhibu.RegistrationOpen}, Bot: bot.Config{Token: srv.Token(), APIURL: srv.URL()}})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

const holidayWarning = `level=WARN msg="holiday arrangement not known: workday reminders may fire on a day off or miss a make-up working day" year=2027 state=provisional`

// The built-in table has 2027 only provisional: from December 1st the log
// says so when zhibu starts and once a day.
func TestHolidayWarningAtStartAndDaily(t *testing.T) {
	ctx := context.Background()
	clock := telegramtest.NewClock(time.Date(2026, 11, 30, 23, 0, 0, 0, shanghai))
	path := filepath.Join(t.TempDir(), "zhibu.db")
	var l logBuffer
	a := startLogged(t, path, clock, &l)
	tick := func(at time.Time) {
		t.Helper()
		clock.Set(at)
		if err := a.Engine.Tick(ctx); err != nil {
			t.Fatal(err)
		}
	}
	tick(time.Date(2026, 11, 30, 23, 59, 0, 0, shanghai))
	if n := l.count("level=WARN"); n != 0 {
		t.Fatalf("in November: %d warnings, want none:\n%s", n, l.b.String())
	}
	dec1 := time.Date(2026, 12, 1, 0, 0, 0, 0, shanghai)
	for _, step := range []struct {
		at   time.Duration // after December 1st 00:00
		want int
	}{{0, 1}, {time.Minute, 1}, {23 * time.Hour, 1}, {24 * time.Hour, 2}, {36 * time.Hour, 2}, {48 * time.Hour, 3}} {
		tick(dec1.Add(step.at))
		if n := l.count(holidayWarning); n != step.want {
			t.Errorf("at %v: %d warnings, want %d:\n%s", clock.Now(), n, step.want, l.b.String())
		}
	}
	startLogged(t, path, clock, &l) // a restart warns at once
	if n := l.count(holidayWarning); n != 4 {
		t.Errorf("after a restart: %d warnings, want 4", n)
	}
}

func TestNoHolidayWarningWithTheYearLoaded(t *testing.T) {
	b, err := os.ReadFile("../../../cntime/holidays.txt")
	if err != nil {
		t.Fatal(err)
	}
	builtin := string(b)
	t.Cleanup(func() {
		if err := cntime.LoadHolidays(strings.NewReader(builtin), "holidays.txt"); err != nil {
			t.Fatal(err)
		}
	})
	confirmed := strings.Replace(builtin, "\n[2027] 暂定\n", "\n[2027] 国办发明电〔2026〕99号\n", 1)
	if err := cntime.LoadHolidays(strings.NewReader(confirmed), "holidays-2027.txt"); err != nil {
		t.Fatal(err)
	}
	clock := telegramtest.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, shanghai))
	var l logBuffer
	a := startLogged(t, filepath.Join(t.TempDir(), "zhibu.db"), clock, &l)
	if err := a.Engine.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := l.count("level=WARN"); n != 0 {
		t.Errorf("with 2027 loaded: %d warnings, want none:\n%s", n, l.b.String())
	}
}
