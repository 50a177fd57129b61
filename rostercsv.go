package zhibu

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on a roster CSV file.
const (
	MaxRosterFileSize = 1 << 20 // 1 MB
	MaxRosterRows     = 2000
)

// Whole-file problems of a roster CSV.
var (
	ErrFileTooLarge = errors.New("file too large")
	ErrNotUTF8      = errors.New("file is not utf-8")
	ErrNotCSV       = errors.New("file is not csv")
	ErrNoRows       = errors.New("file has no data rows")
	ErrTooManyRows  = errors.New("file has too many rows")
)

// Roster CSV column headers.
const (
	ColName   = "姓名"
	ColStatus = "状态"
	ColGroup  = "党小组"
	ColRole   = "职务"
)

// RosterRow is one parsed line of a roster CSV. Empty Status, Group or Role
// cells are "not given": a new entry gets the default, an existing one keeps
// its value. ClearGroup is set for a group cell of "无".
type RosterRow struct {
	Line       int
	Name       string
	Status     Status
	Group      string
	ClearGroup bool
	Role       Role
	HasRole    bool
}

// RowError is one bad cell, by line number (the header is line 1).
type RowError struct {
	Line int
	Err  error // a *ValidationError, ErrNameTaken (duplicate in file) or ErrOfficeNeedsMember
}

// ImportError lists every bad row; nothing was imported.
type ImportError struct {
	Rows []RowError
}

func (e *ImportError) Error() string {
	return fmt.Sprintf("roster import: %d bad rows", len(e.Rows))
}

// ParseRosterCSV reads a roster file: UTF-8 with or without BOM, a header
// row naming the columns 姓名 (required), 状态, 党小组, 职务 in any order.
// It returns an *ImportError listing every bad row, or one of the file errors.
func ParseRosterCSV(data []byte) ([]RosterRow, error) {
	if len(data) > MaxRosterFileSize {
		return nil, ErrFileTooLarge
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || !utf8.Valid(data) {
		return nil, ErrNotUTF8
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, ErrNotCSV
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, ErrNotCSV
	}
	cols, err := rosterColumns(header)
	if err != nil {
		return nil, err
	}
	return readRosterRows(r, cols)
}

func rosterColumns(header []string) (map[string]int, error) {
	cols := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		switch h {
		case ColName, ColStatus, ColGroup, ColRole:
			cols[h] = i
		case "":
		default:
			return nil, &ImportError{Rows: []RowError{{Line: 1, Err: &ValidationError{Field: "header", Problem: ProblemUnknown, Value: h}}}}
		}
	}
	if _, ok := cols[ColName]; !ok {
		return nil, ErrNotCSV
	}
	return cols, nil
}

