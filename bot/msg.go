package bot

import "github.com/zhibu/zhibu"

// The message catalogue: every Chinese sentence the bot sends lives in the
// msg*.go files of this package. Texts are HTML (parse mode HTML); the %s
// verbs receive fragments that callers have already escaped with esc.

// giveUpKinds names the kinds of messages in a note about one given up.
var giveUpKinds = map[string]string{
	"reply":           "对命令或按钮的回复",
	"meeting_lead":    "会议提醒",
	"meeting_checkin": "会议签到提醒",
	"pledge_due":      "承诺到期提醒",
	"pledge_digest":   "承诺到期汇总",
	"pledge_overdue":  "逾期承诺汇总",
	"call_nag":        "承诺征集提醒",
	"stage_start":     "活动转段通知",
	"stage_soon":      "活动阶段提醒",
	"stage_summary":   "活动阶段小结",
	"compliance":      "三会一课提醒",
	"absence":         "出勤关注提醒",
	"meeting_close":   "结束会议提醒",
	"custom":          "自定义提醒",
}

// giveUpWhy says in words why a message was given up.
var giveUpWhy = map[zhibu.GiveUp]string{
	zhibu.GaveUpFailing:  "多次发送都失败（Telegram 或网络故障）",
	zhibu.GaveUpRejected: "Telegram 拒绝了这条消息",
	zhibu.GaveUpExpired:  "等待太久，已过时效",
}

const (
	msgApology = "抱歉，出了点问题，请稍后再试。"
	msgTooFast = "你发送得太快了，我先不处理后面的消息。请稍等片刻，每隔几秒发一条就好。"

	msgGiveUpNote          = "⚠️ 有一条消息未能送达（%s）。\n内容：%s\n发给：%s\n原因：%s\n如有需要，请提醒对方重新操作。一小时内再有未送达的消息不再逐条通知，总数可发送 /branch 查看。"
	msgDetailSentPrivately = "详情已私信发给你。"
	msgGiveUpAnswer        = "对 %s 的回复"
	msgAboutCommand        = "%s 发送的 /%s"
	msgAboutPress          = "%s 按下的按钮"
	msgAboutMessage        = "%s 的回复消息"
	msgGroupForbidden      = "⚠️ 我在“%s”的群里发不出消息了（可能被移出群或被禁止发言），支部已暂停使用，记录都在。把我重新拉进群后，群管理员发送 /setup 支部名称 即可恢复。"
	msgGiveUpGroup         = "本支部的群"
	msgGiveUpUnknown       = "一位不在名册上的人"
	msgGiveUpOther         = "其他消息"
	msgMonthUndelivered    = "\n本月有 %d 条消息未能送达。"
	msgTooFastPress        = "操作太频繁，请稍后再试。"
	msgGroupOnly           = "这个命令要在支部群里使用。请把我加入支部的群聊，在群里发送 /%s。"
	msgUnknownCmd          = "没有这个命令：/%s。发送 /help 查看可用的命令。"
	msgAnonymous           = "我看不出是谁在发言：请先关闭“匿名管理员”身份，再发送这个命令。"
	msgSentAsChannel       = "这条消息是以频道“%s”的身份发出的，我看不出是谁在发言：请切换回你自己的账号再发送。"
	msgBusyButton          = "这个按钮已失效或不属于本群。"
	msgOldButton           = "这个按钮已失效。请重新发送命令。"
	msgNoBranch            = "本群还没有登记支部。请群管理员发送：/setup 支部名称，例如 /setup 第一党支部。"
	msgInactive            = "本群的支部已停用。请群管理员发送 /setup 支部名称 重新启用。"
	msgNotMember           = "你还不在本支部名册上。请发送 /join 你的姓名 申请加入，例如 /join 张三。"
	msgNotChatAdmin        = "只有本群的管理员才能登记支部。请让群管理员发送 /setup 支部名称。"
	msgForbidden           = "只有%s可以这样做。"

	msgGreeting = "大家好，我是<b>支部助手</b>，帮助支部记录名册、会议和承诺。\n\n" +
		"开始使用：请<b>群管理员</b>发送\n/setup 支部名称\n例如 /setup 第一党支部。发送者将成为支部书记。\n\n" +
		"之后同志们发送 /join 自己的姓名 申请加入名册，由支委审批。发送 /help 查看全部命令。"
	msgWelcomeBack = "我回来了。支部“%s”已重新启用，以前的记录都在。发送 /help 查看命令。"

	msgSetupDone = "支部“%s”登记成功。\n书记：%s\n时区：%s\n\n" +
		"下一步：\n• 同志们发送 /join 姓名 申请加入，由支委审批；\n• 或书记用 /roster add 姓名 逐个添加，/roster import 批量导入；\n• /role 姓名 职务 设置支委。"
	msgSetupRenamed  = "支部名称已由“%s”改为“%s”。"
	msgSetupSameName = "支部名称本来就是“%s”，没有改动。"
	msgSetupUsage    = "请写上支部名称，例如：/setup 第一党支部"

	msgBranch         = "<b>%s</b>\n支委和党小组长：\n%s\n党员人数：%d%s\n时区：%s"
	msgBranchOthers   = "（另有入党积极分子、发展对象 %d 人）"
	msgBranchNoOffice = "（尚未设置）"

	msgWhoAmI = "姓名：%s\n状态：%s\n党小组：%s\n职务：%s%s\n支部：%s"
	msgExempt = "\n免于考勤：%s"
	msgNone   = "无"

	// A member whose record holds what is theirs and the officers' only
	// (留党察看, an exemption) reads it privately.
	msgWhoAmISent        = "你的名册信息已私信发给你。"
	msgWhoAmINeedPrivate = "你的名册信息只私下发给本人。请先点下面的按钮和我私聊（发送 /start），再回群里发送 /whoami。"

	msgMigrated = "本群已升级为超级群，支部记录已随群迁移。"
)

