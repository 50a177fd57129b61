package main

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/bot/telegramtest"
	"github.com/zhibu/zhibu/cmd/zhibu/app"
)

// BenchmarkStartup measures what `zhibu run` does before it serves: create
// and migrate an empty database, connect to the Bot API (getMe) and
// register the command menus.
func BenchmarkStartup(b *testing.B) {
	srv := telegramtest.New(b, telegramtest.Options{})
	dir := b.TempDir()
	for i := 0; i < b.N; i++ {
		db, err := openDB(b.Context(), filepath.Join(dir, fmt.Sprintf("%d.db", i)), time.Now)
		if err != nil {
			b.Fatal(err)
		}
		a, err := app.New(b.Context(), db, app.Config{Now: time.Now, Registration: zhibu.RegistrationPolicy{Mode: zhibu.RegistrationOpen}, Bot: bot.Config{Token: srv.Token(), APIURL: srv.URL()}})
		if err != nil {
			b.Fatal(err)
		}
		if err := a.Bot.RegisterCommands(b.Context()); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
}
