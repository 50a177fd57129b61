package bot

// The echo of a reading chosen among several (cntime.When.Chosen): what
// was taken, and how to write the other.
const (
	msgChosenPartHour  = "只写了时段，按 %s 安排；要别的时间请写明几点。"
	msgChosenAfternoon = "按下午%d点（%s）安排；如要凌晨请写“凌晨%d点”。"
	msgChosenMorning   = "按上午%d点（%s）安排；如要晚上请写“晚上%d点”。"
	msgChosenEvening   = "按晚上%d点（%s）安排；如要早上请写“早上%d点”。"
)