// Help texts.
const (
	msgHelpIntro          = "我是<b>支部助手</b>：在群里记录支部名册、三会一课和公开承诺，并按时提醒。\n"
	msgHelpGroup          = "你在本群可以使用的命令："
	msgHelpGuest          = "你还不在本支部名册上，可以使用："
	msgHelpOfficerPrivate = "支委的命令（安排会议、审核承诺、统计、导出等）较多，请私聊我发送 /help 查看，不占群里的篇幅。"
	msgHelpPrivate        = "私聊中可以使用：\n/help 查看帮助\n\n大部分命令要在支部群里使用。把我加入支部群后，请群管理员发送 /setup 支部名称。"
	msgHelpPrivateMember  = "你在私聊里为「%s」办理，可以使用（逐步填写的会议表单请在群里用；一行写完的 /meeting 在这里也行，通知发到群里）："
	msgHelpRemindPrivate  = "/remind 何时 内容 — 设置只提醒你自己的提醒（在群里，支委设置的是支部提醒）"
	msgStartMember        = "%s同志，你好！我是「%s」的支部助手。\n在这里可以私下办理：\n" +
		"• /meetings 查看会议，点按钮答复参加或请假\n• /checkin 签到\n• /attendance 我的出勤\n" +
		"• /pledge 提交承诺，/pledges 我 查看我的承诺\n• /remind 设置只提醒你自己的提醒\n" +
		"需要私下告诉你的事（提醒、审核结果）也会发到这里。发送 /help 查看全部命令。"
	msgStartOfficer    = "\n\n作为支委，查询、审核和导出（/pledges 待审、/attendance、/export 等）都可以在这里办，不打扰群里。"
	msgStartSwitch     = "\n\n你在 %d 个支部的名册上，发送 /branch 可以切换。"
	msgStartSeveral    = "你好！你在 %d 个支部的名册上。"
	msgChooseBranch    = "这件事要为哪个支部办理？请点一下（以后在私聊里都按这个支部办，发送 /branch 可以再换）："
	msgBranchChosen    = "好的，私聊里现在办理「%s」的事。"
	msgBranchNotYours  = "你不在这个支部的名册上。"
	msgBranchSwitch    = "你在 %d 个支部的名册上，私聊里现在办理的是：%s。要换，请点一下："
	msgPrivateNoBranch = "你还不在任何支部的名册上，这里还办不了。\n请在支部群里发送 /join 你的姓名 申请加入；批准后，就可以在这里私下使用了。"
	msgPrivateHint     = "我只认得命令。发送 /help 查看可以用的命令；要答复会议，发送 /meetings 后点按钮。"
	msgScheduleInGroup = "逐步填写的会议表单请在支部群里发送 /meeting。私聊里可以用一行安排：/meeting 类型 时间 地点:… 议题:…，确认后通知发到群里。"
	msgStartPrivate    = "你好！我是支部助手。\n私聊已开启，以后需要私下告诉你的事（如详细名册、提醒）会发到这里。\n\n" +
		"把我加入支部的群聊后，请群管理员发送 /setup 支部名称。发送 /help 查看帮助。"
)

