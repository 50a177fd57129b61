package scheduler

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/zhibu/zhibu"
)

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

// ParseCron reads a 5-field cron spec (minute hour day month weekday) in a
// location: robfig/cron computes the times, never runs anything. A time
// zone written in the spec (TZ=, CRON_TZ=) is refused: the zone is the
// branch's. Parse panics are recovered (robfig panics on "TZ=" alone).
func ParseCron(spec string, loc *time.Location) (next zhibu.NextFunc, err error) {
	spec = strings.TrimSpace(spec)
	if spec == "" || strings.Contains(strings.ToUpper(spec), "TZ=") || strings.HasPrefix(spec, "@") {
		return nil, zhibu.ErrCronSpec
	}
	defer func() {
		if p := recover(); p != nil {
			next, err = nil, fmt.Errorf("%w: %v", zhibu.ErrCronSpec, p)
		}
	}()
	s, err := cronParser.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", zhibu.ErrCronSpec, err)
	}
	return func(t time.Time) time.Time { return s.Next(t.In(loc)) }, nil
}
