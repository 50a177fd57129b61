package cntime

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The holiday file: the format of holidays.txt, whose header explains it to
// the person who edits it. A section a year:
//
//	[2026] 国办发明电〔2025〕7号       the year and its notice, or 暂定 (provisional)
//	春节 2026-02-15 2026-02-23 2026-02-17   a holiday: first and last day off, festival's own day
//	上班 2026-02-14                     a make-up working day
//
// Everything the notice could be mistyped into is refused with the file
// and line: a date that does not exist, a span backwards or longer than
// maxHolidayDays, a date far from its section's year (last year's section
// copied and not all changed), a festival day away from its days off, a
// holiday missing or given twice, a make-up day on a weekday, a day both
// off and working, days off in two holidays.

// holidayNames are the statutory holidays, in the notices' order: each year
// names each once.
var holidayNames = []string{"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"}

// festivalHolidays are the holidays on a lunar or solar-term date: their
// lines give the festival's own day, what "中秋" names in a time.
var festivalHolidays = map[string]bool{"春节": true, "清明节": true, "端午节": true, "中秋节": true}

const (
	// maxHolidayDays is the longest holiday accepted (春节 has been 10 days).
	maxHolidayDays = 15
	// festivalSlack is how far from its days off a festival may fall.
	festivalSlack = 3
	// provisionalWord marks a year derived rather than published.
	provisionalWord = "暂定"
)

// holidayYear is one year's section of a holiday file.
type holidayYear struct {
	HolidayArrangement
	at   filePos // the header
	off  []holidaySpan
	work []makeUpDay
}

// holidaySpan is one holiday's days off, from and to inclusive, and for a
// festival holiday its own day (春节 is 正月初一, not the first day off).
type holidaySpan struct {
	name     string
	from, to int // civil days
	day      int // civil day; 0 for none
	at       filePos
}

// makeUpDay is a weekend day that is a working day (调休上班).
type makeUpDay struct {
	day int
	at  filePos
}

// filePos is a line of a holiday file.
type filePos struct {
	file string
	line int
}

func (p filePos) String() string { return fmt.Sprintf("%s:%d", p.file, p.line) }

// holidayError is a mistake in a holiday file: "file:line: what".
type holidayError struct {
	file string
	line int // 0: the whole file
	msg  string
}

func (e *holidayError) Error() string {
	if e.line == 0 {
		return e.file + ": " + e.msg
	}
	return fmt.Sprintf("%s:%d: %s", e.file, e.line, e.msg)
}

func errAt(p filePos, format string, args ...any) error {
	return &holidayError{file: p.file, line: p.line, msg: fmt.Sprintf(format, args...)}
}

// parseHolidays reads a holiday file and indexes it merged over base: each
// year it gives replaces base's.
func parseHolidays(text, file string, base map[int]holidayYear) (*holidayCalendar, error) {
	years, err := readHolidayFile(text, file)
	if err != nil {
		return nil, err
	}
	merged := make(map[int]holidayYear, len(base)+len(years))
	for y, a := range base {
		merged[y] = a
	}
	for y, a := range years {
		merged[y] = a
	}
	return indexHolidays(merged)
}

// holidayReader reads a holiday file line by line.
type holidayReader struct {
	file  string
	years map[int]holidayYear
	cur   *holidayYear // the section being read
}

// readHolidayFile reads the sections of a holiday file, each checked on
// its own; indexHolidays checks them together.
func readHolidayFile(text, file string) (map[int]holidayYear, error) {
	r := holidayReader{file: file, years: map[int]holidayYear{}}
	for i, line := range strings.Split(strings.TrimPrefix(text, "\ufeff"), "\n") {
		if err := r.line(filePos{file, i + 1}, line); err != nil {
			return nil, err
		}
	}
	if err := r.endYear(); err != nil {
		return nil, err
	}
	if len(r.years) == 0 {
		return nil, &holidayError{file: file, msg: "no year in the file: a section starts with a header like [2027] 国办发明电〔2026〕N号"}
	}
	return r.years, nil
}

