package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhibu/zhibu/bot/telegramtest"
)

// env makes a getenv from pairs.
func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func runZhibu(ctx context.Context, args []string, getenv func(string) string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(ctx, args, getenv, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestRunConfigErrorsAreOneClearLine(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o600)
	db := filepath.Join(dir, "zhibu.db")
	tests := []struct {
		name string
		args []string
		env  func(string) string
		want string
	}{
		{"no token", nil, env("ZHIBU_DB", db),
			"zhibu: 缺少机器人令牌：请设置环境变量 ZHIBU_TOKEN（或 ZHIBU_TOKEN_FILE、--token）。没有令牌也可以先运行 zhibu demo 试用。"},
		{"unknown time zone", []string{"run", "--tz", "Mars/Olympus"}, env("ZHIBU_TOKEN", "1:x", "ZHIBU_DB", db),
			`zhibu: 不认识的时区 "Mars/Olympus"：请写 IANA 时区名，例如 Asia/Shanghai。`},
		{"unwritable database", nil, env("ZHIBU_TOKEN", "1:x", "ZHIBU_DB", filepath.Join(file, "zhibu.db")),
			"zhibu: 无法打开数据库 " + filepath.Join(file, "zhibu.db") + "："},
		{"unreachable API", []string{"--api-url", "http://127.0.0.1:1"}, env("ZHIBU_TOKEN", "123:secret-token", "ZHIBU_DB", db),
			"zhibu: 连接不上 Telegram Bot API（http://127.0.0.1:1）："},
		{"missing token file", nil, env("ZHIBU_TOKEN_FILE", filepath.Join(dir, "nope"), "ZHIBU_DB", db),
			"zhibu: 读不了令牌文件 " + filepath.Join(dir, "nope") + "：no such file or directory"},
		{"bad log level", []string{"--log-level", "loud"}, env("ZHIBU_TOKEN", "1:x"),
			`zhibu: 不认识的日志级别 "loud"：可写 debug、info、warn、error。`},
		{"bad retention", []string{"--retention", "0d"}, env("ZHIBU_TOKEN", "1:x"),
			`zhibu: 保留期 "0d" 看不懂：请写天数（如 7d）或时长（如 168h），必须大于零。`},
		{"bad operators", nil, env("ZHIBU_TOKEN", "1:x", "ZHIBU_OPERATORS", "123,@laozhou"),
			`zhibu: ZHIBU_OPERATORS 里的 "@laozhou" 不是 Telegram 用户 id：请写数字，用逗号分隔`},
		{"unknown registration mode", []string{"--registration", "free"}, env("ZHIBU_TOKEN", "1:x"),
			`zhibu: 不认识的登记方式 "free"：可写 approval（服务器管理员审批，默认）、open（任何群管理员直接登记）、closed（不接受新支部）。`},
		{"bad flag", []string{"--colour"}, env(), "zhibu: 参数有误："},
		{"unknown subcommand", []string{"serve"}, env(), `zhibu: 没有子命令 "serve"。运行 zhibu help 查看用法。`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runZhibu(t.Context(), tt.args, tt.env)
			if code == 0 {
				t.Errorf("exit code 0, want non-zero")
			}
			if strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, tt.want) {
				t.Errorf("stderr = %q, want one line starting %q", stderr, tt.want)
			}
			if strings.Contains(stderr, "secret-token") {
				t.Errorf("stderr shows the token: %q", stderr)
			}
		})
	}
}

// greetingGroup is an emulator with a group and a member in it, and a
// channel that receives once the bot has said something.
func greetingGroup(t *testing.T, opts telegramtest.Options) (*telegramtest.Server, chan struct{}) {
	t.Helper()
	greeted := make(chan struct{}, 1)
	opts.OnEvent = func(e telegramtest.Event) {
		if e.Kind == "bot_text" {
			select {
			case greeted <- struct{}{}:
			default:
			}
		}
	}
	srv := telegramtest.New(t, opts)
	srv.AddGroup(-1, "群")
	srv.AddUser(telegramtest.User{ID: 7, FirstName: "李书记"})
	srv.JoinGroup(-1, 7)
	return srv, greeted
}

