package bot

// Texts of the catalogue for the forms of issue 10: input kept and checked
// step by step, amendments after a meeting, and hints that follow the
// reader's role. They sit apart from msg_meeting.go and its siblings so that
// adding them realigns nothing there.

// Meetings: the one-line form, the guided form, amending a meeting and its attendance.
const (
	msgMeetingNoClockPart    = "请写上几点开会，例如 “%s”。"
	msgFieldTwice            = "“%s:”写了两次，请只写一次。"
	msgLeaveOvertaken        = "你已答复参加 #%d，这条请假原因没有记录。如需请假，请再点会议通知上的“请假”。"
	msgObserverExpectsClosed = "%s 是这次会议的应到人员，请用 /meeting %d 更正 %s 出席。"
	msgObserverCorrected     = "已更正 #%d 的列席记录。"
	msgPostChanged           = "已更改 #%d 的%s：%s → %s（已记录）。"
	msgPostChangedDone       = "已更改 #%d 的%s。"
	msgPostSame              = "#%d 的%s本来就是 %s，没有改动。"
	msgCheckInUndone         = "已撤销 %s 在 #%d 的签到（已记录）。"
	msgNotCheckedIn          = "%s 在 #%d 没有签到记录，不需要撤销。"
	msgClosedFix             = "#%d 已结束。需要更正请用 /meeting %d 更正 姓名 出席|迟到|请假|缺席。"
	msgMeetingMemberUsage    = "用法：/meeting 编号 查看会议详情；/meetings 查看会议列表。"
	msgFormGroupChosen       = "<b>安排会议</b>\n党小组：%s"
	msgFormNoGroups          = "本支部还没有党小组，不能安排党小组会。"
	msgFormNoGroupsFix       = "可先用 /roster set 姓名 党小组 第一党小组 给同志分组。"
	msgFormInPast            = "这个时间已经过去了。如果是线下已经开过的会，请在时间后面加“补录”，例如 11月20日 15:00 补录。"
	msgFormEmpty             = "请用文字回复。"
	wordUndo                 = "撤销"
)

// Texts added after the new-user trial (2026-11).
const (
	msgFormGoneOn          = "这份会议表单已在后面的消息里继续，请在最新的表单消息上继续。"
	msgCloseEmptyTitle     = "<b>确认结束 #%d？</b>"
	msgCloseEmptyConfirm   = msgCloseEmptyTitle + "\n还没有同志签到：现在结束，应到的同志都记为缺席（已请假的记为请假），实到 0 会发到群里并记入台账。\n到会的同志可先用 /checkin %d 姓名 补签，再结束。"
	msgCloseEmptyCancelled = "已取消，#%d 没有结束。"
	msgCloseEmptyExpired   = "这个确认已超时，#%d 没有结束。需要时请重新发送 /close %d。"
	msgCloseEmptyGone      = "这个确认已失效，会议没有结束。需要时请重新发送 /close 编号。"
	btnConfirmClose        = "确认结束"
	msgAnnounceObservers   = "｜列席 %d"
	msgMeetingNoType       = "请写上会议类型，例如 /meeting 支委会 11月25日 19:00 地点:环保楼508。可选：党员大会、支委会、党小组会、党课、主题党日、组织生活会、民主评议、其他。"
)

// Campaigns and compliance, as members read them.
const (
	msgCampaignMemberUsage = "活动与阶段：\n/campaign [编号] — 查看阶段与进度\n/submit 阶段编号 内容 — 提交本阶段材料"
	msgToCloseMember       = "#%s 已开始但还没结束，支委结束会议后才计入"
	msgComplianceSet       = "用 /rules 类型 每月|每季度|每年 设置。"
	msgRulesTitleMember    = "<b>三会一课要求</b>"
	msgArranged            = "已安排 %s"
	msgArrangedMeeting     = "#%d（%s）"
)

// Pledges, as members read them.
const (
	msgPledgesMemberUsage = "用法：/pledges [我|逾期|姓名]"
)
