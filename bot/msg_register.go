package bot

// Texts of branch registration: the group asking, the server operators
// deciding in private, and /branches.
const (
	msgRegPending = "已提交服务器管理员审批：本群申请登记支部“%s”，申请人 %s。批准后本群会收到通知，请耐心等待。"
	msgRegAgain   = "本群登记支部“%s”的申请已在等待服务器管理员审批，不必重复发送。"
	msgRegClosed  = "本服务器暂不接受新支部登记。如需使用，请联系部署机器人的信息化管理员。"
	msgRegRefused = "很抱歉，服务器管理员没有批准本群登记支部“%s”。如有疑问，请联系部署机器人的信息化管理员。我将退出本群。"
	// msgRegUnreached goes to the group instead of a notice an operator
	// could not receive privately (they never started the bot).
	msgRegUnreached = "审批通知没能私信送到一位服务器管理员（对方还没有和机器人私聊过）。申请仍在等待；如久无回音，请联系部署机器人的信息化管理员。"
	// msgGreetingApproval follows the greeting when new branches need an
	// operator's approval.
	msgGreetingApproval = "\n\n本服务器登记新支部需经服务器管理员审批。"
	// msgGreetingClosed is the greeting of a server that takes no new
	// branch: no invitation to a /setup it would refuse.
	msgGreetingClosed = "大家好，我是<b>支部助手</b>，帮助支部记录名册、会议和承诺。\n\n" + msgRegClosed
	// msgRegWaiting answers every command in a group whose request waits.
	msgRegWaiting = "本群的支部登记正在等待服务器管理员审批，批准后即可使用。"

	msgRegNotice = "<b>新支部登记申请 #%d</b>\n群：%s（id %d）\n支部名称：%s\n申请人：%s（id %d）\n群管理员：\n%s\n\n批准后申请人成为支部书记，本群开始使用机器人。"
	msgRegAdmin  = "• %s，id %d，%s"
	msgRegOwner  = "群主"
	msgRegAdm    = "管理员"
	// msgRegNoAdmins stands for the list when Telegram would not give it.
	msgRegNoAdmins    = "• （未能读取，请在群里核实）"
	msgRegSummary     = "#%d 群“%s”（id %d）申请登记支部“%s”，申请人 %s"
	msgRegApproved    = "已批准，审批人：%s。"
	msgRegRefusedBy   = "已拒绝，审批人：%s。"
	msgRegWithdrawn   = "申请已撤回：机器人已离开该群，或该群已另行登记。"
	msgRegAckApproved = "已批准。"
	msgRegAckRefused  = "已拒绝，群里已收到通知。"
	msgRegAlready     = "这个申请已经处理过了：%s"
	// msgRegDecided is added to an operator's card once it is decided.
	msgRegDecided  = "#%d 审批结果：%s"
	btnRegApprove  = "批准"
	btnRegRefuse   = "拒绝"
	btnRegApproveN = "批准 #%d"
	btnRegRefuseN  = "拒绝 #%d"

	msgNotOperator     = "只有服务器管理员可以这样做。"
	msgBranchesPrivate = "请在和机器人的私聊中发送 /branches。"
	msgBranchesList    = "<b>本服务器的支部</b>（%d 个）：\n%s\n\n<b>待审批的登记申请</b>（%d 个）：\n%s"
	msgBranchesNone    = "（还没有）"
	msgBranchesLine    = "• %s — 群 id %d，%s"
	msgBranchActive    = "使用中"
	msgBranchInactive  = "已停用（机器人被移出群）"

	// What an operator's private /start and /help add.
	msgStartOperatorWaiting = "\n\n你是本服务器的管理员。有 %d 份新支部登记申请在等待你审批，下面逐份发给你，点“批准”或“拒绝”即可；" +
		"发送 /branches 可查看全部支部和申请。"
	msgStartOperatorMany = "\n\n你是本服务器的管理员。有 %d 份新支部登记申请在等待你审批，下面发给你最早的 %d 份，点“批准”或“拒绝”即可；" +
		"其余的请发送 /branches 查看。"
	msgStartOperatorIdle   = "\n\n你是本服务器的管理员：新支部的登记申请会私信发给你审批；发送 /branches 可查看全部支部和待审批的申请。"
	msgHelpBranches        = "/branches — 本服务器的全部支部和待审批的登记申请（服务器管理员）"
	msgHelpPrivateOperator = "私聊中可以使用：\n/help 查看帮助\n/branches 查看本服务器的全部支部和待审批的登记申请（服务器管理员）\n\n" +
		"大部分命令要在支部群里使用。把我加入支部群后，请群管理员发送 /setup 支部名称。"
)

// Texts the zhibu command prints about registration, for the person who
// deploys it; each is one line.
const (
	CLIBadOperators    = "zhibu: ZHIBU_OPERATORS 里的 %q 不是 Telegram 用户 id：请写数字，用逗号分隔，例如 ZHIBU_OPERATORS=123456789,987654321（在 Telegram 里向 @userinfobot 发消息可查到自己的 id）。"
	CLIBadRegistration = "zhibu: 不认识的登记方式 %q：可写 approval（服务器管理员审批，默认）、open（任何群管理员直接登记）、closed（不接受新支部）。"
	CLINoOperators     = "zhibu: 注意：登记方式是 approval（服务器管理员审批），但没有设置 ZHIBU_OPERATORS，因此暂不接受任何新支部登记（已登记的支部照常使用）。请把服务器管理员的 Telegram 用户 id 写进 ZHIBU_OPERATORS（逗号分隔）后重启；他们需先私聊机器人发送 /start。"
)