func TestRunServesUntilCancelledThenExitsZero(t *testing.T) {
	srv, greeted := greetingGroup(t, telegramtest.Options{})
	db := filepath.Join(t.TempDir(), "zhibu.db")
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan int, 1)
	var errb bytes.Buffer
	go func() {
		done <- run(ctx, []string{"run"}, env("ZHIBU_TOKEN", srv.Token(), "ZHIBU_API_URL", srv.URL(), "ZHIBU_DB", db),
			strings.NewReader(""), &bytes.Buffer{}, &errb)
	}()
	srv.AddBot(-1, 7)
	select {
	case code := <-done:
		t.Fatalf("run exited early with %d: %s", code, errb.String())
	case <-time.After(20 * time.Second):
		t.Fatal("bot never greeted the group")
	case <-greeted:
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit code after shutdown = %d, want 0; stderr: %s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run did not stop after cancel")
	}
	if strings.Contains(errb.String(), srv.Token()) {
		t.Errorf("logs show the token")
	}
}

func TestRetentionIsDaysOrADuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"7d", 7 * 24 * time.Hour}, {"30d", 30 * 24 * time.Hour}, {"168h", 168 * time.Hour}, {"90m", 90 * time.Minute},
		{"0d", 0}, {"-1h", 0}, {"1.5d", 0}, {"week", 0}, {"", 0},
	}
	for _, tt := range tests {
		got, err := parseRetention(tt.in)
		if got != tt.want || (err == nil) != (tt.want > 0) {
			t.Errorf("parseRetention(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestMigrateReportsVersion(t *testing.T) {
	db := filepath.Join(t.TempDir(), "zhibu.db")
	// A new database says it was created (from version 0), not that it
	// was already up to date (IT trial); the second run says that.
	code, out, errs := runZhibu(t.Context(), []string{"migrate", "--db", db}, env())
	if code != 0 || !strings.HasPrefix(out, "zhibu: 数据库 "+db+" 已从版本 0 升级到版本 ") {
		t.Errorf("migrate a new database = %d %q %q", code, out, errs)
	}
	code, out, errs = runZhibu(t.Context(), []string{"migrate", "--db", db}, env())
	if code != 0 || !strings.HasPrefix(out, "zhibu: 数据库 "+db+" 已是最新版本（版本 ") {
		t.Errorf("migrate again = %d %q %q", code, out, errs)
	}
}

func TestVersionAndHelp(t *testing.T) {
	if code, out, _ := runZhibu(t.Context(), []string{"version"}, env()); code != 0 || !strings.HasPrefix(out, "zhibu ") {
		t.Errorf("version = %d %q", code, out)
	}
	if code, out, _ := runZhibu(t.Context(), []string{"help"}, env()); code != 0 || !strings.Contains(out, "zhibu demo") {
		t.Errorf("help = %d %q", code, out)
	}
}

func TestDemoPlaysTheBranch(t *testing.T) {
	code, out, errs := runZhibu(t.Context(), []string{"demo"}, env())
	if code != 0 {
		t.Fatalf("demo exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"：支部“第一党支部”登记成功。",
		"[1 正式党员] [2 预备党员] [3 入党积极分子]",
		"李书记 按下了「正式党员」",
		"名册导入完成：新增 3 人，更新 0 人，未变 1 人。",
		"：第一党支部 名册（7 人）",
		"时间：11月25日 周三 晚上 19:00",
		"已记录 刘洋 请假（#1）。",
		"已为 陈静 签到（#1，19:16，迟到，由 李书记 代签）。",
		"应到 7｜实到 4（迟到 2）｜请假 1｜缺席 2｜列席 0",
		"第一党支部 出勤统计（2026年11月）",
		"陈静<老>",
		"本群已升级为超级群，支部记录已随群迁移。",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	if strings.Contains(out, "violation") {
		t.Errorf("demo made Bot API violations:\n%s", out)
	}
	checkGolden(t, "demo.golden", out)
}

var update = flag.Bool("update", false, "rewrite testdata/*.golden with the current output")

// checkGolden compares out with testdata/name byte for byte: the demo is
// what a newcomer reads first, and a restructuring must not change it.
func checkGolden(t *testing.T, name, out string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != out {
		t.Errorf("output differs from %s (go test ./cmd/zhibu/ -update rewrites it); first difference at line %d", path, firstDiffLine(string(want), out))
	}
}

func firstDiffLine(a, b string) int {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return i + 1
		}
	}
	return min(len(al), len(bl)) + 1
}

func TestSimTakesTypedLines(t *testing.T) {
	in := strings.NewReader("书记> /setup 第一党支部\n张三> /join 张三\n书记> :press 1\n张三> /whoami\n胡说八道\n书记> :press 99\n张三> :reply 999 好\n:wait 1d\n:wait 1x\n:quit\n")
	var out bytes.Buffer
	if err := runSim(t.Context(), in, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"支部“第一党支部”登记成功。",
		"欢迎 张三 同志加入名册（正式党员）。",
		"姓名：张三",
		"看不懂这一行。格式：名字> 要说的话",
		"没有第 99 号按钮。",
		"格式：名字> :reply 消息号|关键词 文字",
		"时长看不懂，例如 :wait 2d",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("sim output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestSimRunsTimeAndRestarts: ":run" lets days pass with the bot running,
// every reminder sent once at its time, and ":restart" keeps what is
// stored.
func TestSimRunsTimeAndRestarts(t *testing.T) {
	in := strings.NewReader("书记> /setup 第一党支部\n书记> /remind 每天 9点 学习强国\n:run 2d\n:restart\n:run 1d\n书记> /reminders\n:run 1x\n:quit\n")
	var out bytes.Buffer
	if err := runSim(t.Context(), in, &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"⏰ 2026-11-22 09:00 Sun\n[模拟支部群] 🤖支部助手 [#", "⏰ 2026-11-23 09:00 Mon\n",
		"⚙ 机器人重启（数据库保留）", "⏰ 2026-11-24 09:00 Tue\n", "#1 每天 9点｜学习强国｜支部提醒｜下次：11月25日 周三 上午 09:00",
		"时长看不懂，例如 :run 3d、:run 12h 或 :run 30m",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("sim output lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "⏰ 学习强国"); n != 3 { // three mornings; not at once when set after 9:00
		t.Errorf("the daily reminder was sent %d times in three days, want 3:\n%s", n, got)
	}
}

// The finding of issue 11 (item 8): on a server run with the defaults, any
// group administrator could /setup and become 书记 of a new branch. The
// default is approval by an operator; with none configured the program says
// so at start and registers nobody.
func TestRunDefaultRegistersNoStranger(t *testing.T) {
	said := make(chan string, 10)
	srv := telegramtest.New(t, telegramtest.Options{OnEvent: func(e telegramtest.Event) {
		if e.Kind == "bot_text" {
			said <- e.Text
		}
	}})
	srv.AddGroup(-1, "群")
	srv.AddUser(telegramtest.User{ID: 7, FirstName: "陌生人"})
	srv.JoinGroup(-1, 7)
	srv.SetAdmin(-1, 7, true)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan int, 1)
	var errb syncBuffer
	go func() {
		done <- run(ctx, []string{"run"}, env("ZHIBU_TOKEN", srv.Token(), "ZHIBU_API_URL", srv.URL(),
			"ZHIBU_DB", filepath.Join(t.TempDir(), "zhibu.db")), strings.NewReader(""), &bytes.Buffer{}, &errb)
	}()
	srv.AddBot(-1, 7)
	next := func() string {
		select {
		case text := <-said:
			return text
		case code := <-done:
			t.Fatalf("run exited with %d: %s", code, errb.String())
		case <-time.After(20 * time.Second):
			t.Fatal("the bot said nothing")
		}
		return ""
	}
	next() // the greeting
	srv.SendText(-1, 7, "/setup 第一党支部")
	if got, want := next(), "本服务器暂不接受新支部登记。如需使用，请联系部署机器人的信息化管理员。"; got != want {
		t.Errorf("/setup by a group admin = %q, want %q", got, want)
	}
	if !strings.Contains(errb.String(), "没有设置 ZHIBU_OPERATORS") {
		t.Errorf("stderr = %q, want the start-up notice about ZHIBU_OPERATORS", errb.String())
	}
	cancel()
	<-done
}

// TestHelpFlagsShowTheUsage: -h and --help, alone or after a subcommand,
// print the usage and exit 0, as an administrator expects (IT trial: they
// printed "参数有误：flag: help requested" and exited 1).
func TestHelpFlagsShowTheUsage(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"run", "--help"}, {"copy", "-h"}, {"help"}} {
		code, stdout, stderr := runZhibu(t.Context(), args, func(string) string { return "" })
		if code != 0 || stderr != "" || !strings.Contains(stdout, "用法 usage") {
			t.Errorf("zhibu %s: exit %d, stderr %q, stdout starts %.40q; want the usage and 0", strings.Join(args, " "), code, stderr, stdout)
		}
	}
}
