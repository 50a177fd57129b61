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
	wg      sync.WaitGroup
}

func newLanes() *lanes {
	l := &lanes{busy: map[int64]bool{}, started: map[int64]bool{}, free: make(chan struct{}, 1),
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

// process is the handling half of the inbox: it reads stored updates in
// update_id order and hands them to the lanes, each handled once and
// marked processed in the same transaction. When the database fails, the
// update stays pending and is tried again after a pause. It returns when
// ctx is cancelled, after the updates in hand are finished.
func (b *Bot) process(ctx context.Context) {
	l := newLanes()
	defer l.wg.Wait()
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
		l.dispatch(items, func(it zhibu.InboxItem) error { return b.processOne(ctx, it) })
		select {
		case <-ctx.Done():
			return
		case <-b.wake: // new updates stored
		case <-l.free: // a handler finished: its chat's next may go
		}
		if l.takeFailed() {
			pause = min(max(2*pause, time.Second), maxPause)
		} else {
			pause = 0
		}
	}
}
