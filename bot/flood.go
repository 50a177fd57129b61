package bot

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-telegram/bot/models"
	"golang.org/x/time/rate"
)

// FloodLimit is a person's budget of updates: Burst at once, then one every
// Every. A member who types fast or presses a few buttons stays well inside
// the default (10, then one every 6 s); a flood beyond it is dropped, with
// one polite word, so that it costs the bot (and the chat's sending budget)
// almost nothing.
type FloodLimit struct {
	Burst int
	Every time.Duration
}

// DefaultFloodLimit is the budget of a Config that sets none.
var DefaultFloodLimit = FloodLimit{Burst: 10, Every: 6 * time.Second}

// floodIdle is how long an unused budget is kept.
const floodIdle = 10 * time.Minute

// floods keeps each sender's budget, on the injected clock.
type floods struct {
	limit   FloodLimit
	mu      sync.Mutex
	senders map[int64]*budget
	dropped atomic.Int64 // updates dropped as a flood, ever
}

type budget struct {
	lim    *rate.Limiter
	warned bool // told to slow down since the budget was last whole
	last   time.Time
}

// verdict is what to do with an update from one sender.
type verdict int

const (
	allow verdict = iota
	warn          // drop it, and say once to slow down
	drop          // drop it silently: they were told
)

// take spends one update of the sender's budget at now.
func (f *floods) take(userID int64, now time.Time) verdict {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.senders == nil {
		f.senders = map[int64]*budget{}
	}
	b := f.senders[userID]
	if b == nil {
		b = &budget{lim: rate.NewLimiter(rate.Every(f.limit.Every), f.limit.Burst)}
		f.senders[userID] = b
	}
	b.last = now
	// The word to slow down is said again only to someone whose whole
	// budget came back (quiet for Burst × Every), not after each update
	// a steady flood gets through.
	rested := b.lim.TokensAt(now) >= float64(f.limit.Burst)
	if b.lim.AllowN(now, 1) {
		if rested {
			b.warned = false
		}
		return allow
	}
	f.dropped.Add(1)
	if b.warned {
		return drop
	}
	b.warned = true
	return warn
}

// forget drops the budgets unused since floodIdle before now.
func (f *floods) forget(now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for id, b := range f.senders {
		if now.Sub(b.last) > floodIdle {
			delete(f.senders, id)
		}
	}
}

// sender is the person an update comes from, 0 for none (the bot's own
// membership changes).
func sender(upd *models.Update) int64 {
	switch {
	case upd.Message != nil && upd.Message.From != nil:
		return upd.Message.From.ID
	case upd.CallbackQuery != nil:
		return upd.CallbackQuery.From.ID
	}
	return 0
}
