package bot

// Messages added by the trial of issue 11's hardening.
const (
	// msgTextCut ends a reminder too long for one Telegram message.
	msgTextCut = "……（内容太长，其余未显示）"
	// msgPledgeNotYetPublished answers /done or /progress on a pledge
	// still waiting for review: why not, and what can be done.
	msgPledgeNotYetPublished = "承诺 #%d 还在等支委审核，公示以后才能记录进展或申请兑现。如果不再需要这条承诺，可发 /pledge %d 撤回。"
)
