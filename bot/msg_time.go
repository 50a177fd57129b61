package bot

// The echo of a reading chosen among several (cntime.When.Chosen): what
// was taken, and how to write the other.
const (
	msgChosenPartHour  = "只写了时段，按 %s 安排；要别的时间请写明几点。"
	msgChosenAfternoon = "按下午%d点（%s）安排；如要凌晨请写“凌晨%d点”。"
	msgChosenMorning   = "按上午%d点（%s）安排；如要晚上请写“晚上%d点”。"
	msgChosenEvening   = "按晚上%d点（%s）安排；如要早上请写“早上%d点”。"

	msgTimeFuzzy     = "“%s”是个大概的时间，请写一个确切的钟点，例如 晚上7点、19:30。"
	msgTimeNightHour = "“%s”是半夜的时间，请写明钟点，例如 凌晨1点；白天的请写 上午9点、下午3点。"
)
