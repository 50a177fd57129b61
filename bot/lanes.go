package bot

import (
	"context"
	"errors"
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
	// elsewhere holds chats whose next update another instance holds:
	// they wait for the next rescan.
	elsewhere map[int64]bool
	wg        sync.WaitGroup
}

func newLanes() *lanes {
	l := &lanes{busy: map[int64]bool{}, started: map[int64]bool{}, elsewhere: map[int64]bool{},
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
		if l.busy[it.ChatID] || waiting[it.ChatID] || l.elsewhere[it.ChatID] {
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
			switch {
			case errors.Is(err, errElsewhere):
				l.elsewhere[it.ChatID] = true
			case err != nil:
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

// errElsewhere is a handler's answer when another instance holds the
// update (or an earlier one of its chat).
var errElsewhere = errors.New("bot: update claimed by another instance")

// rescan forgets the chats left to other instances: their next updates
// are tried again.
func (l *lanes) rescan() {
	l.mu.Lock()
	defer l.mu.Unlock()
	clear(l.elsewhere)
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

// claimAndProcess handles an update once this instance claimed it, when
// instances share the database; errElsewhere when another holds it.
func (b *Bot) claimAndProcess(ctx context.Context, it zhibu.InboxItem) error {
	if b.cfg.Shared != nil {
		ok, err := b.cfg.Shared.ClaimUpdate(ctx, it, b.cfg.Now())
		if err != nil {
			b.log.Error("claim update", "update_id", it.UpdateID, "chat_id", it.ChatID, "err", err)
			return err
		}
		if !ok {
			return errElsewhere
		}
	}
	return b.processOne(ctx, it)
}

// process is the handling half of the inbox: it reads stored updates in
// update_id order and hands them to the lanes, each handled once and
// marked processed in the same transaction. When the database fails, the
// update stays pending and is tried again after a pause. It returns when
// ctx is cancelled, after the updates in hand are finished.
func (b *Bot) process(ctx context.Context) {
	l := newLanes()
	defer l.wg.Wait()
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
		items, err := b.cfg.Inbox.PendingUpdates(ctx, 500)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			b.log.Error("read pending updates", "err", err)
			pause = min(max(2*pause, time.Second), maxPause)
			continue
		}
		l.dispatch(items, func(it zhibu.InboxItem) error { return b.claimAndProcess(ctx, it) })
		select {
		case <-ctx.Done():
			return
		case <-b.wake: // new updates stored
		case <-l.free: // a handler finished: its chat's next may go
		case <-rescan: // another instance may have stored some, or left some
			l.rescan()
		}
		if l.takeFailed() {
			pause = min(max(2*pause, time.Second), maxPause)
		} else {
			pause = 0
		}
	}
}
