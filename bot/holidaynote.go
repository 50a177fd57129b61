package bot

import (
	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// holidays: the year's holiday arrangement is missing, to the 书记
// privately (see zhibu.KindHolidays).
func (r noticeText) holidays() []zhibu.Message {
	year := int(r.n.Ref)
	if a, ok := cntime.HolidayArrangementOf(year); ok && a.Provisional {
		// Provisional dates are used as they are: say what that does.
		return r.send("", msgf(msgRemindHolidaysProvisional, year, year, year), nil)
	}
	return r.send("", msgf(msgRemindHolidays, year, year, year), nil)
}
