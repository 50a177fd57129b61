package scheduler

import (
	"context"
	"math"
	"time"

	"golang.org/x/time/rate"

	"github.com/zhibu/zhibu"
)

// Limits are the sending budgets, after Telegram's documented limits
// (docs/design.md §4): about 30 messages a second in all, 20 a minute to one
// group, about one a second to one private chat. A token bucket with rate r
// and burst b lets at most b + r·T messages through in any period T, so the
// defaults keep b + r·T within Telegram's numbers for every window, not only
// on average. Zero fields take the defaults.
type Limits struct {
	// Global is the rate of all messages (default 25/s) and GlobalBurst how
	// many may go at once (default 5): any second holds at most 30.
	Global      rate.Limit
	GlobalBurst int
	// GroupPerMin is the most messages to one group in any minute (default
	// 20). GroupBurst (default 3) may go at once; the bucket refills at
	// GroupPerMin-GroupBurst a minute, so a burst never exceeds the minute's
	// budget and a long queue goes out evenly, one every ~3.5 s.
	GroupPerMin int
	GroupBurst  int
	// PrivatePerSec is the rate to one private chat (default 0.9/s, burst
	// 1): Telegram's one a second, less a tenth, so that two sends a second
	// apart by our clock are not less than a second apart when they arrive
	// (the emulator answered 429 to such pairs in the IT trial).
	PrivatePerSec rate.Limit
	// Reserve is how many global tokens messages that are not Urgent leave
	// for urgent ones, the replies (default 2, at most GlobalBurst-1). They
	// also leave one token of each group's burst, so a reply in a group
	// being flooded by reminders goes at once; a private chat's burst of one
	// cannot be split.
	Reserve int
	// MaxAttempts is how many failed deliveries (other than 429, 403 and
	// migration) a message gets, with exponential backoff from 2 s capped at
	// 10 min, before it is given up (default 8).
	MaxAttempts int
}

// DefaultLimits returns the default limits.
func DefaultLimits() Limits {
	return Limits{Global: 25, GlobalBurst: 5, GroupPerMin: 20, GroupBurst: 3, PrivatePerSec: 0.9, Reserve: 2,
		MaxAttempts: 8}
}

// withDefaults fills the zero fields with the defaults and bounds Reserve
// and GroupBurst so the outbox can always send.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.Global <= 0 {
		l.Global = d.Global
	}
	if l.GlobalBurst <= 0 {
		l.GlobalBurst = d.GlobalBurst
	}
	if l.GroupPerMin <= 0 {
		l.GroupPerMin = d.GroupPerMin
	}
	if l.GroupBurst <= 0 {
		l.GroupBurst = d.GroupBurst
	}
	l.GroupBurst = max(2, min(l.GroupBurst, l.GroupPerMin-1))
	if l.PrivatePerSec <= 0 {
		l.PrivatePerSec = d.PrivatePerSec
	}
	if l.Reserve <= 0 {
		l.Reserve = d.Reserve
	}
	l.Reserve = min(l.Reserve, l.GlobalBurst-1)
	if l.MaxAttempts <= 0 {
		l.MaxAttempts = d.MaxAttempts
	}
	return l
}

// Backoff bounds.
const (
	backoffFirst = 2 * time.Second
	backoffMax   = 10 * time.Minute
)

// backoff is the wait after the attempts-th failed delivery: 2 s, 4 s, 8 s …
// at most 10 min.
func backoff(attempts int) time.Duration {
	if attempts < 1 || attempts > 20 {
		return min(backoffMax, backoffFirst<<20)
	}
	return min(backoffMax, backoffFirst<<(attempts-1))
}

// idleChat is how long a chat's limiter is kept unused; after it the bucket
// is full anyway, so forgetting it loses nothing.
const idleChat = time.Hour

// chat is the sending state of one chat.
type chat struct {
	lim     *rate.Limiter
	private bool
	blocked time.Time // a 429 holds the chat until then
	used    time.Time
}

// chats holds a limiter per chat, created lazily and forgotten when idle.
type chats struct {
	limits Limits
	m      map[int64]*chat
	swept  time.Time
}

func newChats(l Limits) chats { return chats{limits: l, m: map[int64]*chat{}} }

// get returns the state of a chat, creating it with the private or group
// limiter, and forgets idle chats at most every idleChat/4.
func (cs *chats) get(id int64, private bool, now time.Time) *chat {
	if now.Sub(cs.swept) > idleChat/4 {
		cs.sweep(now)
	}
	c := cs.m[id]
	if c == nil {
		c = &chat{private: private}
		if private {
			c.lim = rate.NewLimiter(cs.limits.PrivatePerSec, 1)
		} else {
			perSec := float64(cs.limits.GroupPerMin-cs.limits.GroupBurst) / 60
			c.lim = rate.NewLimiter(rate.Limit(perSec), cs.limits.GroupBurst)
		}
		cs.m[id] = c
	}
	c.used = now
	return c
}

func (cs *chats) sweep(now time.Time) {
	cs.swept = now
	for id, c := range cs.m {
		if now.Sub(c.used) > idleChat && !c.blocked.After(now) {
			delete(cs.m, id)
		}
	}
}

// reserve is how many of a chat's tokens messages that are not Urgent leave
// for urgent ones.
func (c *chat) reserve() float64 {
	if c.private {
		return 0
	}
	return 1
}

// readyAt returns when lim holds need tokens: now, or the moment the refill
// gets there (rounded up to the millisecond, never early).
func readyAt(lim *rate.Limiter, now time.Time, need float64) time.Time {
	have := lim.TokensAt(now)
	if have >= need {
		return now
	}
	secs := (need - have) / float64(lim.Limit())
	return now.Add(time.Duration(math.Ceil(secs*1000)) * time.Millisecond)
}

// hold keeps a chat silent until the time a 429 named.
func (s *Sender) hold(chatID int64, until time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// take created the chat before the message went; should it have been
	// forgotten since, the group limiter is the stricter guess.
	c := s.chats.m[chatID]
	if c == nil {
		c = s.chats.get(chatID, false, s.o.Now())
	}
	if until.After(c.blocked) {
		c.blocked = until
	}
}

func (s *Sender) forbidden(ctx context.Context, chatID int64) error {
	if err := s.store.DropChat(ctx, chatID, zhibu.ErrForbidden.Error()); err != nil {
		return err
	}
	if s.o.OnForbidden != nil {
		s.o.OnForbidden(ctx, chatID)
	}
	return nil
}

func (s *Sender) migrated(ctx context.Context, from, to int64) error {
	if err := s.store.MoveChat(ctx, from, to); err != nil {
		return err
	}
	if s.o.OnMigrated != nil {
		s.o.OnMigrated(ctx, from, to)
	}
	return nil
}
