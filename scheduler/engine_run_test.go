package scheduler_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/scheduler"
)

// memStore is a DeliveryStore in memory, for tests that need no database.
type memStore struct {
	mu        sync.Mutex
	delivered map[string]string
	queued    []zhibu.Message
	watermark time.Time
}

func (s *memStore) Delivered(_ context.Context, keys []string) (map[string]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]bool{}
	for _, k := range keys {
		if _, ok := s.delivered[k]; ok {
			out[k] = true
		}
	}
	return out, nil
}

func (s *memStore) Deliver(_ context.Context, _ time.Time, ds []zhibu.Delivery) ([]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	added := make([]bool, len(ds))
	for i, d := range ds {
		if _, ok := s.delivered[d.Key]; !ok {
			s.delivered[d.Key], added[i] = string(d.Outcome), true
			s.queued = append(s.queued, d.Messages...)
		}
	}
	return added, nil
}

func (s *memStore) Watermark(context.Context) (time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.watermark, nil
}

func (s *memStore) SetWatermark(_ context.Context, t time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.After(s.watermark) {
		s.watermark = t
	}
	return nil
}

// TestRun runs the loop in a synctest bubble, where its ticker and the clock
// it is given both follow the bubble's fake time.
func TestRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		src := &fakeSource{}
		for i := range 3 {
			src.once = append(src.once, zhibu.Occurrence{Key: string(rune('a' + i)), Branch: branchView(1),
				FireAt: start.Add(time.Duration(i)*time.Minute + 30*time.Second), Urgent: true})
		}
		store := &memStore{delivered: map[string]string{}}
		wakes := 0
		e := scheduler.NewEngine(store, []scheduler.Source{src}, newFakeRenderer(), newFakeRenderer(),
			scheduler.EngineOptions{Now: time.Now, Wake: func() { wakes++ }})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			e.Run(ctx)
			close(done)
		}()
		time.Sleep(150 * time.Second) // fake time: ticks at 0, 1, 2 minutes
		synctest.Wait()
		store.mu.Lock()
		got := len(store.queued)
		store.mu.Unlock()
		if got != 2 || wakes != 2 {
			t.Errorf("after 2.5 minutes: %d messages queued, %d wakes; want 2, 2", got, wakes)
		}
		cancel()
		<-done
	})
}
