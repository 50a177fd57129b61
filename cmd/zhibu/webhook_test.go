package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhibu/zhibu/bot/telegramtest"
)

func TestWebhookSettingsErrorsAreOneClearLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "zhibu.db")
	base := []string{"ZHIBU_TOKEN", "1:x", "ZHIBU_DB", db, "ZHIBU_WEBHOOK_URL", "https://bot.example.org/zhibu/hook",
		"ZHIBU_WEBHOOK_ADDR", "127.0.0.1:8443"}
	tests := []struct {
		name string
		env  []string
		want string
	}{
		{"plain http", []string{"ZHIBU_WEBHOOK_URL", "http://bot.example.org/hook", "ZHIBU_WEBHOOK_SECRET", "s3cret-Value_42"},
			"zhibu: webhook 地址不对（http://bot.example.org/hook）：请写 Telegram 能访问的 https:// 地址"},
		{"query", []string{"ZHIBU_WEBHOOK_URL", "https://bot.example.org/hook?x=1", "ZHIBU_WEBHOOK_SECRET", "s3cret-Value_42"},
			"zhibu: webhook 地址不对（https://bot.example.org/hook?x=1）"},
		{"no address", []string{"ZHIBU_WEBHOOK_ADDR", "", "ZHIBU_WEBHOOK_SECRET", "s3cret-Value_42"},
			"zhibu: 设置了 webhook 地址，还要设置监听地址 ZHIBU_WEBHOOK_ADDR（或 --webhook-addr），例如 127.0.0.1:8443。"},
		{"no secret", nil, "zhibu: webhook 模式必须设置密钥：ZHIBU_WEBHOOK_SECRET 或 ZHIBU_WEBHOOK_SECRET_FILE"},
		{"secret with a space", []string{"ZHIBU_WEBHOOK_SECRET", "hunter2 hunter3"},
			"zhibu: webhook 密钥格式不对：应为 1–256 个字符，只能用 A-Z、a-z、0-9、_ 和 -"},
		{"secret too long", []string{"ZHIBU_WEBHOOK_SECRET", strings.Repeat("s", 257)}, "zhibu: webhook 密钥格式不对："},
		{"missing secret file", []string{"ZHIBU_WEBHOOK_SECRET_FILE", filepath.Join(dir, "nope")},
			"zhibu: 读不了 webhook 密钥文件 " + filepath.Join(dir, "nope") + "：no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runZhibu(t.Context(), []string{"run"}, env(append(append([]string{}, base...), tt.env...)...))
			if code == 0 {
				t.Errorf("exit code 0, want non-zero")
			}
			if strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, tt.want) {
				t.Errorf("stderr = %q, want one line starting %q", stderr, tt.want)
			}
			if strings.Contains(stderr, "hunter2") || strings.Contains(stderr, "sssssssss") {
				t.Errorf("stderr shows the secret: %q", stderr)
			}
		})
	}
}

// runUntilSaid runs zhibu with getenv until said receives (after act),
// then stops it and returns its stderr.
func runUntilSaid(t *testing.T, getenv func(string) string, said <-chan struct{}, ready <-chan struct{}, act func()) string {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan int, 1)
	var errb syncBuffer
	go func() { done <- run(ctx, []string{"run"}, getenv, strings.NewReader(""), &bytes.Buffer{}, &errb) }()
	if ready != nil {
		select {
		case code := <-done:
			t.Fatalf("run exited early with %d: %s", code, errb.String())
		case <-time.After(20 * time.Second): // a guard against hanging, not a wait
			t.Fatal("the webhook was never set")
		case <-ready:
		}
	}
	act()
	select {
	case code := <-done:
		t.Fatalf("run exited early with %d: %s", code, errb.String())
	case <-time.After(20 * time.Second):
		t.Fatalf("the bot said nothing; stderr: %s", errb.String())
	case <-said:
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit code after shutdown = %d, want 0; stderr: %s", code, errb.String())
	}
	return errb.String()
}

