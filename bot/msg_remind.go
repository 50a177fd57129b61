package bot

// Reminder texts of the catalogue.
const (
	msgLateMark = "（机器人曾暂停运行，这条提醒晚发了）"

	msgRemindMeeting     = "<b>会议提醒</b>%s：#%d %s 将于 %s 召开（%s后）。\n地点：%s\n议题：%s"
	msgRemindUnanswered  = "\n尚未答复：%s。请点“参加”或“请假”。"
	msgRemindOffline     = "\n无 Telegram：%s，请支委代为登记。"
	msgRemindAllAnswered = "\n大家都已答复，谢谢！"
	msgRemindPrivate     = "提醒：#%d %s 将于 %s 在%s召开。请点下面的按钮答复是否参加。"
	msgRemindCheckIn     = "<b>开始签到</b>：#%d %s %s 开始，现在可以签到了（%s 前有效）。"
	msgHoursLeft         = "%d小时"
	msgMinutesLeft       = "%d分钟"
	msgDaysLeft          = "%d天"

	msgRemindPledge         = "提醒%s：你的承诺 #%d 将于 %s 到期（还有%s）：\n%s\n完成后请发 /done %d 说明；无法兑现请发 /cannot %d 说明。"
	msgRemindPledgeGroup    = "<b>承诺到期提醒</b>%s\n%s\n完成后请发 /done 编号 说明。"
	msgRemindPledgeLine     = "• %s：#%d %s（%s到期）"
	msgRemindOverdue        = "<b>支委周报</b>（%s）"
	msgRemindOverduePledges = "\n逾期承诺：\n%s"
	msgRemindUnclosed       = "\n开过但还没有结束的会议（结束前不计入三会一课）：\n%s"
	msgRemindUnclosedLine   = "• #%d %s %s，请发送 /close %d"
	msgRemindCallNagTitle   = "<b>承诺征集提醒</b>"
	msgRemindCallNagDue     = msgRemindCallNagTitle + "%s：#%d “%s”将于 %s 截止。"
	msgRemindCallOffline    = "\n无 Telegram：%s，请支委线下收集他们的承诺。"
	msgRemindCallNagWho     = "\n尚未回复：%s。请回复征集消息提交承诺。"

	msgRemindStageStart    = "<b>转段：%s 开始</b>（%s，%s—%s）%s"
	msgRemindStageReq      = "\n本阶段要求：%s"
	msgRemindStageSoon     = "<b>阶段提醒</b>%s：%s 将于 %s 结束（还有%s）。%s"
	msgRemindStageSummary  = "<b>阶段小结：%s 已结束</b>%s"
	msgStageMissingLine    = "\n• %s：缺%s"
	msgStageMissingOffline = "\n• %s：缺%s（无 Telegram，请支委线下收集）"
	msgStageMeetingDue     = "\n• 尚未召开：%s"
	msgStageAllDone        = "\n各项要求都已完成。"
	msgStageNumber         = "阶段 #%d"
	msgReqPledge           = "公示承诺"
	msgReqSubmit           = "提交%s"
	msgReqSubmitDefault    = "提交材料"
	msgReqMeeting          = "召开%s"

	msgRemindCompliance = "<b>三会一课提醒</b>%s：\n%s"
	msgComplianceLine   = "• %s%s：%s尚未召开，%s"
	// msgComplianceLineToClose: the meeting was held and not closed.
	msgComplianceLineToClose = "• %s%s：%s开过但还没有结束，请发送 /close %d 记录结果（结束后才计入），%s"
	msgRemindAbsence         = "<b>出勤关注</b>（仅书记可见）：以下同志已连续数月未参加组织生活（也未请假），请关心了解情况。依党章第九条，是否处理须由支部大会决定，本提醒只作提示。\n%s"
	msgAbsenceLine           = "• %s：连续 %d 个月"

	msgRemindCustom = "⏰ %s%s"
	msgRemindClose  = "<b>请结束会议</b>%s：#%d %s（%s）已过结束时间，还没有记录结果。开完了请发送 /close %d 记录出勤；结束后才计入三会一课。"

	// Notes in the group for members a private reminder could not reach:
	// who, and what only where the group may know it (bot/notice.go undelivered).
	msgUndelivered        = "%s：有一条提醒无法私信送达。请点下面的按钮和我私聊（发送 /start；屏蔽过我的请先解除屏蔽），以后的提醒就能私下收到。"
	msgUndeliveredMeeting = "%s：#%d %s 的会议提醒无法私信送达，请在群里答复是否参加。点下面的按钮和我私聊（发送 /start），以后的提醒就能私下收到。"
	msgUndeliveredPledge  = "%s：承诺 #%d 的到期提醒无法私信送达。请点下面的按钮和我私聊（发送 /start；屏蔽过我的请先解除屏蔽），以后的提醒就能私下收到。"
)
