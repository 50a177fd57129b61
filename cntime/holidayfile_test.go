package cntime

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// keepHolidays restores the table in use when the test ends: LoadHolidays
// changes it for the whole package.
func keepHolidays(t *testing.T) {
	t.Helper()
	saved := loadedHolidays.Load()
	t.Cleanup(func() { loadedHolidays.Store(saved) })
}

// holidays2025 is the State Council's 2025 notice: 春节 eight days, and
// 国庆节 and 中秋节 taken together.
const holidays2025 = `# 2025
[2025] 国办发明电〔2024〕12号
元旦   2025-01-01 2025-01-01
春节   2025-01-28 2025-02-04 2025-01-29
清明节 2025-04-04 2025-04-06 2025-04-04
劳动节 2025-05-01 2025-05-05
端午节 2025-05-31 2025-06-02 2025-05-31
国庆节 2025-10-01 2025-10-08
中秋节 2025-10-01 2025-10-08 2025-10-06
上班   2025-01-26
上班   2025-02-08
上班   2025-04-27
上班   2025-09-28
上班   2025-10-11
`

// confirmed2027 stands for the 2027 notice once published: it moves 春节's
// make-up day from Sunday 1月31日 to Saturday 2月20日.
const confirmed2027 = `[2027] 国办发明电〔2026〕99号
元旦   2027-01-01 2027-01-03
春节   2027-02-05 2027-02-12 2027-02-06
清明节 2027-04-03 2027-04-05 2027-04-05
劳动节 2027-05-01 2027-05-05
端午节 2027-06-09 2027-06-09 2027-06-09
中秋节 2027-09-15 2027-09-15 2027-09-15
国庆节 2027-10-01 2027-10-07
上班   2027-02-13
上班   2027-02-20
上班   2027-05-08
上班   2027-09-26
上班   2027-10-09
`

func TestLoadHolidaysMergesOverTheBuiltInTable(t *testing.T) {
	keepHolidays(t)
	if err := LoadHolidays(strings.NewReader(holidays2025+"\n"+confirmed2027), "/etc/zhibu/holidays.txt"); err != nil {
		t.Fatalf("LoadHolidays: %v", err)
	}
	if diff := cmp.Diff([]int{2025, 2026, 2027}, HolidayYears()); diff != "" {
		t.Errorf("HolidayYears() (-want +got):\n%s", diff)
	}
	for _, want := range []HolidayArrangement{
		{Year: 2025, Notice: "国办发明电〔2024〕12号", Source: "/etc/zhibu/holidays.txt"},
		{Year: 2026, Notice: "国办发明电〔2025〕7号", Source: "holidays.txt"},
		{Year: 2027, Notice: "国办发明电〔2026〕99号", Source: "/etc/zhibu/holidays.txt"},
	} {
		if got, ok := HolidayArrangementOf(want.Year); !ok || got != want {
			t.Errorf("HolidayArrangementOf(%d) = %+v, %v; want %+v", want.Year, got, ok, want)
		}
	}
	tests := []struct {
		day     time.Time
		workday bool
		holiday string
	}{
		{bj(2025, 1, 26, 9, 0), true, ""}, // Sunday, 调休: a year added
		{bj(2025, 10, 6, 9, 0), false, "国庆节、中秋节"},
		{bj(2026, 10, 10, 9, 0), true, ""},   // the built-in 2026 kept
		{bj(2027, 1, 31, 9, 0), false, ""},   // the provisional 2027 replaced whole …
		{bj(2027, 2, 20, 9, 0), true, ""},    // … by the confirmed one
		{bj(2027, 2, 12, 9, 0), false, "春节"}, // its days off
	}
	for _, tt := range tests {
		if got := Workday(tt.day); got != tt.workday {
			t.Errorf("Workday(%v) = %v, want %v", tt.day, got, tt.workday)
		}
		if name, _ := Holiday(tt.day); name != tt.holiday {
			t.Errorf("Holiday(%v) = %q, want %q", tt.day, name, tt.holiday)
		}
	}
	if day, ok := FestivalDay("中秋节", bj(2025, 9, 1, 9, 0)); !ok || !day.Equal(bj(2025, 10, 6, 9, 0)) {
		t.Errorf("FestivalDay(中秋节, 2025-09-01) = %v, %v; want 2025-10-06", day, ok)
	}
}

