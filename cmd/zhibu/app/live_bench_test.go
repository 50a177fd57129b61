package app_test

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/bot/telegramtest"
	"github.com/zhibu/zhibu/cmd/zhibu/app"
	"github.com/zhibu/zhibu/storage"
)

// live is zhibu running as `zhibu run` does (real time, long polling, the
// sender draining the outbox) against the emulator, with every message the
// bot sends reported on a channel.
type live struct {
	srv    *telegramtest.Server
	mu     sync.Mutex
	waits  map[int64]chan time.Time // chat → when the bot's next message there arrived
	cancel context.CancelFunc
	done   chan struct{}
}

func startLive(b *testing.B) *live {
	b.Helper()
	l := &live{waits: map[int64]chan time.Time{}, done: make(chan struct{})}
	l.srv = telegramtest.New(b, telegramtest.Options{OnEvent: func(e telegramtest.Event) {
		if e.Kind != "bot_text" {
			return
		}
		l.mu.Lock()
		ch := l.waits[e.ChatID]
		l.mu.Unlock()
		if ch != nil {
			select {
			case ch <- time.Now():
			default:
			}
		}
	}})
	db, err := storage.Open(filepath.Join(b.TempDir(), "zhibu.db"), time.Now)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	a, err := app.New(context.Background(), db, app.Config{Now: time.Now, Registration: zhibu.RegistrationPolicy{Mode: zhibu.RegistrationOpen},
		Bot: bot.Config{Token: l.srv.Token(), APIURL: l.srv.URL(), PollTimeout: 5 * time.Second}})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	l.cancel = cancel
	go func() { a.Run(ctx); close(l.done) }()
	b.Cleanup(l.stop)
	return l
}

func (l *live) stop() {
	l.cancel()
	<-l.done
}

// watch returns a channel that receives the time of each bot message in a
// chat from now on.
func (l *live) watch(chatID int64) chan time.Time {
	ch := make(chan time.Time, 1000)
	l.mu.Lock()
	l.waits[chatID] = ch
	l.mu.Unlock()
	return ch
}

// await returns when the next bot message in the chat came, failing after
// a minute.
func await(b *testing.B, ch chan time.Time) time.Time {
	b.Helper()
	select {
	case t := <-ch:
		return t
	case <-time.After(time.Minute):
		b.Fatal("no answer within a minute")
		return time.Time{}
	}
}

// percentiles reports the 50th and 90th percentile and the maximum of ds
// in milliseconds.
func percentiles(b *testing.B, ds []time.Duration, prefix string) {
	slices.Sort(ds)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(ds[len(ds)/2]), prefix+"p50-ms")
	b.ReportMetric(ms(ds[len(ds)*9/10]), prefix+"p90-ms")
	b.ReportMetric(ms(ds[len(ds)-1]), prefix+"max-ms")
}

// BenchmarkReplyLatency measures, with the whole program running in real
// time, how long a person waits for the answer to a command: from the
// message reaching the emulator to the bot's reply arriving there. Each
// iteration is a new person sending /start privately, so that no sending
// budget or flood limit is involved.
func BenchmarkReplyLatency(b *testing.B) {
	l := startLive(b)
	var ds []time.Duration
	for i := 0; b.Loop(); i++ {
		uid := int64(100000 + i)
		l.srv.AddUser(telegramtest.User{ID: uid, FirstName: "访客"})
		ch := l.watch(uid)
		t0 := time.Now()
		l.srv.SendText(uid, uid, "/start")
		ds = append(ds, await(b, ch).Sub(t0))
	}
	percentiles(b, ds, "")
}

// BenchmarkQuietGroupDuringFloods measures the answer time of /help in a
// quiet group (a new one each time, with a new member, the bot just
// added) while another
// group's member sends 48 commands and a stranger sends 30 /start
// privately, all at once.
func BenchmarkQuietGroupDuringFloods(b *testing.B) {
	l := startLive(b)
	const loud, flooder, stranger = -1001, 201, 202
	l.srv.AddGroup(loud, "热闹的群")
	for _, u := range []int64{flooder, stranger} {
		l.srv.AddUser(telegramtest.User{ID: u, FirstName: "同志"})
	}
	l.srv.JoinGroup(loud, flooder)
	greeting := l.watch(loud)
	l.srv.AddBot(loud, flooder)
	await(b, greeting)
	var ds []time.Duration
	quiet, member := int64(-2000), int64(3000)
	for b.Loop() {
		quiet, member = quiet-1, member+1
		l.srv.AddUser(telegramtest.User{ID: member, FirstName: "同志"})
		l.srv.AddGroup(quiet, "安静的群")
		l.srv.JoinGroup(quiet, member)
		greeting := l.watch(quiet)
		l.srv.AddBot(quiet, member)
		await(b, greeting)
		for range 48 {
			l.srv.SendText(loud, flooder, "/help")
		}
		for range 30 {
			l.srv.SendText(stranger, stranger, "/start")
		}
		ch := l.watch(quiet)
		t0 := time.Now()
		l.srv.SendText(quiet, member, "/help")
		ds = append(ds, await(b, ch).Sub(t0))
	}
	percentiles(b, ds, "quiet-")
}
