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
	// msgRemindHolidaysProvisional takes the year three times.
	msgRemindHolidaysProvisional = "<b>节假日安排提醒</b>（仅书记可见）\n" +
		"国务院还没有正式公布%d年的节假日安排，机器人目前按推算的暂定安排发送本支部“工作日”的提醒：暂定放假的日子不提醒，暂定调休上班的周末照常提醒。正式安排如果不同，个别日子会提醒错。\n" +
		"请告诉负责维护机器人的管理员，通知公布后把%d年的正式安排补上。补上以后提醒会自动按正式安排发送，本支部的提醒不用改。\n" +
		"（关于%d年的这条提示只发一次。）"
)