func TestHolidayArrangementOf(t *testing.T) {
	for year, want := range map[int]HolidayArrangement{
		2026: {Year: 2026, Notice: "国办发明电〔2025〕7号", Source: "holidays.txt"},
		2027: {Year: 2027, Provisional: true, Source: "holidays.txt"},
	} {
		if got, ok := HolidayArrangementOf(year); !ok || got != want {
			t.Errorf("HolidayArrangementOf(%d) = %+v, %v; want %+v", year, got, ok, want)
		}
	}
	if got, ok := HolidayArrangementOf(2028); ok {
		t.Errorf("HolidayArrangementOf(2028) = %+v, true; want none", got)
	}
}

// A later load merges over an earlier one; a year may be marked
// provisional in English too.
func TestLoadHolidaysTwice(t *testing.T) {
	keepHolidays(t)
	if err := LoadHolidays(strings.NewReader(confirmed2027), "a.txt"); err != nil {
		t.Fatal(err)
	}
	again := strings.Replace(confirmed2027, "国办发明电〔2026〕99号", "provisional", 1)
	if err := LoadHolidays(strings.NewReader(again), "b.txt"); err != nil {
		t.Fatal(err)
	}
	want := HolidayArrangement{Year: 2027, Provisional: true, Source: "b.txt"}
	if got, _ := HolidayArrangementOf(2027); got != want {
		t.Errorf("HolidayArrangementOf(2027) = %+v, want %+v", got, want)
	}
}

// Every mistake is refused with the file and line, and leaves the table in
// use as it was.
func TestLoadHolidaysRefuses(t *testing.T) {
	keepHolidays(t)
	// edit changes one line of confirmed2027 (line 1 is the header).
	edit := func(line int, to string) string {
		ls := strings.Split(confirmed2027, "\n")
		ls[line-1] = to
		return strings.Join(ls, "\n")
	}
	tests := []struct {
		name, file, want string
	}{
		{"bad date", edit(2, "元旦 2027-01-32 2027-01-03"),
			`f.txt:2: "2027-01-32" is not a date: write YYYY-MM-DD, e.g. 2026-10-01`},
		{"not a date", edit(2, "元旦 1月1日 2027-01-03"),
			`f.txt:2: "1月1日" is not a date: write YYYY-MM-DD, e.g. 2026-10-01`},
		{"backwards", edit(2, "元旦 2027-01-03 2027-01-01"),
			"f.txt:2: 元旦: the last day off 2027-01-01 is before the first 2027-01-03"},
		{"too long", edit(8, "国庆节 2027-10-01 2027-10-17"),
			"f.txt:8: 国庆节: 17 days off, more than 15: check the dates"},
		{"festival in another year", edit(7, "中秋节 2027-09-15 2027-09-15 2026-12-15"),
			"f.txt:7: 中秋节: the festival's own day 2026-12-15 is not in 2027"},
		{"last year's date left", edit(7, "中秋节 2027-09-15 2027-09-15 2026-09-25"),
			"f.txt:7: 2026-09-25 is not in 2027, the year of this section"},
		{"far from the year", edit(8, "国庆节 2026-10-01 2026-10-07"),
			"f.txt:8: 2026-10-01 is not in 2027, the year of this section"},
		{"festival far from its days off", edit(3, "春节 2027-02-05 2027-02-12 2027-02-20"),
			"f.txt:3: 春节: the festival's own day 2027-02-20 is far from its days off 2027-02-05 to 2027-02-12"},
		{"festival without its day", edit(3, "春节 2027-02-05 2027-02-12"),
			"f.txt:3: write 春节 with its first and last day off and the festival's own day: 春节 2026-09-25 2026-09-27 2026-09-25"},
		{"fixed holiday with a day", edit(2, "元旦 2027-01-01 2027-01-03 2027-01-01"),
			"f.txt:2: write 元旦 with its first and last day off: 元旦 2026-10-01 2026-10-07"},
		{"make-up on a weekday", edit(9, "上班 2027-02-08"),
			"f.txt:9: 2027-02-08 is a Monday: a make-up working day (上班) is a Saturday or a Sunday"},
		{"two make-up days on a line", edit(9, "上班 2027-02-13 2027-02-20"),
			"f.txt:9: write one make-up working day a line: 上班 2026-02-14"},
		{"off and working", edit(9, "上班 2027-01-02"),
			"f.txt:9: 2027-01-02 is both a day off (元旦, at f.txt:2) and a working day (上班, at f.txt:9)"},
		{"make-up twice", edit(10, "上班 2027-02-13"),
			"f.txt:10: 上班 2027-02-13 given twice (first at line 9)"},
		{"holiday twice", edit(4, "春节 2027-02-05 2027-02-12 2027-02-06"),
			"f.txt:4: 春节 given twice in 2027 (first at line 3)"},
		{"holiday missing", edit(4, ""),
			"f.txt:1: year 2027 has no 清明节: each year gives 元旦 春节 清明节 劳动节 端午节 中秋节 国庆节"},
		{"overlap", edit(7, "中秋节 2027-09-30 2027-10-01 2027-09-30"),
			"f.txt:8: 国庆节 overlaps 中秋节 (line 7): two holidays taken together have the same days"},
		{"unknown holiday", edit(7, "中秋 2027-09-15 2027-09-15 2027-09-15"),
			`f.txt:7: "中秋" is not a year header ([2027] …), a holiday (元旦 春节 清明节 劳动节 端午节 中秋节 国庆节) or 上班`},
		{"header without notice", edit(1, "[2027]"),
			"f.txt:1: year 2027 without its notice: write [2027] and the notice's number (国办发明电〔2026〕N号), or 暂定 for a provisional year"},
		{"bad header", edit(1, "[二〇二七] 暂定"),
			`f.txt:1: bad year header "[二〇二七] 暂定": write the year in brackets, then the notice or 暂定: [2027] 国办发明电〔2026〕N号`},
		{"before any header", "元旦 2027-01-01 2027-01-03\n" + confirmed2027,
			`f.txt:1: "元旦" before the first year header: start a section with a line like [2027] 国办发明电〔2026〕N号`},
		{"year twice", confirmed2027 + "\n" + confirmed2027,
			"f.txt:15: year 2027 given twice (first at line 1)"},
		{"no year", "# nothing yet\n",
			"f.txt: no year in the file: a section starts with a header like [2027] 国办发明电〔2026〕N号"},
		// 2026's 元旦 (built in) runs to Saturday 1月3日: a make-up day then,
		// given by another year, names the loaded file's line.
		{"against the built-in table", strings.Replace(holidays2025, "上班   2025-10-11", "上班   2026-01-03", 1),
			"f.txt:14: 2026-01-03 is both a day off (元旦, at holidays.txt:27) and a working day (上班, at f.txt:14)"},
		{"day off in two years", strings.Replace(holidays2025, "元旦   2025-01-01 2025-01-01", "元旦   2025-12-31 2026-01-01", 1),
			"f.txt:3: 2026-01-01 is a day off in the holidays of 2025 and 2026 (also at holidays.txt:27)"},
	}
	before := HolidayYears()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := LoadHolidays(strings.NewReader(tt.file), "f.txt")
			if err == nil || err.Error() != tt.want {
				t.Errorf("LoadHolidays() = %v\nwant %s", err, tt.want)
			}
			if diff := cmp.Diff(before, HolidayYears()); diff != "" {
				t.Errorf("a refused file changed the table (-before +after):\n%s", diff)
			}
		})
	}
}

