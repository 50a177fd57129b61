package telegramtest

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"github.com/go-telegram/bot/models"
)

// queuedUpdate is an update waiting to be confirmed by an offset.
type queuedUpdate struct {
	id          int64
	kind        string // the allowed_updates name: "message", "callback_query", …
	raw         json.RawMessage
	redelivered bool // queued again by Redeliver: survives offsets until delivered once
	delivered   bool
}

// updateQueue is the bot's update stream.
type updateQueue struct {
	nextID  int64
	pending []queuedUpdate // sorted by id
	history map[int64]queuedUpdate
	wake    chan struct{} // closed and replaced whenever an update arrives
	allowed map[string]bool
	poll    chan struct{} // the running getUpdates call; closed to terminate it
}

// defaultHidden are the update types not delivered unless asked for.
var defaultHidden = []string{"chat_member", "message_reaction", "message_reaction_count"}

func newUpdateQueue() updateQueue {
	return updateQueue{nextID: firstUpdateID, history: map[int64]queuedUpdate{}, wake: make(chan struct{})}
}

// enqueue adds an update; kind is its field name in Update.
func (s *Server) enqueue(u *models.Update, kind string) {
	q := &s.updates
	u.ID = q.nextID
	q.nextID++
	raw, err := json.Marshal(u)
	if err != nil {
		panic("telegramtest: marshal update: " + err.Error()) // our own models; a bug here
	}
	qu := queuedUpdate{id: u.ID, kind: kind, raw: raw}
	q.history[u.ID] = qu
	q.push(qu)
}

// push inserts an update in id order and wakes a waiting getUpdates.
func (q *updateQueue) push(qu queuedUpdate) {
	i, _ := slices.BinarySearchFunc(q.pending, qu.id, func(a queuedUpdate, id int64) int { return int(a.id - id) })
	q.pending = slices.Insert(q.pending, i, qu)
	close(q.wake)
	q.wake = make(chan struct{})
}

// confirm forgets the updates an offset confirms.
func (q *updateQueue) confirm(offset int64) {
	switch {
	case offset > 0:
		q.pending = slices.DeleteFunc(q.pending, func(u queuedUpdate) bool {
			return u.id < offset && (!u.redelivered || u.delivered)
		})
	case offset < 0 && int64(len(q.pending)) > -offset:
		q.pending = q.pending[int64(len(q.pending))+offset:]
	}
}

// take returns up to limit pending updates of allowed types, dropping the
// others as Telegram never stores them.
func (q *updateQueue) take(limit int) []json.RawMessage {
	q.pending = slices.DeleteFunc(q.pending, func(u queuedUpdate) bool { return !q.isAllowed(u.kind) })
	out := []json.RawMessage{}
	for i := range q.pending {
		if len(out) == limit {
			break
		}
		q.pending[i].delivered = true
		out = append(out, q.pending[i].raw)
	}
	return out
}

// isAllowed applies allowed_updates.
func (q *updateQueue) isAllowed(kind string) bool {
	if q.allowed == nil {
		return !slices.Contains(defaultHidden, kind)
	}
	return q.allowed[kind]
}

// setAllowed remembers allowed_updates; an empty list restores the default.
func (q *updateQueue) setAllowed(raw string) {
	var kinds []string
	_ = json.Unmarshal([]byte(raw), &kinds) // validated against the spec already
	if len(kinds) == 0 {
		q.allowed = nil
		return
	}
	q.allowed = map[string]bool{}
	for _, k := range kinds {
		q.allowed[k] = true
	}
}

// getUpdates long-polls: it answers at once when updates are pending,
// otherwise when one arrives, the timeout passes, the client goes away, or a
// newer getUpdates call terminates it with 409 as Telegram does.
func (s *Server) getUpdates(ctx context.Context, ps params) (any, *apiError) {
	offset, _ := strconv.ParseInt(ps["offset"].value, 10, 64)
	limit, _ := strconv.Atoi(ps["limit"].value)
	timeout, _ := strconv.Atoi(ps["timeout"].value)
	limit = min(max(limit, 1), 100)
	if ps["limit"].value == "" {
		limit = 100
	}
	timer := time.NewTimer(time.Duration(max(timeout, 0)) * time.Second)
	defer timer.Stop()

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook.url != "" {
		return nil, webhookConflict()
	}
	q := &s.updates
	if q.poll != nil {
		close(q.poll)
	}
	me := make(chan struct{})
	q.poll = me
	defer func() {
		if q.poll == me {
			q.poll = nil
		}
	}()
	if p, ok := ps["allowed_updates"]; ok {
		q.setAllowed(p.value)
	}
	q.confirm(offset)
	for {
		if ups := q.take(limit); len(ups) > 0 || timeout <= 0 {
			return ups, nil
		}
		wake := q.wake
		s.mu.Unlock()
		select {
		case <-wake:
		case <-timer.C:
			timeout = 0
		case <-ctx.Done():
			timeout = 0
		case <-s.done:
			timeout = 0
		case <-me:
			s.mu.Lock()
			return nil, &apiError{code: 409, desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		}
		s.mu.Lock()
	}
}

// Redeliver queues an update again with the same update_id, as Telegram does
// when a bot crashed before confirming it. It is delivered once even if the
// bot's offset is already past it.
func (s *Server) Redeliver(updateID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	qu, ok := s.updates.history[updateID]
	if !ok {
		return
	}
	qu.redelivered, qu.delivered = true, false
	s.updates.pending = slices.DeleteFunc(s.updates.pending, func(u queuedUpdate) bool { return u.id == updateID })
	s.updates.push(qu)
}

// Pending is the number of updates not yet confirmed by an offset.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates.pending)
}

// Updates returns the pending updates, without confirming them.
func (s *Server) Updates() []models.Update {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]models.Update, 0, len(s.updates.pending))
	for _, qu := range s.updates.pending {
		var u models.Update
		if err := json.Unmarshal(qu.raw, &u); err == nil {
			out = append(out, u)
		}
	}
	return out
}

// LastUpdateID is the id of the latest update queued, 0 if none.
func (s *Server) LastUpdateID() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.updates.history) == 0 {
		return 0
	}
	return s.updates.nextID - 1
}
