package main

// The subprocess harness of the kill tests (kill_test.go): the real zhibu
// binary, built once per test run, runs as `zhibu run` against an emulator
// in the test process, and is killed with SIGKILL and started again on the
// same database. Waiting for a subprocess is the one place real time is
// unavoidable; waits poll the emulator with a deadline.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/bot/telegramtest"
	"github.com/zhibu/zhibu/cmd/zhibu/app"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	if err := stopTestPostgres(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

var (
	buildOnce sync.Once
	buildDir  string // removed by TestMain
	buildPath string
	buildErr  error
)

// zhibuBinary builds ./cmd/zhibu once per test run and returns its path.
// It is built with -race when the tests are, which also reuses the
// packages the test binary was built from.
func zhibuBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "zhibu-kill-")
		if buildErr != nil {
			return
		}
		buildPath = filepath.Join(buildDir, "zhibu")
		args := []string{"build"}
		if raceEnabled() {
			args = append(args, "-race")
		}
		args = append(args, "-o", buildPath, ".")
		// go test puts its toolchain's bin first in PATH; the working
		// directory is the package's, ./cmd/zhibu.
		cmd := exec.Command("go", args...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			buildErr = fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
	})
	if buildErr != nil {
		t.Fatalf("build zhibu: %v", buildErr)
	}
	return buildPath
}

// raceEnabled reports whether this test binary was built with -race.
func raceEnabled() bool {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range info.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// zhibuProc is `zhibu run` as a subprocess on one database, across
// restarts. Its stderr (the log, at debug level) goes to one file for all
// its lives, printed when the test fails.
type zhibuProc struct {
	t      *testing.T
	bin    string
	env    []string
	logDir string

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{} // closed when the current life ended
	err    error         // how it ended
	lives  int
	logs   []string
}

// newZhibuProc prepares a subprocess talking to srv with the database at
// dbPath and tz as the default time zone. It does not start it.
func newZhibuProc(t *testing.T, srv *telegramtest.Server, dbPath, tz string) *zhibuProc {
	t.Helper()
	p := &zhibuProc{t: t, bin: zhibuBinary(t), logDir: t.TempDir()}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ZHIBU_") {
			p.env = append(p.env, kv)
		}
	}
	p.env = append(p.env, "ZHIBU_TOKEN="+srv.Token(), "ZHIBU_API_URL="+srv.URL(), "ZHIBU_DB="+dbPath,
		"ZHIBU_TZ="+tz, "ZHIBU_LOG_LEVEL=debug", "ZHIBU_REGISTRATION=open")
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			p.dumpLogs()
		}
	})
	return p
}

// start starts a new life of the process.
func (p *zhibuProc) start() {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd != nil {
		select {
		case <-p.exited:
		default:
			p.t.Fatalf("zhibu: start while life %d is running", p.lives)
		}
	}
	p.lives++
	logPath := filepath.Join(p.logDir, fmt.Sprintf("life%d.log", p.lives))
	f, err := os.Create(logPath)
	if err != nil {
		p.t.Fatal(err)
	}
	p.logs = append(p.logs, logPath)
	cmd := exec.Command(p.bin, "run")
	cmd.Env, cmd.Stdout, cmd.Stderr = p.env, f, f
	if err := cmd.Start(); err != nil {
		f.Close()
		p.t.Fatalf("start zhibu: %v", err)
	}
	exited := make(chan struct{})
	p.cmd, p.exited, p.err = cmd, exited, nil
	go func() {
		err := cmd.Wait()
		f.Close()
		p.mu.Lock()
		p.err = err
		p.mu.Unlock()
		close(exited)
	}()
}

// running reports whether the current life has not ended.
func (p *zhibuProc) running() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil {
		return false
	}
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// kill ends the current life with SIGKILL, as a crash or an OOM kill
// would, and waits until it is gone. It may be called from an emulator
// callback: it touches nothing of the test but the process.
func (p *zhibuProc) kill() {
	p.mu.Lock()
	cmd, exited := p.cmd, p.exited
	p.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Kill()
	<-exited
}

