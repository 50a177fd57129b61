package scheduler_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/scheduler"
	"github.com/zhibu/zhibu/storage"
)

// stallingTransport holds every message to one chat until released, and
// reports the others as they go.
type stallingTransport struct {
	stalled   int64
	release   chan struct{}
	delivered chan string
	started   chan struct{} // told when a stalled send begins, if set
	mu        sync.Mutex
	n         int
}

func (t *stallingTransport) Deliver(ctx context.Context, m zhibu.Message) (int, error) {
	if m.ChatID == t.stalled {
		if t.started != nil {
			t.started <- struct{}{}
		}
		select {
		case <-t.release:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	t.mu.Lock()
	t.n++
	id := t.n
	t.mu.Unlock()
	t.delivered <- m.Key
	return id, nil
}

// A send that hangs delays only its own chat: the other chats' messages,
// several to one chat in order, go out meanwhile.
func TestSlowChatDoesNotStallOthers(t *testing.T) {
	db, err := storage.Open(filepath.Join(t.TempDir(), "zhibu.db"), func() time.Time { return sendT0 })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	tr := &stallingTransport{stalled: -1, release: make(chan struct{}), delivered: make(chan string, 10)}
	s := scheduler.NewSender(db, tr, scheduler.Options{Now: func() time.Time { return sendT0 }})
	msgs := []zhibu.Message{
		{ChatID: -1, Text: "卡住", Key: "a1", Urgent: true},
		{ChatID: -2, Text: "一", Key: "b1", Urgent: true},
		{ChatID: -2, Text: "二", Key: "b2", Urgent: true},
		{ChatID: 7, Text: "私信", Key: "c1", Private: true, Urgent: true},
	}
	if err := s.Enqueue(context.Background(), msgs); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	var got []string
	deadline := time.After(10 * time.Second) // a failure guard, not a wait
	for len(got) < 3 {
		select {
		case k := <-tr.delivered:
			got = append(got, k)
		case <-deadline:
			t.Fatalf("while chat -1 hangs, only %v went out; want b1, b2 and c1", got)
		}
	}
	bIndex := map[string]int{}
	for i, k := range got {
		bIndex[k] = i
	}
	if _, ok := bIndex["a1"]; ok || bIndex["b1"] > bIndex["b2"] {
		t.Errorf("delivered %v while chat -1 hangs; want b1 before b2, and not a1", got)
	}
	close(tr.release)
	select {
	case k := <-tr.delivered:
		if k != "a1" {
			t.Errorf("after the release %q went out, want a1", k)
		}
	case <-deadline:
		t.Fatal("a1 never went out after the release")
	}
	cancel()
	<-done
}

// With FinishSends, a message on its way when Run is told to stop is not
// cut off: Run returns once it went out, and it is recorded as sent, so
// that the instance taking over (or the next start) does not send it
// again. Without it, the send is cut off and the message stays pending.
func TestStopFinishesTheSendUnderWay(t *testing.T) {
	for _, finish := range []bool{true, false} {
		db, err := storage.Open(filepath.Join(t.TempDir(), "zhibu.db"), func() time.Time { return sendT0 })
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		tr := &stallingTransport{stalled: -1, release: make(chan struct{}), delivered: make(chan string, 10),
			started: make(chan struct{}, 1)}
		s := scheduler.NewSender(db, tr, scheduler.Options{Now: func() time.Time { return sendT0 }, FinishSends: finish})
		if err := s.Enqueue(context.Background(), []zhibu.Message{{ChatID: -1, Text: "在路上", Key: "a1", Urgent: true}}); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { s.Run(ctx); close(done) }()
		<-tr.started // the send is under way
		cancel()
		if finish {
			select {
			case <-done:
				t.Fatal("Run returned with a send under way")
			default:
			}
			close(tr.release)
		}
		<-done
		pending, err := db.Due(context.Background(), sendT0.Add(time.Hour), 10)
		if err != nil {
			t.Fatal(err)
		}
		if finish && (len(pending) != 0 || len(tr.delivered) != 1) {
			t.Errorf("FinishSends: %d pending, %d delivered after the stop; want the send finished and recorded",
				len(pending), len(tr.delivered))
		}
		if !finish && (len(pending) != 1 || len(tr.delivered) != 0) {
			t.Errorf("without FinishSends: %d pending, %d delivered after the stop; want it cut off and pending",
				len(pending), len(tr.delivered))
		}
	}
}
