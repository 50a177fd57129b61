package storage

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// The migrations are goose's versioned files, one version one file, run in
// order on both databases. migrations/*.sql is the SQL of each version,
// written for SQLite and, wherever SQLite and PostgreSQL agree, for both.
// migrations/postgres/ holds PostgreSQL's own file of the versions whose
// SQL differs, under the same name: there AUTOINCREMENT ids are identity
// columns, BLOB is BYTEA and id columns are BIGINT (for telegram_id a need:
// PostgreSQL's INTEGER has 32 bits). On PostgreSQL a file there replaces
// its namesake; every other version runs as it is. So a new migration is
// one file in portable SQL (partial indexes, ON CONFLICT … DO NOTHING, TRUE
// and FALSE work on both), and only SQL that cannot be portable gets a
// second file in postgres/. Times are TIMESTAMP on both, always written in
// UTC. The Go migration (namesMigration) runs on both.
//
//go:embed migrations/*.sql migrations/postgres/*.sql
var migrations embed.FS

// provider returns a goose provider over the embedded migrations for the
// database's dialect. It uses no goose globals (no global registry, dialect
// or logger): its one Go migration, namesMigration, is passed in.
func (db *DB) provider() (*goose.Provider, error) {
	fsys, err := migrationFiles(db.postgres)
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	if db.postgres {
		dialect = goose.DialectPostgres
	}
	return goose.NewProvider(dialect, db.sql, fsys,
		goose.WithDisableGlobalRegistry(true), goose.WithGoMigrations(namesMigration(db.now, db.postgres)))
}

// migrationFiles returns the migrations one dialect runs: migrations/, with
// postgres/'s files in place of their namesakes on PostgreSQL.
func migrationFiles(postgres bool) (fs.FS, error) {
	base, err := fs.Sub(migrations, "migrations")
	if err != nil || !postgres {
		return base, err
	}
	over, err := fs.Sub(migrations, "migrations/postgres")
	if err != nil {
		return nil, err
	}
	return overlay{base: base, over: over}, nil
}

// overlay is base with over's files in place of base's files of the same
// name. Its directory listing is base's: every file of over has a namesake
// there (TestPostgresMigrationsHaveNamesakes).
type overlay struct{ base, over fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if name != "." {
		if f, err := o.over.Open(name); err == nil {
			return f, nil
		}
	}
	return o.base.Open(name)
}

// Migrate applies every migration not yet applied, each in its own
// transaction, and returns the versions it applied in order.
func (db *DB) Migrate(ctx context.Context) ([]int64, error) {
	p, err := db.provider()
	if err != nil {
		return nil, fmt.Errorf("storage: migrate: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return versions(res), fmt.Errorf("storage: migrate %s: %w", db.path, err)
	}
	return versions(res), nil
}

// MigrateTo applies the migrations up to and including version. Tests use it
// to build a database as an older release left it.
func (db *DB) MigrateTo(ctx context.Context, version int64) ([]int64, error) {
	p, err := db.provider()
	if err != nil {
		return nil, fmt.Errorf("storage: migrate: %w", err)
	}
	res, err := p.UpTo(ctx, version)
	if err != nil {
		return versions(res), fmt.Errorf("storage: migrate %s to %d: %w", db.path, version, err)
	}
	return versions(res), nil
}

// Version returns the schema version of the database, 0 when none was applied.
func (db *DB) Version(ctx context.Context) (int64, error) {
	p, err := db.provider()
	if err != nil {
		return 0, fmt.Errorf("storage: schema version: %w", err)
	}
	v, err := p.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("storage: schema version: %w", err)
	}
	return v, nil
}

// LatestVersion returns the version the embedded migrations lead to.
func LatestVersion() int64 {
	latest := int64(namesVersion)
	entries, _ := fs.Glob(migrations, "migrations/*.sql") // postgres/ has no versions of its own
	for _, e := range entries {
		v, err := goose.NumericComponent(e)
		if err == nil && v > latest {
			latest = v
		}
	}
	return latest
}

func versions(res []*goose.MigrationResult) []int64 {
	var out []int64
	for _, r := range res {
		if r.Error == nil && r.Source != nil {
			out = append(out, r.Source.Version)
		}
	}
	return out
}
