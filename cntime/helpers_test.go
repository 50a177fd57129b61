package cntime

import "time"

// testNow is the fixed time of every test: Saturday 2026-11-21 10:00 in Beijing.
var testNow = time.Date(2026, 11, 21, 10, 0, 0, 0, mustLoadLocation("Asia/Shanghai"))

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}