func TestRunInWebhookModeThenBackToPolling(t *testing.T) {
	// said receives when the bot speaks in the group: to greet, or in
	// reply to the message of id replyTo.
	said, replyTo := make(chan struct{}, 1), atomic.Int64{}
	srv := telegramtest.New(t, telegramtest.Options{OnEvent: func(e telegramtest.Event) {
		if e.Kind == "bot_text" && e.ChatID == -1 && int64(e.ReplyTo) == replyTo.Load() {
			select {
			case said <- struct{}{}:
			default:
			}
		}
	}})
	srv.AddGroup(-1, "群")
	srv.AddUser(telegramtest.User{ID: 7, FirstName: "李书记"})
	srv.JoinGroup(-1, 7)
	dir := t.TempDir()
	secret := "Webhook_Secret-0123456789"
	secretFile := filepath.Join(dir, "secret")
	if err := os.WriteFile(secretFile, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	hookURL := "http://" + addr + "/zhibu/hook"
	common := []string{"ZHIBU_TOKEN", srv.Token(), "ZHIBU_API_URL", srv.URL(), "ZHIBU_DB", filepath.Join(dir, "zhibu.db")}

	// Webhook mode, sharing its port with the health endpoint: the bot
	// is added to the group; the greeting proves the update came through
	// the webhook.
	hookEnv := env(append(append([]string{}, common...), "ZHIBU_WEBHOOK_URL", hookURL, "ZHIBU_WEBHOOK_ADDR", addr,
		"ZHIBU_WEBHOOK_SECRET_FILE", secretFile, "ZHIBU_HTTP_ADDR", addr)...)
	health := ""
	logs := runUntilSaid(t, hookEnv, said, srv.WebhookSet(), func() {
		health = get(t, "http://"+addr+"/healthz")
		srv.AddBot(-1, 7)
	})
	if health != "ok\n" {
		t.Errorf("GET /healthz on the webhook's port = %q, want ok", health)
	}
	if got := srv.WebhookURL(); got != hookURL {
		t.Errorf("webhook = %q, want %q", got, hookURL)
	}
	// Adding the bot makes more than one update: one that reaches the
	// server as it stops fails and stays at Telegram for polling below.
	attempts := srv.WebhookAttempts()
	if !slices.ContainsFunc(attempts, telegramtest.WebhookAttempt.OK) {
		t.Errorf("webhook attempts = %+v, want the update accepted", attempts)
	}
	for _, r := range srv.Requests() {
		if r.Method == "getUpdates" {
			t.Errorf("getUpdates called in webhook mode")
		}
	}
	if strings.Contains(logs, secret) || strings.Contains(logs, srv.Token()) {
		t.Errorf("logs show a secret:\n%s", logs)
	}
	if !strings.Contains(logs, "updates=webhook") {
		t.Errorf("start line does not say webhook mode:\n%s", logs)
	}

	// Stopped, a command arrives and waits at Telegram; polling mode
	// deletes the webhook and gets it.
	replyTo.Store(int64(srv.SendText(-1, 7, "/help").ID))
	select {
	case <-said: // a second message of the greeting
	default:
	}
	logs = runUntilSaid(t, env(common...), said, nil, func() {})
	if got := srv.WebhookURL(); got != "" {
		t.Errorf("webhook still set in polling mode: %q", got)
	}
	if !strings.Contains(logs, "updates=polling") {
		t.Errorf("start line does not say polling mode:\n%s", logs)
	}
}

func TestRunWebhookRefusedByTelegramIsOneClearLine(t *testing.T) {
	srv := telegramtest.New(t, telegramtest.Options{})
	srv.Fail(telegramtest.Fault{Method: "setWebhook", Code: 400, Description: "Bad Request: bad webhook: Failed to resolve host"})
	addr := freeAddr(t)
	code, _, stderr := runZhibu(t.Context(), []string{"run"}, env("ZHIBU_TOKEN", srv.Token(), "ZHIBU_API_URL", srv.URL(),
		"ZHIBU_DB", filepath.Join(t.TempDir(), "zhibu.db"), "ZHIBU_WEBHOOK_URL", "https://bot.example.org/zhibu/hook",
		"ZHIBU_WEBHOOK_ADDR", addr, "ZHIBU_WEBHOOK_SECRET", "s3cret-Value_42"))
	want := "zhibu: Telegram 没有接受 webhook 地址 https://bot.example.org/zhibu/hook："
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if code == 0 || !strings.HasPrefix(lines[len(lines)-1], want) || !strings.Contains(stderr, "bad webhook") {
		t.Errorf("run = %d, stderr %q; want non-zero and a last line starting %q", code, stderr, want)
	}
	if strings.Contains(stderr, "s3cret-Value_42") {
		t.Errorf("stderr shows the secret: %q", stderr)
	}
}
