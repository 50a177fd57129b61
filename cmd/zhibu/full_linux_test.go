package main

// A full disk for the real binary (issue 9, the fault suite): the test
// lowers the running process's file size limit (RLIMIT_FSIZE) to 0, so no
// file of it can grow, as on a full disk, and raises it again later, as
// when space is freed. SQLite then fails every write with "disk I/O error"
// (SQLITE_IOERR_WRITE: write(2) answers EFBIG; a real full disk answers
// ENOSPC, which SQLite reports as SQLITE_FULL) and zhibu must treat it as
// the database being unavailable. Go ignores the SIGXFSZ that comes with
// it. Linux only: prlimit(2).

import (
	"fmt"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// setFileSizeLimit sets the soft RLIMIT_FSIZE of a running process,
// keeping its hard limit; ^uint64(0) is no limit.
func setFileSizeLimit(t *testing.T, pid int, soft uint64) {
	t.Helper()
	var old syscall.Rlimit
	if _, _, e := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), syscall.RLIMIT_FSIZE, 0,
		uintptr(unsafe.Pointer(&old)), 0, 0); e != 0 {
		t.Fatalf("prlimit(%d) get: %v", pid, e)
	}
	lim := syscall.Rlimit{Cur: soft, Max: old.Max}
	if _, _, e := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), syscall.RLIMIT_FSIZE,
		uintptr(unsafe.Pointer(&lim)), 0, 0, 0); e != 0 {
		t.Fatalf("prlimit(%d) set %d: %v", pid, soft, e)
	}
}

// pid is the process id of the current life.
func (p *zhibuProc) pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cmd.Process.Pid
}

// TestFaultDatabaseFull: while zhibu runs, its files cannot grow (the disk
// is full) and members of four branches send /pledge commands. Nothing may
// be stored, confirmed to Telegram or answered; once space is freed, without
// a restart, every command must be done once and answered once. The test
// reports how long after the space was freed the last command was answered.
func TestFaultDatabaseFull(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the zhibu binary")
	}
	t.Parallel()
	const groups, perGroup = 4, 2
	w := newKillWorld(t, groups)
	w.setUp(time.Now(), nil)
	p := newZhibuProc(t, w.srv, w.dbPath, w.tz)
	p.start()

	var cmds []command
	send := func(i int) {
		n := len(cmds) + 1
		m := w.srv.SendText(w.groups[i], w.admins[i], fmt.Sprintf("/pledge 第%d条承诺", n))
		cmds = append(cmds, command{group: w.groups[i], id: m.ID, n: n})
	}
	answered := func() (n int, last time.Time) {
		a := w.answers()
		for _, c := range cmds {
			if ms := a[[2]int64{c.group, int64(c.id)}]; len(ms) > 0 {
				n++
				if ms[0].Date.After(last) {
					last = ms[0].Date
				}
			}
		}
		return n, last
	}
	progress := func() string {
		n, _ := answered()
		return fmt.Sprintf("%d of %d commands answered, %d updates unconfirmed", n, len(cmds), w.srv.Pending())
	}
	send(0)
	w.wait.until(t, 30*time.Second, "zhibu to answer", func() bool { n, _ := answered(); return n == 1 }, progress)

	setFileSizeLimit(t, p.pid(), 0)
	full := time.Now()
	for i := range groups * perGroup {
		send(i % groups)
	}
	// fetches counts the getUpdates calls answered after the disk filled:
	// while it is full, each returns the commands, which zhibu cannot store.
	fetches := func() int {
		n := 0
		for _, r := range w.srv.Requests() {
			if r.Method == "getUpdates" && r.Time.After(full) && r.Status == 200 {
				n++
			}
		}
		return n
	}
	w.wait.until(t, 20*time.Second, "zhibu to try to store the commands three times", func() bool { return fetches() >= 3 }, progress)
	if n, _ := answered(); n != 1 {
		t.Errorf("%d commands answered while the disk was full, want none", n-1)
	}
	if n := w.srv.Pending(); n != len(cmds)-1 {
		t.Errorf("%d updates unconfirmed at Telegram while the disk was full, want all %d", n, len(cmds)-1)
	}
	if !p.running() {
		t.Fatalf("zhibu exited on a full disk: %v", p.exitErr())
	}

	tries := fetches()
	setFileSizeLimit(t, p.pid(), ^uint64(0))
	freed := time.Now()
	w.wait.until(t, 60*time.Second, "an answer to every command", func() bool { n, _ := answered(); return n == len(cmds) }, progress)
	_, last := answered()
	finish(t, w, p)

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
	dups, report, _ := w.explain(w.duplicates())
	t.Logf("disk full for %s with %d commands sent; %d fetches of them not stored; the last answered %s after space was freed; %d messages sent again: %q",
		freed.Sub(full).Round(time.Millisecond), len(cmds)-1, tries, last.Sub(freed).Round(time.Millisecond), dups, report)
	if len(storedTwice) > 0 || len(notStored) > 0 {
		t.Errorf("each pledge must be stored once: stored twice %v, not stored %v", storedTwice, notStored)
	}
	if dups > 0 {
		t.Errorf("messages sent again with no kill or lost answer: %q", report)
	}
}