func readRosterRows(r *csv.Reader, cols map[string]int) ([]RosterRow, error) {
	var rows []RosterRow
	var bad []RowError
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, ErrNotCSV
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rows)+len(bad) >= MaxRosterRows {
			return nil, ErrTooManyRows
		}
		row, errs := parseRosterRow(line, rec, cols)
		if _, dup := seen[row.Name]; dup && row.Name != "" {
			errs = append(errs, RowError{Line: line, Err: ErrNameTaken})
		}
		seen[row.Name] = line
		if len(errs) > 0 {
			bad = append(bad, errs...)
			continue
		}
		rows = append(rows, row)
	}
	if len(bad) > 0 {
		return nil, &ImportError{Rows: bad}
	}
	if len(rows) == 0 {
		return nil, ErrNoRows
	}
	return rows, nil
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func cell(rec []string, cols map[string]int, col string) string {
	i, ok := cols[col]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func parseRosterRow(line int, rec []string, cols map[string]int) (RosterRow, []RowError) {
	row := RosterRow{Line: line}
	var errs []RowError
	fail := func(err error) { errs = append(errs, RowError{Line: line, Err: err}) }
	var err error
	if row.Name, err = CleanName(FieldName, cell(rec, cols, ColName), MaxNameLen); err != nil {
		fail(err)
	}
	if v := cell(rec, cols, ColStatus); v != "" {
		if row.Status, err = ParseStatus(v); err != nil {
			fail(err)
		}
	}
	switch v := cell(rec, cols, ColGroup); v {
	case "":
	case "无":
		row.ClearGroup = true
	default:
		if row.Group, err = CleanName(FieldGroup, v, MaxGroupLen); err != nil {
			fail(err)
		}
	}
	if v := cell(rec, cols, ColRole); v != "" {
		row.HasRole = true
		if row.Role, err = ParseRole(v); err != nil {
			fail(err)
		}
	}
	if row.HasRole && row.Role != RoleNone && row.Status != "" && !row.Status.IsPartyMember() {
		fail(ErrOfficeNeedsMember)
	}
	return row, errs
}

// ImportResult counts what an import did. Unlinked names the removed
// entries it restored that lost the account they were linked to.
type ImportResult struct {
	Added, Updated, Unchanged int
	Unlinked                  []string
}

// ImportRoster applies parsed rows to the chat's branch, all or nothing.
// Existing names are updated, new names added, removed entries restored
// without their accounts (see AddMember).
// Rows that change an office need ActAssignRole (a row that does without it
// is a bad row), and the branch must keep a 书记 (one with an account, when
// it had one). Importing the same rows again changes nothing. The rules are
// checked in the unit of work that writes.
func (s *Service) ImportRoster(ctx context.Context, chatID int64, p Person, rows []RosterRow) (ImportResult, error) {
	return inUnit(ctx, s.store, func(ctx context.Context) (ImportResult, error) {
		return s.importRoster(ctx, chatID, p, rows)
	})
}

func (s *Service) importRoster(ctx context.Context, chatID int64, p Person, rows []RosterRow) (ImportResult, error) {
	b, actor, err := s.authorized(ctx, chatID, p, ActManageRoster)
	if err != nil {
		return ImportResult{}, err
	}
	existing, err := s.store.Members(ctx, b.ID)
	if err != nil {
		return ImportResult{}, err
	}
	byName := map[string]Member{}
	byKey := map[string]string{} // look-alike key → name (lookAlike)
	for _, m := range existing {
		byName[m.Name] = m
		byKey[s.keyOf(m.Name)] = m.Name
	}
	var res ImportResult
	var save []Member
	var changes []Change
	var bad []RowError
	for _, row := range rows {
		old, found := byName[row.Name]
		if other, ok := byKey[s.keyOf(row.Name)]; ok && !found {
			bad = append(bad, RowError{Line: row.Line, Err: &LookAlikeError{Name: row.Name, Existing: other}})
			continue
		}
		m := mergeRow(old, row, b.ID, s.now())
		if !m.Status.IsPartyMember() && m.Role != RoleNone {
			bad = append(bad, RowError{Line: row.Line, Err: ErrOfficeNeedsMember})
			continue
		}
		if found && describe(old) == describe(m) {
			res.Unchanged++
			continue
		}
		if m.Role != old.Role && !Can(actor.Role, ActAssignRole) {
			// Named by row, like every other problem of the file.
			bad = append(bad, RowError{Line: row.Line, Err: &ForbiddenError{Action: ActAssignRole}})
			continue
		}
		if err := mayChange(actor, old, m); err != nil {
			bad = append(bad, RowError{Line: row.Line, Err: err})
			continue
		}
		before := ""
		if found {
			before = describe(old)
			res.Updated++
			if old.Removed && old.Linked() {
				res.Unlinked = append(res.Unlinked, old.Name)
			}
		} else {
			res.Added++
		}
		byName[row.Name] = m
		byKey[s.keyOf(row.Name)] = row.Name
		save = append(save, m)
		changes = append(changes, s.change(b.ID, p, actor.Name, "member.import", m.Name, before, describe(m)))
	}
	if len(bad) > 0 {
		return ImportResult{}, &ImportError{Rows: bad}
	}
	after := make([]Member, 0, len(byName))
	for _, m := range byName {
		after = append(after, m)
	}
	if err := secretariesKept(existing, after); err != nil {
		return ImportResult{}, err
	}
	if len(save) > 0 {
		if _, err := s.store.SaveMembers(ctx, save, changes); err != nil {
			return ImportResult{}, err
		}
	}
	return res, nil
}

func mergeRow(m Member, row RosterRow, branchID int64, now time.Time) Member {
	if m.ID == 0 {
		m = Member{BranchID: branchID, Name: row.Name, Status: StatusFull, CreatedAt: now}
	}
	if row.Status != "" {
		m.Status = row.Status
	}
	if row.Group != "" || row.ClearGroup {
		m.Group = row.Group
	}
	if row.HasRole {
		m.Role = row.Role
	}
	m = restored(m)
	m.UpdatedAt = now
	return m
}
