package bot

// The echo of a reading chosen among several (cntime.When.Chosen): what
// was taken, and how to write the other.
const (
	msgChosenPartHour  = "只写了时段，按 %s 安排；要别的时间请写明几点。"
	msgChosenAfternoon = "按下午%s（%s）安排；如要凌晨请写“凌晨%s”。"
	msgChosenMorning   = "按上午%s（%s）安排；如要晚上请写“晚上%s”。"
	msgChosenEvening   = "按晚上%s（%s）安排；如要早上请写“早上%s”。"
	// A one-time reminder on a day without a clock.
	msgRemindDefaultHour = "没写钟点，按上午9点提醒；要别的时间请写明几点。"

	msgTimeFuzzy     = "“%s”是个大概的时间，请写一个确切的钟点，例如 晚上7点、19:30。"
	msgTimeNightHour = "“%s”是半夜的时间，请写明钟点，例如 凌晨1点；白天的请写 上午9点、下午3点。"

	// Refusals of a time phrase (timeRefusal): why, then how to write it.
	msgTimeUnknown      = "时间看不懂：“%s”。"
	msgTimeUnknownPart  = "时间看不懂：“%s”，其中“%s”不认识。"
	msgTimeNoSuch       = "没有这个时间：“%s”，请检查日期和钟点。"
	msgTimeMinutes      = "“%s”的分钟可以有两种理解，请写两位，例如 9:05 或 9:50、7点05分。"
	msgTimeMidnight     = "“%s”是哪一天的半夜说不准，请写明日期和钟点，例如 明天凌晨0点30分、明天 00:30；白天的请写 上午、下午。"
	msgTimeBackwards    = "“%s”的结束早于开始：读作从 %s 到 %s。请把结束写在开始之后。"
	msgTimeWriteLike    = "可以这样写：%s。"
	msgExamplesMeeting  = "明天下午3点、下周三晚上7点到9点、%s 19:00"
	msgExamplesDeadline = "本月底、%s前、下周五下午5点"
	msgExamplesRemind   = "明天上午9点、每周五下午3点、每月最后一个工作日、每年七一"
	msgExamplesPeriod   = "本季度、上个月、今年、%d年%d月1日至%d月15日"
	msgExamplesStage    = "学习动员 %s %s"
	msgStageLineTime    = "第 %d 个阶段的日期有问题。%s"

	// A time read as past: how it was read, and what to write.
	msgInPastAt     = "按 %s 理解，这个时间已经过去了。要开以后的会，请写以后的时间，例如 明天晚上7点；线下已经开过的会，请在命令里加“补录”，只记入台账。"
	msgFormInPastAt = "按 %s 理解，这个时间已经过去了。要开以后的会，请写以后的时间，例如 明天晚上7点；线下已经开过的会，请在时间后面加“补录”，例如 11月20日 15:00 补录。"
	msgRemindPastAt = "按 %s 理解，提醒时间已经过去了，请写以后的时间，例如 明天上午9点。"

	// 改期 with half a time: what was kept.
	msgKeptDay   = "只写了钟点，日期不变：%s。"
	msgKeptClock = "只写了日期，钟点不变：%s。"

	msgComplianceNoPeriod = "/compliance 不用写时间（你写了“%s”）：它总是显示本月、本季度、本年和上一个周期的三会一课情况。要看某段时间的会议和出勤，请用 /attendance，例如 /attendance 上季度。"

	// Deadlines (截止 …).
	msgDeadlinePartDay = "只写了时段，截止到当天结束（23:59）；要更早请写明几点，例如 明天下午5点。"
	msgDeadlineEmpty   = "“截止”后面请写日期，例如 截止 本月底、截止 12月31日前、截止 下周五下午5点。"

	msgTimeWrongWeekday   = "“%s”的日期和星期对不上，请核对日历后再写。"
	msgTimeWrongWeekdayIs = "“%s”的日期和星期对不上：那天是 %s。请核对后再写。"

	msgDeadlinePastAt = "按 %s 理解，截止时间已经过去了，请写一个以后的时间，例如 截止 本月底。"

	// A workday reminder on a weekend make-up working day.
	msgMakeUpDay            = "（调休上班日）"
	msgMakeUpDayProvisional = "（调休上班日，按暂定的节假日安排）"

	msgLateTomorrow = "现在已过半夜12点，“明天”按 %s 理解；如果指的是天亮以后的今天，请写“今天”。"
)
