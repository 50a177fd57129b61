package bot

// Messages added by the trial of issue 11's hardening.
const (
	// msgTextCut ends a reminder too long for one Telegram message.
	msgTextCut = "……（内容太长，其余未显示）"
	// msgPledgeNotYetPublished answers /done or /progress on a pledge
	// still waiting for review: why not, and what can be done.
	msgPledgeNotYetPublished = "承诺 #%d 还在等支委审核，公示以后才能记录进展或申请兑现。如果不再需要这条承诺，可发 /pledge %d 撤回。"
	// msgJoinOtherName ends a join card shown again when the applicant
	// wrote another name than the waiting request's.
	msgJoinOtherName = "\n（这次写的“%s”没有采用：已有一份以“%s”提交的申请在等待审批。名字写错了的话，请支委先拒绝这份申请，再重新发送 /join 正确的姓名。）"
	// msgLimitRegistrations: a group asked to register too often today.
	msgLimitRegistrations = "本群今天已 %d 次申请登记支部，这是每天的上限。请先联系部署机器人的信息化管理员，明天再申请。"
	// msgOfficeRename: only the 书记 renames an entry that holds an office
	// and has no account.
	msgOfficeRename = "“%s”担任%s，还没有关联账号，只有书记可以修改其姓名。"
	// msgListedMore ends a list of members cut short: how many in all.
	msgListedMore = "……等 %d 人"
)
