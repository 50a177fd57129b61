package bot

// Texts of the catalogue about when a reminder really goes out: a branch
// reminder held by quiet hours, and a one-off missed while the bot was not
// running. No reminder is moved or lost without a word.
const (
	// The note under /remind's reply when quiet hours hold a branch
	// reminder back: the quiet hours, then when it will really be posted
	// (a recurring one: its first time held, and when that is posted).
	msgQuietHeldOnce      = "注意：%s—%s 是本支部的免打扰时段，这条提醒将在 %s 发到群里；要按时发请改时间或修改 /rules 免打扰。"
	msgQuietHeldRecurring = "注意：%s—%s 是本支部的免打扰时段，落在其中的提醒要等免打扰结束才发到群里（%s 那次将在 %s 发出）；要按时发请改时间或修改 /rules 免打扰。"

	// /reminders: the next posting when quiet hours hold it, with the time
	// it was due; a one-off never sent.
	msgReminderHeld   = "%s（免打扰时段后发，原定 %s）"
	msgReminderMissed = "未发出（停机期间错过）"

	// A one-off missed for longer than the bot catches up (%d days), once,
	// privately: to its owner, or for a branch reminder to the 书记.
	msgRemindMissedMine   = "你的个人提醒 #%d 没有发出：它定在 %s，那时机器人停止了运行，恢复时已超过 %d 天，不再补发。\n内容：%s\n还需要的话请重新设置：/remind 时间 内容"
	msgRemindMissedBranch = "支部提醒 #%d 没有发到群里：它定在 %s，那时机器人停止了运行，恢复时已超过 %d 天，不再补发。\n内容：%s\n还需要的话请重新设置：/remind 时间 内容"
)
