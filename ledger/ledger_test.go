package ledger

import (
	"archive/zip"
	"bytes"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func mustShanghai(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// checkColumnsAscending fails unless every sheet's <col> widths are in
// ascending order, as Excel requires.
func checkColumnsAscending(t *testing.T, b []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	colMin := regexp.MustCompile(`<col min="(\d+)"`)
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		xml, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		last := 0
		for _, m := range colMin.FindAllSubmatch(xml, -1) {
			n, _ := strconv.Atoi(string(m[1]))
			if n <= last {
				t.Errorf("%s: <col min=%d> after min=%d, want ascending", zf.Name, n, last)
			}
			last = n
		}
	}
}

func TestAttendanceFiles(t *testing.T) {
	l := newTestLedger(t)
	tests := []struct{ label, want string }{
		{"2026年11月", "考勤台账-2026年11月"},
		{"2026年第四季度", "考勤台账-2026年第四季度"},
		{"2026年 1月1日至 2026年6月30日", "考勤台账-2026年1月1日至2026年6月30日"}, // no spaces in a file name
	}
	for _, tt := range tests {
		l.Period.Label = tt.label
		files, err := Attendance(l, mustShanghai(t))
		if err != nil {
			t.Fatalf("Attendance(%q) error = %v", tt.label, err)
		}
		if len(files) != 2 || files[0].Name != tt.want+".xlsx" || files[1].Name != tt.want+".csv" {
			t.Fatalf("Attendance(%q) files = %v, want %s.xlsx and %s.csv", tt.label, fileNames(files), tt.want, tt.want)
		}
		if !bytes.Equal(files[1].Data, attendanceCSV(l)) {
			t.Errorf("Attendance(%q) CSV differs from attendanceCSV", tt.label)
		}
		mustSheets(t, files[0].Data, append([]string{"汇总"}, sheetNames(l.Meetings, mustShanghai(t), "汇总")...))
	}
}

func TestPledgesFiles(t *testing.T) {
	l := newTestPledgeLedger(t)
	l.Now = time.Date(2026, 11, 21, 23, 30, 0, 0, time.UTC) // already the 22nd in Shanghai
	files, err := Pledges(l, mustShanghai(t))
	if err != nil {
		t.Fatalf("Pledges() error = %v", err)
	}
	if got := fileNames(files); len(got) != 2 || got[0] != "承诺台账-2026-11-22.xlsx" || got[1] != "承诺台账-2026-11-22.csv" {
		t.Fatalf("Pledges() files = %v, want 承诺台账-2026-11-22.xlsx and .csv", got)
	}
	if !bytes.Equal(files[1].Data, pledgesCSV(l, mustShanghai(t))) {
		t.Errorf("Pledges() CSV differs from pledgesCSV")
	}
	mustSheets(t, files[0].Data, []string{"承诺台账", "履诺记录"})
}

func fileNames(files []File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Name)
	}
	return out
}

// mustSheets fails unless the workbook b opens and has exactly the sheets want.
func mustSheets(t *testing.T, b []byte, want []string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("excelize.OpenReader() error = %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sheets = %q, want %q", got, want)
	}
}

// The package comment promises that no other package of the module
// imports the XLSX library; the check reads every Go file's imports.
func TestOnlyImporterOfExcelize(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	here, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (path == here || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, im := range f.Imports {
			if strings.Contains(im.Path.Value, "github.com/xuri/excelize") {
				t.Errorf("%s imports %s; only package ledger may", path, im.Path.Value)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
