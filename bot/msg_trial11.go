package bot

// Messages added by the trial of issue 11's hardening.
const (
	// msgTextCut ends a reminder too long for one Telegram message.
	msgTextCut = "……（内容太长，其余未显示）"
)
