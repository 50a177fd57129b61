package bot_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/zhibu/zhibu/storage"
	"github.com/zhibu/zhibu/storage/storagetest"
)

// The end-to-end tests run on SQLite files; with ZHIBU_TEST_DB=postgres
// they run on PostgreSQL instead (.ci/check runs them both ways): TestMain
// then creates a database on the server of ZHIBU_TEST_PG for the package
// and drops it at the end, and each harness gets a schema of its own. A
// server that cannot be reached fails the run with one line. The few tests
// of the SQLite file itself (a read-only file) stay on SQLite.

// testPG is the package's PostgreSQL database, nil when the tests run on
// SQLite.
var testPG *storagetest.Postgres

func TestMain(m *testing.M) {
	switch db := os.Getenv("ZHIBU_TEST_DB"); db {
	case "", "sqlite":
		os.Exit(m.Run())
	case "postgres":
	default:
		fmt.Fprintf(os.Stderr, "bot tests: ZHIBU_TEST_DB=%q, want sqlite or postgres\n", db)
		os.Exit(2)
	}
	var err error
	if testPG, err = storagetest.Start("bot"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	if err := testPG.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

// migrate migrates the database at setting, for storagetest.
func migrate(setting string) error {
	db, err := storage.Open(setting, func() time.Time { return testStart })
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Migrate(context.Background())
	return err
}
