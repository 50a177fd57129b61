// Package cntime is the Chinese time language of zhibu: the phrases branch
// secretaries write when they schedule ("下周三晚上7点", "明天19:00-21:00",
// "3天后"), the periods of reports ("本季度", "2026Q3", "上月"), repeating
// schedules ("每周五下午3点", "工作日每天8点半"), China's public holidays and
// make-up working days, the way dates and times are written back ("11月25日
// 周三 19:00–21:00"), and counting calendar days.
//
// It uses the standard library only and knows nothing of branches, meetings
// or chat platforms. Every function that depends on the current time takes
// it as an argument, and results are in that argument's location.
package cntime
