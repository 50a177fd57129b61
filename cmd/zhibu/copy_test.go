package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/storage"
	"github.com/zhibu/zhibu/storage/storagetest"
)

var (
	pgOnce sync.Once
	pgTest *storagetest.Postgres
	pgErr  error
)

// newTestPostgres returns the URL of a fresh empty PostgreSQL schema, with
// a password in it (the test server trusts the loopback and ignores it):
// the command must never print it.
func newTestPostgres(t *testing.T) string {
	t.Helper()
	pgOnce.Do(func() { pgTest, pgErr = storagetest.Start("cmd") })
	if pgErr != nil {
		t.Fatal(pgErr)
	}
	u, err := url.Parse(pgTest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), "s3cret")
	return u.String()
}

// stopTestPostgres drops the test database, if a test made one.
func stopTestPostgres() error {
	if pgTest == nil {
		return nil
	}
	return pgTest.Stop()
}

// mustDemoDatabase plays `zhibu demo` and returns a backup of the database
// it leaves: a branch with its roster, meetings, attendance, pledges,
// campaigns, reminders, outbox and inbox.
func mustDemoDatabase(t *testing.T) string {
	t.Helper()
	ctx := t.Context()
	s, err := newSandbox(ctx, io.Discard, "第一党支部群")
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	for _, line := range strings.Split(demoScript, "\n") {
		if err := s.exec(ctx, line, demoFiles); err != nil {
			t.Fatalf("demo %q: %v", line, err)
		}
	}
	path := filepath.Join(t.TempDir(), "demo.db")
	if _, err := s.db.BackupTo(ctx, path); err != nil {
		t.Fatal(err)
	}
	return path
}

// wantCopyLines is what zhibu copy prints for a source whose tables hold
// sums.
func wantCopyLines(sums []storage.TableSum, from, to string) string {
	var b strings.Builder
	var rows int64
	for _, s := range sums {
		fmt.Fprintf(&b, bot.CLICopyTable+"\n", s.Table, s.Rows)
		rows += s.Rows
	}
	fmt.Fprintf(&b, bot.CLICopyDone+"\n", from, to, storage.LatestVersion(), len(sums), rows)
	return b.String()
}

func mustChecksums(t *testing.T, setting string) []storage.TableSum {
	t.Helper()
	db, err := storage.Open(setting, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sums, err := db.Checksums(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

// TestCopyDemoToPostgresAndBack moves the demo's database to PostgreSQL
// and back to a new SQLite file, as the README's steps do: both copies
// print a checked line per table and the final line, and the round trip
// gives the same rows and checksums.
func TestCopyDemoToPostgresAndBack(t *testing.T) {
	src := mustDemoDatabase(t)
	pg := newTestPostgres(t)
	redacted := storage.Redact(pg)
	if strings.Contains(redacted, "s3cret") {
		t.Fatalf("Redact(%q) = %q", pg, redacted)
	}
	sums := mustChecksums(t, src)

	code, out, errs := runZhibu(t.Context(), []string{"copy", "--from", src, "--to", pg}, env())
	if want := wantCopyLines(sums, src, redacted); code != 0 || out != want || errs != "" {
		t.Fatalf("zhibu copy --from sqlite --to postgres = %d\n%s%s\nwant 0 and\n%s", code, out, errs, want)
	}
	back := filepath.Join(t.TempDir(), "back.db")
	code, out, errs = runZhibu(t.Context(), []string{"copy", "--from", pg, "--to", back}, env())
	if want := wantCopyLines(sums, redacted, back); code != 0 || out != want || errs != "" {
		t.Fatalf("zhibu copy --from postgres --to sqlite = %d\n%s%s\nwant 0 and\n%s", code, out, errs, want)
	}
	if got := mustChecksums(t, back); fmt.Sprint(got) != fmt.Sprint(sums) {
		t.Errorf("round trip checksums differ:\n%v\nwant\n%v", got, sums)
	}
	var total int64
	for _, s := range sums {
		total += s.Rows
	}
	if total < 100 {
		t.Errorf("the demo's database holds %d rows, want a realistic dataset", total)
	}

	// Again into the now full PostgreSQL schema: refused, one line.
	code, out, errs = runZhibu(t.Context(), []string{"copy", "--from", src, "--to", pg}, env())
	want := fmt.Sprintf(bot.CLICopyNotEmpty, redacted, "bot_state") + "\n" // the first table checked
	if code != 1 || out != "" || errs != want {
		t.Errorf("zhibu copy into a full database = %d, %q, %q; want 1 and %q", code, out, errs, want)
	}
	if got := mustChecksums(t, pg); fmt.Sprint(got) != fmt.Sprint(sums) {
		t.Errorf("refused copy changed the target")
	}
}

func TestCopyRefusesInOneClearLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "zhibu.db")
	if code, _, errs := runZhibu(t.Context(), []string{"migrate", "--db", db}, env()); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	old := filepath.Join(dir, "old.db")
	o, err := storage.Open(old, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.MigrateTo(t.Context(), 12); err != nil {
		t.Fatal(err)
	}
	o.Close()
	missing := filepath.Join(dir, "typo.db")
	pg := "postgres://zhibu:s3cret@db.example/zhibu"
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no flags", []string{"copy"}, bot.CLICopyUsage},
		{"no target", []string{"copy", "--from", db}, bot.CLICopyUsage},
		{"same", []string{"copy", "--from", pg, "--to", pg},
			"zhibu: 源库和目标库是同一个（postgres://zhibu:xxxxx@db.example/zhibu）：请写两个不同的数据库。"},
		{"missing source", []string{"copy", "--from", missing, "--to", filepath.Join(dir, "new.db")},
			"zhibu: 源数据库文件 " + missing + " 不存在：请写机器人正在使用的数据库（ZHIBU_DB 的值）。"},
		{"old source", []string{"copy", "--from", old, "--to", filepath.Join(dir, "new.db")},
			fmt.Sprintf("zhibu: 源数据库 %s 是版本 12，本程序要求版本 %d：请先停机，对它运行 zhibu migrate --db …（或启动一次新版本的 zhibu），再复制。", old, storage.LatestVersion())},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runZhibu(t.Context(), tt.args, env())
			if code != 1 || out != "" || errs != tt.want+"\n" {
				t.Errorf("zhibu %s = %d, %q, %q; want 1 and one line %q", strings.Join(tt.args, " "), code, out, errs, tt.want)
			}
		})
	}
	for _, p := range []string{missing, filepath.Join(dir, "new.db")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("a refused copy created %s", p)
		}
	}
}

