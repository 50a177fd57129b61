package storage

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrations embed.FS

// provider returns a goose provider over the embedded migrations. It uses
// no goose globals (no global registry, dialect or logger): its one Go
// migration, namesMigration, is passed in.
func (db *DB) provider() (*goose.Provider, error) {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(goose.DialectSQLite3, db.sql, fsys,
		goose.WithDisableGlobalRegistry(true), goose.WithGoMigrations(namesMigration(db.now)))
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
	entries, _ := fs.Glob(migrations, "migrations/*.sql")
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
