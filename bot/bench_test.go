package bot_test

import (
	"testing"
	"time"
)

// BenchmarkInboxWhoAmI measures updates per second through the whole path:
// getUpdates from the emulator, store in SQLite, handle /whoami (roster
// lookups), answer over HTTP, mark processed.
func BenchmarkInboxWhoAmI(b *testing.B) {
	h := newHarness(b)
	h.setup()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		h.srv.SendText(groupID, memberID, "/whoami")
		if i%100 == 99 || i == b.N-1 {
			h.step()
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	if n := h.whoamiReplies(); n != b.N {
		b.Fatalf("answered %d of %d", n, b.N)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "updates/s")
}