// stop ends the current life with SIGTERM, as systemctl stop does, and
// reports its exit: zhibu finishes the update in hand and exits 0.
func (p *zhibuProc) stop(timeout time.Duration) error {
	p.mu.Lock()
	cmd, exited := p.cmd, p.exited
	p.mu.Unlock()
	if cmd == nil {
		return nil
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(timeout):
		p.kill()
		return fmt.Errorf("zhibu did not stop within %s of SIGTERM; killed", timeout)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// exitErr is how the current life ended (nil while it runs, or exit 0).
func (p *zhibuProc) exitErr() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// logText is everything the process logged in all its lives.
func (p *zhibuProc) logText() string {
	var b strings.Builder
	for i, path := range p.logs {
		data, _ := os.ReadFile(path)
		fmt.Fprintf(&b, "---- zhibu life %d ----\n%s", i+1, data)
	}
	return b.String()
}

// dumpLogs prints the end of every life's log.
func (p *zhibuProc) dumpLogs() {
	for i, path := range p.logs {
		data, _ := os.ReadFile(path)
		lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
		if len(lines) > 40 {
			lines = append([]string{fmt.Sprintf("… %d lines", len(lines)-40)}, lines[len(lines)-40:]...)
		}
		p.t.Logf("zhibu life %d log (%s):\n%s", i+1, path, strings.Join(lines, "\n"))
	}
}

// waiter lets a test wait for a condition on the emulator: events wake it,
// and it also looks every few milliseconds.
type waiter struct{ ch chan struct{} }

func newWaiter() *waiter { return &waiter{ch: make(chan struct{}, 1)} }

// poke wakes a waiting test; called from the emulator's OnEvent.
func (w *waiter) poke() {
	select {
	case w.ch <- struct{}{}:
	default:
	}
}

// until waits until cond holds, failing the test after timeout. what says
// what was awaited; progress, when set, says how far it got.
func (w *waiter) until(t *testing.T, timeout time.Duration, what string, cond func() bool, progress func() string) {
	t.Helper()
	if w.within(timeout, cond) {
		return
	}
	msg := ""
	if progress != nil {
		msg = " (" + progress() + ")"
	}
	t.Fatalf("waited %s for %s%s", timeout, what, msg)
}

// quiet waits until no event arrived for d, or max passed.
func (w *waiter) quiet(d, max time.Duration) {
	end := time.Now().Add(max)
	for time.Now().Before(end) {
		select {
		case <-w.ch:
		case <-time.After(d):
			return
		}
	}
}

// noonZone is an IANA zone where it is about noon at t, so that the
// branches' quiet hours (22:00–07:30 by default) never hold a reminder
// whatever the hour the tests run.
func noonZone(t time.Time) string {
	off := 12 - t.UTC().Hour() // hours east of UTC: -11 … +12
	if off == 0 {
		return "Etc/GMT"
	}
	return fmt.Sprintf("Etc/GMT%+d", -off) // POSIX signs: Etc/GMT-8 is UTC+8
}

// prepBot runs zhibu in the test process on the database a subprocess
// will use, to set branches up before it starts: in-process steps are
// quick and the clock is injected, where the subprocess would wait out
// the real sending limits (20 messages a minute to a group).
type prepBot struct {
	t      *testing.T
	a      *app.App
	clock  *telegramtest.Clock
	closed bool
}

// newPrepBot opens dbPath (creating and migrating it) and wires zhibu
// on it with clock and tz.
func newPrepBot(t *testing.T, srv *telegramtest.Server, dbPath, tz string, clock *telegramtest.Clock) *prepBot {
	t.Helper()
	ctx := context.Background()
	db, err := openDB(ctx, dbPath, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(ctx, db, app.Config{Now: clock.Now, Registration: zhibu.RegistrationPolicy{Mode: zhibu.RegistrationOpen},
		Bot: bot.Config{Token: srv.Token(), APIURL: srv.URL(), PollTimeout: time.Second, TimeZone: tz}})
	if err != nil {
		db.Close()
		t.Fatalf("app.New: %v", err)
	}
	p := &prepBot{t: t, a: a, clock: clock}
	t.Cleanup(func() {
		if !p.closed {
			a.DB.Close()
		}
	})
	return p
}

// step fetches, stores and handles everything pending, and sends what the
// outbox holds, letting a second pass on the clock so the limits allow it.
func (p *prepBot) step() {
	p.t.Helper()
	ctx := context.Background()
	for range 10 {
		n, err := p.a.Bot.PollOnce(ctx)
		if err != nil {
			p.t.Fatalf("PollOnce: %v", err)
		}
		if err := p.a.Bot.ProcessPending(ctx); err != nil {
			p.t.Fatalf("ProcessPending: %v", err)
		}
		if n == 0 {
			break
		}
	}
	p.flush()
}

// flush sends the whole outbox, moving the clock on to when the limits let
// the next message go.
func (p *prepBot) flush() {
	p.t.Helper()
	ctx := context.Background()
	for range 1000 {
		_, next, err := p.a.Sender.Flush(ctx)
		if err != nil {
			p.t.Fatalf("Flush: %v", err)
		}
		if next.IsZero() {
			return
		}
		if next.After(p.clock.Now()) {
			p.clock.Set(next)
		}
	}
	p.t.Fatal("the outbox did not drain")
}

// remind runs a reminder tick at the clock's time and sends what it
// queued, so that what falls due today anyway (三会一课 reminders near the
// end of a month, …) is not left for the subprocess to send.
func (p *prepBot) remind() {
	p.t.Helper()
	if err := p.a.Engine.Tick(context.Background()); err != nil {
		p.t.Fatalf("Tick: %v", err)
	}
	p.flush()
}

// close closes the database: the subprocess takes over.
func (p *prepBot) close() {
	p.t.Helper()
	p.closed = true
	if err := p.a.DB.Close(); err != nil {
		p.t.Fatal(err)
	}
}