// Full-width brackets and spaces, a byte-order mark and Windows line ends,
// as an editor may save the notice copied, are read.
func TestLoadHolidaysEditorForms(t *testing.T) {
	keepHolidays(t)
	file := "\ufeff" + strings.ReplaceAll(strings.Replace(confirmed2027, "[2027]", "【2027】", 1), "\n", "\r\n")
	file = strings.Replace(file, "元旦   ", "元旦\u3000", 1)
	if err := LoadHolidays(strings.NewReader(file), "win.txt"); err != nil {
		t.Fatalf("LoadHolidays: %v", err)
	}
	if got, _ := HolidayArrangementOf(2027); got.Provisional || got.Notice != "国办发明电〔2026〕99号" {
		t.Errorf("HolidayArrangementOf(2027) = %+v, want the notice", got)
	}
}

// Readers see the old table or the new one while a file loads (go test
// -race checks the rest).
func TestLoadHolidaysWhileReading(t *testing.T) {
	keepHolidays(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 200 {
				// 1月31日 is a make-up day in the provisional 2027 only, 2月13日 in both.
				if !Workday(bj(2027, 2, 13, 9, 0)) {
					t.Error("Workday(2027-02-13) = false while loading")
					return
				}
				HolidayYears()
			}
		})
	}
	for range 20 {
		if err := LoadHolidays(strings.NewReader(confirmed2027), "f.txt"); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
}
