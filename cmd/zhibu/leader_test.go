package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhibu/zhibu/bot/telegramtest"
	"github.com/zhibu/zhibu/storage/storagetest"
)

// tagProxy stands between one zhibu process and the emulator, noting when
// that process started each getUpdates call: the emulator's own request
// log cannot tell two processes of one bot apart.
type tagProxy struct {
	url string
	mu  sync.Mutex
	at  []time.Time
}

func newTagProxy(t *testing.T, target string) *tagProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &tagProxy{}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/getUpdates") {
			p.mu.Lock()
			p.at = append(p.at, time.Now())
			p.mu.Unlock()
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p.url = srv.URL
	return p
}

// since counts the getUpdates calls started at or after t, and returns
// the first.
func (p *tagProxy) since(t time.Time) (int, time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n, first := 0, time.Time{}
	for _, at := range p.at {
		if !at.Before(t) {
			if n == 0 {
				first = at
			}
			n++
		}
	}
	return n, first
}

// via makes the process talk to the emulator through p.
func (z *zhibuProc) via(p *tagProxy) {
	for i, kv := range z.env {
		if strings.HasPrefix(kv, "ZHIBU_API_URL=") {
			z.env[i] = "ZHIBU_API_URL=" + p.url
		}
	}
}

// TestLeaderTakeoverAfterKill: two `zhibu run` processes on one PostgreSQL
// database. Only the first polls Telegram; the second stands by. The first
// is killed with SIGKILL, and the second polls within 30 s (measured; the
// README quotes it); every update sent before and meanwhile is answered
// once.
func TestLeaderTakeoverAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills the zhibu binary")
	}
	t.Parallel()
	pg, err := storagetest.Start("zhibu")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := pg.Stop(); err != nil {
			t.Error(err)
		}
	})
	dbURL := pg.Migrated(t, func(setting string) error {
		db, err := openDB(context.Background(), setting, time.Now)
		if err != nil {
			return err
		}
		return db.Close()
	})
	wait := newWaiter()
	// answeredAt is when the emulator got each user's first answer.
	var mu sync.Mutex
	answeredAt := map[int64]time.Time{}
	srv := telegramtest.New(t, telegramtest.Options{OnEvent: func(e telegramtest.Event) {
		if e.Kind == "bot_text" {
			mu.Lock()
			if _, ok := answeredAt[e.ChatID]; !ok {
				answeredAt[e.ChatID] = time.Now()
			}
			mu.Unlock()
		}
		wait.poke()
	}})
	const users = 10
	user := func(i int) int64 { return int64(8001 + i) }
	for i := range users {
		srv.AddUser(telegramtest.User{ID: user(i), FirstName: "党员"})
	}
	ask := func(from, to int) {
		for i := from; i < to; i++ {
			srv.SendText(user(i), user(i), "/help")
		}
	}
	answered := func(n int) func() bool {
		return func() bool {
			for i := range n {
				if len(srv.BotMessages(user(i))) == 0 {
					return false
				}
			}
			return true
		}
	}

	pa, pb := newTagProxy(t, srv.URL()), newTagProxy(t, srv.URL())
	a, b := newZhibuProc(t, srv, dbURL, "Asia/Shanghai"), newZhibuProc(t, srv, dbURL, "Asia/Shanghai")
	a.via(pa)
	b.via(pb)
	start := time.Now()
	a.start()
	wait.until(t, 30*time.Second, "the first process to poll", func() bool { n, _ := pa.since(start); return n > 0 }, nil)
	b.start()
	wait.until(t, 30*time.Second, "the second process to stand by", func() bool {
		return strings.Contains(b.logText(), "another instance leads: standing by")
	}, nil)
	ask(0, users/2)
	wait.until(t, 30*time.Second, "answers from the first process", answered(users/2), nil)
	if n, _ := pb.since(start); n != 0 {
		t.Errorf("the process standing by called getUpdates %d times, want 0", n)
	}
	// Sending is at-least-once: an answer Telegram carried out is sent
	// again if a kill comes before the bot records it (kill_test.go). The
	// kill waits until the answers are recorded, so that none is.
	wait.quiet(500*time.Millisecond, 5*time.Second)

	killed := time.Now()
	a.kill()
	ask(users/2, users)
	wait.until(t, 30*time.Second, "the second process to poll", func() bool { n, _ := pb.since(killed); return n > 0 }, nil)
	_, first := pb.since(killed)
	wait.until(t, 30*time.Second, "every update answered", answered(users), nil)
	if err := b.stop(10 * time.Second); err != nil {
		t.Errorf("the second process after SIGTERM: %v, want exit 0", err)
	}
	took := first.Sub(killed)
	// The first update handled by the second process: the earliest answer
	// to the updates sent after the kill (received, handled, then sent).
	var firstAnswer time.Time
	mu.Lock()
	for i := users / 2; i < users; i++ {
		if at := answeredAt[user(i)]; firstAnswer.IsZero() || at.Before(firstAnswer) {
			firstAnswer = at
		}
	}
	mu.Unlock()
	t.Logf("takeover: the second process polled %s and answered its first update %s after the first was killed with SIGKILL",
		took.Round(time.Millisecond), firstAnswer.Sub(killed).Round(time.Millisecond))
	if took > 30*time.Second {
		t.Errorf("takeover took %s, want at most 30 s", took)
	}
	for i := range users {
		if got := len(srv.BotMessages(user(i))); got != 1 {
			t.Errorf("user %d got %d answers to /help, want 1", i+1, got)
		}
	}
	if log := b.logText(); !strings.Contains(log, "leadership taken") || strings.Contains(log, "DATA RACE") {
		t.Errorf("the second process's log lacks \"leadership taken\" or reports a data race")
	}
}
