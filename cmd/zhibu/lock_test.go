package main

// The database locked by another process for 10 s of real time while the
// real binary works (issue 9, the fault suite: bot/faults_test.go has the
// faults that need no real process). The harness is the kill tests'
// (kill_test.go, proc_test.go).

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// lockFor holds the database's write lock from another connection, as
// another process would, and returns the function that releases it. It
// waits up to 10 s for the lock.
func lockFor(t *testing.T, dbPath string) (release func()) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		conn.Close()
		db.Close()
		t.Fatalf("BEGIN EXCLUSIVE: %v", err)
	}
	done := false
	release = func() {
		if done {
			return
		}
		done = true
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			t.Errorf("ROLLBACK: %v", err)
		}
		conn.Close()
		db.Close()
	}
	t.Cleanup(release)
	return release
}

// TestFaultDatabaseLockedTenSeconds: another process holds the database's
// write lock for 10 s while members of 8 branches send /pledge commands:
// six to the first group just before the lock (three answers go at once,
// the rest wait for the group's sending limit and fall due while it is
// locked), and two to each of the seven others while it is locked. While
// locked nothing can be stored or recorded; once it is released every
// command must be done once and answered once, with no message sent twice
// (no kill, no lost answer explains one). The test reports how long after
// the release the last command sent during the lock was answered.
func TestFaultDatabaseLockedTenSeconds(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the zhibu binary and holds its database for 10 s")
	}
	t.Parallel()
	const groups, before, perGroup = 8, 6, 2
	const hold = 10 * time.Second
	w := newKillWorld(t, groups)
	w.setUp(time.Now(), nil)
	p := newZhibuProc(t, w.srv, w.dbPath, w.tz)
	p.start()

	var cmds []command
	send := func(i int) command {
		n := len(cmds) + 1
		m := w.srv.SendText(w.groups[i], w.admins[i], fmt.Sprintf("/pledge 第%d条承诺", n))
		c := command{group: w.groups[i], id: m.ID, n: n}
		cmds = append(cmds, c)
		return c
	}
	// firstAnswers is when each command was first answered.
	firstAnswers := func(cs []command) map[int]time.Time {
		a := w.answers()
		out := map[int]time.Time{}
		for _, c := range cs {
			if ms := a[[2]int64{c.group, int64(c.id)}]; len(ms) > 0 {
				out[c.n] = ms[0].Date
			}
		}
		return out
	}
	progress := func() string {
		return fmt.Sprintf("%d of %d commands answered, %d bot messages", len(firstAnswers(cmds)), len(cmds), w.botTexts())
	}

	for range before {
		send(0)
	}
	// All six done (their answers queued), three answered: the other three
	// wait for the group's limit, due while the database is locked.
	w.wait.until(t, 30*time.Second, "the first six commands done, three answered", func() bool {
		return len(firstAnswers(cmds)) >= 3 && countRows(t, w.dbPath, "SELECT 'all', COUNT(*) FROM pledges")["all"] == before
	}, progress)
	if n := len(firstAnswers(cmds)); n == before {
		t.Fatalf("all %d answers went before the lock; the test means some to be due while it is held", n)
	}
	release := lockFor(t, w.dbPath)
	locked := time.Now()
	var during []command
	for k := range (groups - 1) * perGroup {
		at := locked.Add(500*time.Millisecond + time.Duration(k)*600*time.Millisecond)
		time.Sleep(time.Until(at)) // a real lock held for real time
		during = append(during, send(1+k%(groups-1)))
	}
	time.Sleep(time.Until(locked.Add(hold)))
	answeredLocked := len(firstAnswers(during))
	release()
	released := time.Now()
	w.wait.until(t, 60*time.Second, "an answer to every command", func() bool { return len(firstAnswers(cmds)) == len(cmds) }, progress)
	finish(t, w, p)

	latest := func(cs []command) time.Time {
		var last time.Time
		for _, at := range firstAnswers(cs) {
			if at.After(last) {
				last = at
			}
		}
		return last
	}
	last, lastAll := latest(during), latest(cmds)
	var sentLocked int
	for _, r := range w.srv.Requests() {
		if r.Method == "sendMessage" && !r.Time.Before(locked) && r.Time.Before(released) {
			sentLocked++
		}
	}
	stored := countRows(t, w.dbPath, "SELECT content, COUNT(*) FROM pledges GROUP BY content")
	var storedTwice, notStored []string
	for _, c := range cmds {
		content := fmt.Sprintf("第%d条承诺", c.n)
		switch k := stored[content]; {
		case k == 0:
			notStored = append(notStored, content)
		case k > 1:
			storedTwice = append(storedTwice, fmt.Sprintf("%s×%d", content, k))
		}
	}
	dups, report, unexplained := w.explain(w.duplicates())
	t.Logf("database locked %s (%s–%s) with %d commands before and %d during it; %d messages sent while locked; "+
		"%d commands answered while locked; the last command sent during the lock answered %s after the release, "+
		"the last of all (the first group's, at its sending limit) %s after; %d messages sent again: %q",
		hold, clock(locked), clock(released), before, len(during), sentLocked, answeredLocked,
		last.Sub(released).Round(time.Millisecond), lastAll.Sub(released).Round(time.Millisecond), dups, report)
	if answeredLocked > 0 {
		t.Errorf("%d commands sent during the lock answered before it was released", answeredLocked)
	}
	if len(storedTwice) > 0 || len(notStored) > 0 {
		t.Errorf("each pledge must be stored once: stored twice %v, not stored %v", storedTwice, notStored)
	}
	if len(unexplained) > 0 {
		t.Errorf("sent again with nothing to explain it (no kill, no lost answer): %q", unexplained)
	}
}
