package bot

// The note to a 书记 that next year's holiday arrangement is not in the bot
// yet (zhibu.KindHolidays): plain words, for someone who knows 调休 but
// not the bot's files.
const (
	msgHolidaysLabel = "节假日安排提醒（书记）"
	// msgRemindHolidays takes the year three times.
	msgRemindHolidays = "<b>节假日安排提醒</b>（仅书记可见）\n" +
		"机器人里还没有国务院正式公布的%d年节假日安排。补上之前，本支部按“工作日”发送的提醒遇到调休可能出错：放假的日子照常提醒，调休上班的周末却不提醒。\n" +
		"请告诉负责维护机器人的管理员，把%d年的节假日安排补上。补上以后提醒会自动按新安排发送，本支部的提醒不用改。\n" +
		"（关于%d年的这条提示只发一次。）"
)
