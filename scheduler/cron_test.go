package scheduler

import (
	"errors"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
)

func TestParseCron(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, sh)
	next, err := ParseCron("0 9 1 * *", sh)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := next(now), time.Date(2026, 12, 1, 9, 0, 0, 0, sh); !got.Equal(want) {
		t.Errorf("next(0 9 1 * *) = %v, want %v", got, want)
	}
	for _, bad := range []string{"", "TZ=Asia/Shanghai", "CRON_TZ=UTC 0 9 * * *", "tz=x 0 9 * * *", "0 9 * *", "61 9 * * *", "garbage", "@every 1m", "0 25 * * *"} {
		if _, err := ParseCron(bad, sh); !errors.Is(err, zhibu.ErrCronSpec) {
			t.Errorf("ParseCron(%q) = %v, want zhibu.ErrCronSpec", bad, err)
		}
	}
}