// TestCopyMismatchExitsNonZero: a target that changes rows as they are
// inserted (a trigger) fails the check: the table's line says so and the
// command ends with one line and exit code 1.
func TestCopyMismatchExitsNonZero(t *testing.T) {
	dir := t.TempDir()
	src := mustDemoDatabase(t)
	dst := filepath.Join(dir, "dst.db")
	if code, _, errs := runZhibu(t.Context(), []string{"migrate", "--db", dst}, env()); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	raw, err := sql.Open("sqlite3", dst)
	if err != nil {
		t.Fatal(err)
	}
	_, err = raw.Exec(`CREATE TRIGGER tamper AFTER INSERT ON members BEGIN
		UPDATE members SET username = username || '!' WHERE id = NEW.id; END`)
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := runZhibu(t.Context(), []string{"copy", "--from", src, "--to", dst}, env())
	want := fmt.Sprintf(bot.CLICopyMismatch, 1) + "\n"
	if code != 1 || errs != want || !strings.Contains(out, "  members ") || !strings.Contains(out, "不一致") {
		t.Errorf("zhibu copy into a tampering target = %d\n%s%q\nwant 1, a members line saying 不一致 and %q", code, out, errs, want)
	}
}

// TestMoveToPostgres follows the README's steps with the zhibu binary: the
// bot runs on SQLite and takes a pledge; it is stopped; a member writes
// while it is down; zhibu copy moves the database to PostgreSQL; the bot
// starts on PostgreSQL. It must answer the update sent while it was down
// (the Telegram offset moved with the data), number the next pledge #2
// (the counters moved too) and send nothing twice.
func TestMoveToPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the zhibu binary")
	}
	w := newKillWorld(t, 1)
	w.setUp(time.Now(), nil)
	group, admin := w.groups[0], w.admins[0]
	p := newZhibuProc(t, w.srv, w.dbPath, w.tz)
	p.start()
	m := w.srv.SendText(group, admin, "/pledge 迁移前的承诺")
	w.wait.until(t, 20*time.Second, "the answer to the first pledge", func() bool {
		return len(w.answers()[[2]int64{group, int64(m.ID)}]) > 0
	}, nil)
	w.wait.until(t, 10*time.Second, "an empty outbox", func() bool {
		return countRows(t, w.dbPath, "SELECT state, COUNT(*) FROM outbox GROUP BY state")["pending"] == 0
	}, nil)
	if err := p.stop(10 * time.Second); err != nil {
		t.Fatalf("zhibu after SIGTERM: %v, want exit 0", err)
	}
	w.srv.SendText(group, admin, "/pledge 停机时的承诺")

	pg := newTestPostgres(t)
	cmd := exec.Command(p.bin, "copy", "--from", w.dbPath, "--to", pg)
	cmd.Env = p.env
	out, err := cmd.CombinedOutput()
	if err != nil || strings.Contains(string(out), "s3cret") ||
		!strings.Contains(string(out), "zhibu: 已从 "+w.dbPath+" 复制到 "+storage.Redact(pg)+"（") {
		t.Fatalf("zhibu copy = %v\n%s", err, out)
	}
	t.Logf("%s", out)

	q := newZhibuProc(t, w.srv, pg, w.tz)
	before := len(w.since(group))
	q.start()
	w.wait.until(t, 20*time.Second, "the answer to the pledge sent while zhibu was down", func() bool {
		return w.botSaid(group, "停机时的承诺")
	}, nil)
	finish(t, w, q)
	after := w.botPostsFrom(group, before)
	if len(after) != 1 || !strings.HasPrefix(after[0], "已提交承诺 #2（待审）：\n停机时的承诺\n") {
		t.Errorf("on PostgreSQL the bot sent %q; want only the answer to the pledge sent while it was down, numbered #2", after)
	}
	if dups := w.duplicates(); len(dups) > 0 {
		t.Errorf("sent twice: %v", dups)
	}
}
