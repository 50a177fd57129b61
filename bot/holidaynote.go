package bot

import "github.com/zhibu/zhibu"

// holidays: the year's holiday arrangement is missing, to the 书记
// privately (see zhibu.KindHolidays).
func (r noticeText) holidays() []zhibu.Message {
	year := int(r.n.Ref)
	return r.send("", msgf(msgRemindHolidays, year, year, year), nil)
}
