package bot

import (
	"context"
	"sync"
	"time"

	"github.com/zhibu/zhibu"
)

// handlers is how many updates are handled at once, each of another chat.
// Handling never waits for a sending budget (replies wait in the outbox), so
// a few suffice for one chat's flood not to delay the others; SQLite takes
// their writes one at a time anyway.
const handlers = 4

// maxPause bounds the wait before updates are tried again after the
// database failed: once it is back, they are handled within seconds.
const maxPause = 5 * time.Second

// lanes hands pending updates to handlers: updates of one chat one after
// the other in update_id order, updates of different chats side by side.
type lanes struct {
	mu      sync.Mutex
	busy    map[int64]bool // chats with an update in hand
	started map[int64]bool // updates in hand
	free    chan struct{}  // a handler finished
	slots   chan struct{}  // one token per handler
	failed  bool           // the database failed since the last pass
	// held are the chats this instance holds the claim of, with when each
	// lapses (several instances on one database); read and written by the
	// process loop only.
	held map[int64]time.Time
	wg   sync.WaitGroup
}

func newLanes() *lanes {
	l := &lanes{busy: map[int64]bool{}, started: map[int64]bool{}, held: map[int64]time.Time{},
		free:  make(chan struct{}, 1),
		slots: make(chan struct{}, handlers)}
	for range handlers {
		l.slots <- struct{}{}
	}
	return l
}

// dispatch starts handlers for the items that may go now: an item waits
// while its chat has one in hand or an earlier item of its chat waits. It
// reports how many it started.
func (l *lanes) dispatch(items []zhibu.InboxItem, handle func(zhibu.InboxItem) error) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	waiting := map[int64]bool{}
	for _, it := range items {
		if l.started[it.UpdateID] {
			continue
		}
		if l.busy[it.ChatID] || waiting[it.ChatID] {
			waiting[it.ChatID] = true
			continue
		}
		select {
		case <-l.slots:
		default:
			return n // every handler busy
		}
		l.busy[it.ChatID], l.started[it.UpdateID] = true, true
		n++
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			err := handle(it)
			l.mu.Lock()
			delete(l.busy, it.ChatID)
			delete(l.started, it.UpdateID)
			if err != nil {
				l.failed = true
			}
			l.mu.Unlock()
			l.slots <- struct{}{}
			select {
			case l.free <- struct{}{}:
			default:
			}
		}()
	}
	return n
}

// takeFailed reports, and forgets, whether a handler found the database
// failing since the last call.
func (l *lanes) takeFailed() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.failed
	l.failed = false
	return f
}

// DefaultInboxRescan is how often an instance sharing its database looks
// in the inbox for updates it was not told of: stored by another instance
// (the leader's polling, a webhook request reaching another instance), or
// left by one that stopped.
const DefaultInboxRescan = 250 * time.Millisecond

