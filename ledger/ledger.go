package ledger

import (
	"strings"
	"time"

	"github.com/zhibu/zhibu"
)

// File is a ledger file, ready to send: its name, which says what it holds
// ("考勤台账-2026年11月.xlsx"), and its contents.
type File struct {
	Name string
	Data []byte
}

// Attendance renders the 考勤台账 of l's period, times shown in loc: an
// XLSX workbook with a 汇总 sheet and one 会议记录 sheet per meeting, then
// the 汇总 as CSV. The files are named after the period.
func Attendance(l zhibu.Ledger, loc *time.Location) ([]File, error) {
	xlsx, err := attendanceXLSX(l, loc)
	if err != nil {
		return nil, err
	}
	name := attendanceFile + strings.ReplaceAll(l.Period.Label, " ", "")
	return []File{{name + ".xlsx", xlsx}, {name + ".csv", attendanceCSV(l)}}, nil
}

// Pledges renders the 承诺台账 as of l.Now, dates shown in loc: an XLSX
// workbook with the ledger and its 兑现率 on one sheet and every pledge's
// history on another, then the ledger rows as CSV. The files are named
// after l.Now's day in loc.
func Pledges(l zhibu.PledgeLedger, loc *time.Location) ([]File, error) {
	xlsx, err := pledgesXLSX(l, loc)
	if err != nil {
		return nil, err
	}
	name := pledgesFile + l.Now.In(loc).Format(dateLayout)
	return []File{{name + ".xlsx", xlsx}, {name + ".csv", pledgesCSV(l, loc)}}, nil
}