// Validation and error texts.
const (
	msgNameEmpty         = "请写上姓名，例如：%s"
	msgNameTooLong       = "%s太长了（最多 %d 个字，这里有 %d 个字）：“%s”。"
	msgNameInvalid       = "“%s”里有空格或特殊字符。%s请写成一个词，例如 张三 或 买买提·艾力。"
	msgStatusUnknown     = "不认识的状态“%s”。可写：正式党员、预备党员、留党察看、发展对象、入党积极分子。"
	msgRoleUnknown       = "不认识的职务“%s”。可写：书记、副书记、组织委员、宣传委员、纪检委员、党小组长，或 无。"
	msgExemptUnknown     = "免于考勤只能写：是、否、年老体弱、流动党员。"
	msgSettingUnknown    = "不能设置“%s”。可设置：姓名、状态、党小组、免于考勤。例如：/roster set 张三 党小组 第一党小组"
	msgValueEmpty        = "请写上%s。"
	msgNotFoundName      = "名册上没有“%s”。发送 /roster 查看名册。"
	msgNameTaken         = "名册上已经有“%s”了。如需区分同名同志，可写成 张三2 或 张三（机关）。"
	msgRemoved           = "“%s”已移出名册。"
	msgRemovedRestore    = "如需恢复，请用 /roster add %s。"
	msgLastSecretary     = "支部至少要保留一名书记。"
	msgLastSecretaryFix  = "请先用 /role 姓名 书记 任命另一位书记。"
	msgOfficeNeedsMember = "只有党员（正式党员、预备党员）才能担任支部职务。"
	msgAlreadyMember     = "你已经在本支部名册上了。发送 /whoami 查看。"
	msgJoinPending       = "你的入党（名册）申请正在等待支委审批，请耐心等候。"
	msgNameLinked        = "名册上的“%s”已经关联了另一个账号。如有错误，请联系支委。"
	msgAlreadyDecided    = "这份申请已经处理过了。"
	msgCannotEmpty       = "请写明承诺无法兑现的原因，例如 /cannot 编号 工作调动到外地，无法继续走访。原因会转给支委。"
)

// Field labels for validation messages.
var fieldLabels = map[string]string{
	"place":       "地点",
	"topic":       "议题",
	"lecturer":    "主讲人",
	"reason":      "原因",
	"minutes":     "会议记录",
	"name":        "姓名",
	"branch_name": "支部名称",
	"group":       "党小组名称",
	"status":      "状态",
	"role":        "职务",
	"exempt":      "免于考勤",
	"setting":     "设置项",
	"header":      "表头",

	zhibu.FieldCampaignName: "活动名称",
	zhibu.FieldCancelReason: "取消原因",
	zhibu.FieldStageName:    "阶段名称",
	zhibu.FieldCallText:     "征集说明",
	zhibu.FieldSubmission:   "提交的材料",
	zhibu.FieldCannotReason: "无法兑现的原因",
	zhibu.FieldMeetingType:  "会议类型",
	zhibu.FieldStart:        "会议时间",
	zhibu.FieldEnd:          "结束时间",
	zhibu.FieldHost:         "主持人",
	zhibu.FieldTimeZone:     "时区",
}

const msgHeaderUnknown = "表头“%s”不认识。表头只能是：姓名,状态,党小组,职务"