func (r *holidayReader) line(at filePos, line string) error {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	line = strings.TrimSpace(line)
	f := strings.Fields(line)
	switch {
	case len(f) == 0:
		return nil
	case strings.HasPrefix(line, "[") || strings.HasPrefix(line, "【"):
		return r.header(at, line)
	case r.cur == nil:
		return errAt(at, "%q before the first year header: start a section with a line like [2027] 国办发明电〔2026〕N号", f[0])
	case f[0] == "上班":
		return r.makeUp(at, f)
	case slices.Contains(holidayNames, f[0]):
		return r.holiday(at, f)
	}
	return errAt(at, "%q is not a year header ([2027] …), a holiday (%s) or 上班", f[0], strings.Join(holidayNames, " "))
}

// header starts a year's section: "[2026] 国办发明电〔2025〕7号" or "[2027] 暂定".
func (r *holidayReader) header(at filePos, line string) error {
	if err := r.endYear(); err != nil {
		return err
	}
	inside, rest, ok := strings.Cut(strings.NewReplacer("【", "[", "】", "]").Replace(line)[1:], "]")
	year, err := strconv.Atoi(strings.TrimSpace(inside))
	if !ok || err != nil || year < 1990 || year > 2100 {
		return errAt(at, "bad year header %q: write the year in brackets, then the notice or 暂定: [2027] 国办发明电〔2026〕N号", line)
	}
	if y, dup := r.years[year]; dup {
		return errAt(at, "year %d given twice (first at line %d)", year, y.at.line)
	}
	rest = strings.Join(strings.Fields(rest), " ")
	a := HolidayArrangement{Year: year, Notice: rest, Source: at.file}
	switch {
	case rest == provisionalWord || strings.EqualFold(rest, "provisional"):
		a.Notice, a.Provisional = "", true
	case rest == "":
		return errAt(at, "year %d without its notice: write [%d] and the notice's number (国办发明电〔%d〕N号), or 暂定 for a provisional year", year, year, year-1)
	}
	r.cur = &holidayYear{HolidayArrangement: a, at: at}
	return nil
}

// endYear checks that the section being read names every holiday, and
// keeps it.
func (r *holidayReader) endYear() error {
	y := r.cur
	if y == nil {
		return nil
	}
	for _, name := range holidayNames {
		if !slices.ContainsFunc(y.off, func(s holidaySpan) bool { return s.name == name }) {
			return errAt(y.at, "year %d has no %s: each year gives %s", y.Year, name, strings.Join(holidayNames, " "))
		}
	}
	r.years[y.Year], r.cur = *y, nil
	return nil
}

// holiday reads "中秋节 2026-09-25 2026-09-27 2026-09-25".
func (r *holidayReader) holiday(at filePos, f []string) error {
	name, y := f[0], r.cur
	festival := festivalHolidays[name]
	switch {
	case festival && len(f) != 4:
		return errAt(at, "write %s with its first and last day off and the festival's own day: %s 2026-09-25 2026-09-27 2026-09-25", name, name)
	case !festival && len(f) != 3:
		return errAt(at, "write %s with its first and last day off: %s 2026-10-01 2026-10-07", name, name)
	}
	s := holidaySpan{name: name, at: at}
	for i, p := range []*int{&s.from, &s.to, &s.day}[:len(f)-1] {
		d, err := r.date(at, f[i+1])
		if err != nil {
			return err
		}
		*p = d
	}
	switch {
	case s.from > s.to:
		return errAt(at, "%s: the last day off %s is before the first %s", name, f[2], f[1])
	case s.to-s.from+1 > maxHolidayDays:
		return errAt(at, "%s: %d days off, more than %d: check the dates", name, s.to-s.from+1, maxHolidayDays)
	case festival && yearOf(s.day) != y.Year:
		return errAt(at, "%s: the festival's own day %s is not in %d", name, f[3], y.Year)
	case festival && (s.day < s.from-festivalSlack || s.day > s.to+festivalSlack):
		return errAt(at, "%s: the festival's own day %s is far from its days off %s to %s", name, f[3], f[1], f[2])
	}
	for _, o := range y.off {
		switch {
		case o.name == name:
			return errAt(at, "%s given twice in %d (first at line %d)", name, y.Year, o.at.line)
		case o.from <= s.to && s.from <= o.to && (o.from != s.from || o.to != s.to):
			return errAt(at, "%s overlaps %s (line %d): two holidays taken together have the same days", name, o.name, o.at.line)
		}
	}
	y.off = append(y.off, s)
	return nil
}