// releaseAll gives back every chat this instance holds, as it stops: its
// chats' next updates go to another instance at once.
func (b *Bot) releaseAll(ctx context.Context, l *lanes) {
	l.wg.Wait()
	chats := make([]int64, 0, len(l.held))
	for c := range l.held {
		chats = append(chats, c)
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := b.cfg.Shared.ReleaseChats(ctx, chats); err != nil {
		b.log.Warn("release chats at stop", "chats", len(chats), "err", err)
	}
}

// maxHeld is how many chats an instance holds at most: a few more than it
// has handlers, so that it always has work at hand and leaves the other
// chats of a burst to the other instances.
const maxHeld = 2 * handlers

// pendingRead is how many pending updates the dispatch reads at a time: it
// reads again whenever a handler finishes. Alone, a wide window lets the
// other chats pass a chat that floods; sharing the database, an instance
// holds a few chats only, and reading hundreds of payloads each time would
// cost more than it gains.
func pendingRead(shared bool) int {
	if shared {
		return 100
	}
	return 500
}

// chatRenew is how long before a chat's claim lapses it is renewed, while
// the chat has updates to handle.
const chatRenew = 10 * time.Second

// claimChats is the dispatch's part of several instances sharing the
// database: it claims (or renews) the chats of the pending items, in one
// statement, gives back the chats it holds and has nothing of, and returns
// the items of the chats it holds.
func (b *Bot) claimChats(ctx context.Context, l *lanes, items []zhibu.InboxItem) []zhibu.InboxItem {
	now := b.cfg.Now()
	pending := map[int64]bool{}
	var need []int64
	for _, it := range items {
		if pending[it.ChatID] {
			continue
		}
		pending[it.ChatID] = true
		until, ok := l.held[it.ChatID]
		switch {
		case ok && until.Sub(now) < chatRenew:
			need = append(need, it.ChatID) // renewed
		case !ok && len(l.held)+len(need) < maxHeld:
			need = append(need, it.ChatID) // the others' to take
		}
	}
	if len(need) > 0 {
		got, err := b.cfg.Shared.ClaimChats(ctx, need, now)
		if err != nil {
			b.log.Error("claim chats", "chats", len(need), "err", err)
			l.mu.Lock()
			l.failed = true // pause, as for any database failure
			l.mu.Unlock()
			got = nil
		}
		for _, c := range need {
			if until, ok := got[c]; ok {
				l.held[c] = until
			} else if err == nil {
				delete(l.held, c) // another instance holds it
			}
		}
	}
	var idle []int64
	l.mu.Lock()
	for c := range l.held {
		if !pending[c] && !l.busy[c] {
			idle = append(idle, c)
		}
	}
	l.mu.Unlock()
	if len(idle) > 0 {
		if err := b.cfg.Shared.ReleaseChats(ctx, idle); err != nil {
			if ctx.Err() == nil { // stopping: releaseAll gives them back
				b.log.Warn("release chats", "chats", len(idle), "err", err)
			}
		} else {
			for _, c := range idle {
				delete(l.held, c)
			}
		}
	}
	out := items[:0:0]
	for _, it := range items {
		if until, ok := l.held[it.ChatID]; ok && until.After(now) {
			out = append(out, it)
		}
	}
	return out
}

// process is the handling half of the inbox: it reads stored updates in
// update_id order and hands them to the lanes, each handled once and
// marked processed in the same transaction. When the database fails, the
// update stays pending and is tried again after a pause. It returns when
// ctx is cancelled, after the updates in hand are finished.
func (b *Bot) process(ctx context.Context) {
	l := newLanes()
	defer l.wg.Wait()
	if b.cfg.Shared != nil {
		defer b.releaseAll(ctx, l) // after the handlers are done
	}
	var rescan <-chan time.Time // nil: never
	if b.cfg.Shared != nil {
		every := b.cfg.InboxRescan
		if every <= 0 {
			every = DefaultInboxRescan
		}
		t := time.NewTicker(every)
		defer t.Stop()
		rescan = t.C
	}
	pause := time.Duration(0)
	for {
		if pause > 0 {
			t := time.NewTimer(pause)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		items, err := b.cfg.Inbox.PendingUpdates(ctx, pendingRead(b.cfg.Shared != nil))
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			b.log.Error("read pending updates", "err", err)
			pause = min(max(2*pause, time.Second), maxPause)
			continue
		}
		if b.cfg.Shared != nil {
			items = b.claimChats(ctx, l, items)
		}
		l.dispatch(items, func(it zhibu.InboxItem) error { return b.processOne(ctx, it) })
		select {
		case <-ctx.Done():
			return
		case <-b.wake: // new updates stored
		case <-l.free: // a handler finished: its chat's next may go
		case <-rescan: // another instance may have stored some, or left some
		}
		if l.takeFailed() {
			pause = min(max(2*pause, time.Second), maxPause)
		} else {
			pause = 0
		}
	}
}
