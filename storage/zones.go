package storage

import (
	"sync"
	"time"
)

// zones loads each time zone once: time.LoadLocation reads and parses the
// zone's data on every call, and every branch read needs its zone.
type zones struct {
	mu  sync.Mutex
	loc map[string]*time.Location
}

// load returns the named zone, nil when the name is empty or unknown (the
// domain then falls back, see zhibu.Branch.Location).
func (z *zones) load(name string) *time.Location {
	if name == "" {
		return nil
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	if loc, ok := z.loc[name]; ok {
		return loc
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = nil
	}
	if z.loc == nil {
		z.loc = map[string]*time.Location{}
	}
	z.loc[name] = loc
	return loc
}