// makeUp reads "上班 2026-02-14".
func (r *holidayReader) makeUp(at filePos, f []string) error {
	if len(f) != 2 {
		return errAt(at, "write one make-up working day a line: 上班 2026-02-14")
	}
	d, err := r.date(at, f[1])
	if err != nil {
		return err
	}
	if wd := weekdayOf(d); wd != time.Saturday && wd != time.Sunday {
		return errAt(at, "%s is a %s: a make-up working day (上班) is a Saturday or a Sunday", f[1], wd)
	}
	for _, w := range r.cur.work {
		if w.day == d {
			return errAt(at, "上班 %s given twice (first at line %d)", f[1], w.at.line)
		}
	}
	r.cur.work = append(r.cur.work, makeUpDay{day: d, at: at})
	return nil
}

// date reads "2026-02-14" (or 2026-2-14), a day near the section's year:
// from the December before to the January after.
func (r *holidayReader) date(at filePos, s string) (int, error) {
	parts := strings.Split(s, "-")
	var n [3]int
	ok := len(parts) == 3
	for i := 0; ok && i < 3; i++ {
		var err error
		n[i], err = strconv.Atoi(parts[i])
		ok = err == nil && len(parts[i]) <= 4
	}
	if !ok || !validDate(n[0], time.Month(n[1]), n[2]) {
		return 0, errAt(at, "%q is not a date: write YYYY-MM-DD, e.g. 2026-10-01", s)
	}
	y := r.cur.Year
	d := civilDay(n[0], time.Month(n[1]), n[2])
	if d < civilDay(y-1, time.December, 1) || d > civilDay(y+1, time.January, 31) {
		return 0, errAt(at, "%s is not in %d, the year of this section", s, y)
	}
	return d, nil
}

// indexHolidays indexes the years by civil day, checking them together: no
// day both off and working, no day off in holidays of two years, no
// make-up day given twice.
func indexHolidays(years map[int]holidayYear) (*holidayCalendar, error) {
	c := &holidayCalendar{years: years, off: map[int]string{}, work: map[int]bool{}, festivals: map[string][]int{}}
	offAt, offYear, workAt := map[int]filePos{}, map[int]int{}, map[int]filePos{}
	for _, year := range slices.Sorted(maps.Keys(years)) {
		a := years[year]
		for _, s := range a.off {
			if s.day != 0 {
				c.festivals[s.name] = append(c.festivals[s.name], s.day)
			}
			for d := s.from; d <= s.to; d++ {
				if y, ok := offYear[d]; ok && y != year {
					return nil, errAt(blame(offAt[d], s.at), "%s is a day off in the holidays of %d and %d (also at %s)",
						dayString(d), y, year, other(offAt[d], s.at))
				}
				if name, ok := c.off[d]; ok {
					c.off[d] = name + "、" + s.name // taken together (中秋节、国庆节)
				} else {
					c.off[d] = s.name
				}
				offAt[d], offYear[d] = s.at, year
			}
		}
		for _, w := range a.work {
			if prev, ok := workAt[w.day]; ok {
				return nil, errAt(blame(prev, w.at), "上班 %s given twice (also at %s)", dayString(w.day), other(prev, w.at))
			}
			c.work[w.day], workAt[w.day] = true, w.at
		}
	}
	for _, d := range slices.Sorted(maps.Keys(c.work)) {
		if at, ok := offAt[d]; ok {
			return nil, errAt(blame(at, workAt[d]), "%s is both a day off (%s, at %s) and a working day (上班, at %s)",
				dayString(d), c.off[d], at, workAt[d])
		}
	}
	for name := range c.festivals {
		slices.Sort(c.festivals[name])
	}
	return c, nil
}

// blame is the line an error between two lines names: the one not in the
// built-in table, where one is, so that a deployer's file is the one
// named; else the later.
func blame(a, b filePos) filePos {
	if b.file == embeddedName && a.file != embeddedName {
		return a
	}
	return b
}

// other is the line of the two that blame does not name.
func other(a, b filePos) filePos {
	if blame(a, b) == a {
		return b
	}
	return a
}

// dayString writes a civil day as 2006-01-02.
func dayString(d int) string { return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly) }

func weekdayOf(d int) time.Weekday { return time.Unix(int64(d)*86400, 0).UTC().Weekday() }

func yearOf(d int) int { return time.Unix(int64(d)*86400, 0).UTC().Year() }
