package bot

import "github.com/zhibu/zhibu"

// Campaign, compliance and reminder command texts of the catalogue.
const (
	msgCampaignUsage = "活动与阶段：\n/campaign new 名称 — 新建活动\n/campaign [编号] — 查看阶段与进度\n" +
		"/stage add 活动编号 阶段名 开始 结束 [要求…] — 要求可写：承诺、提交:学习心得、会议:党员大会\n" +
		"也可把整份计划一次发来：/stage add 活动编号 换行后每行写“阶段名 开始 结束 [要求…]”\n/submit 阶段编号 内容 — 提交本阶段材料"
	msgCampaignMade     = "已新建活动 #%d “%s”。下一步用 /stage add %d 阶段名 开始 结束 添加阶段。"
	msgCampaignNone     = "还没有活动。支委可以用 /campaign new 名称 新建。"
	msgCampaignTitle    = "<b>%s</b>"
	msgCampaignsTitle   = "<b>活动</b>"
	msgCampaignLine     = "#%d %s（%d 个阶段）"
	msgStageLine        = "阶段 #%d %s｜%s—%s｜%s%s"
	msgStageUpcoming    = "未开始"
	msgStageActive      = "进行中"
	msgStageEnded       = "已结束"
	msgStagesAdded      = "已添加 %d 个阶段：\n%s"
	msgStageLineShort   = "阶段 #%d %s（%s—%s）%s"
	msgStageUsage       = "用法：/stage add 活动编号 阶段名 开始 结束 [要求…]，例如 /stage add 1 学习动员 2026-12-01 2026-12-15 承诺 提交:学习心得"
	msgStageBadLine     = "第 %d 个阶段看不懂：“%s”。格式：阶段名 开始 结束 [要求…]，日期如 2026-12-01 或 12月1日。"
	msgStageOrder       = "阶段“%s”的结束日期（%s）早于开始日期（%s）。格式：阶段名 开始 结束。"
	msgStageOverlap     = "阶段“%s”（%s至%s）和阶段“%s”（%s至%s）重叠了。请调整日期（相邻阶段可以首尾相接）。"
	msgStageNotFound    = "本支部没有阶段 #%d。发送 /campaign 查看。"
	msgCampaignNotFound = "本支部没有活动 #%d。发送 /campaign 查看。"
	msgReqUnknown       = "不认识的要求“%s”。可写：承诺、提交:学习心得、会议:党员大会。"
	msgSubmitUsage      = "用法：/submit 阶段编号 内容，例如 /submit 2 学习心得：……"
	msgSubmitted        = "已收到 %s 在阶段 #%d “%s”的提交。"
	msgStageClosed      = "阶段 #%d 不在进行中，现在不能提交。"
	msgNoSubmit         = "阶段 #%d 没有要求提交材料。"

	msgComplianceTitle = "<b>三会一课落实情况</b>（%s）"
	msgComplianceItem  = "%s %s%s｜%s：%s"
	msgHeldOn          = "已召开（%s）"
	msgDueIn           = "待召开，%s"
	msgRemaining       = "还剩 %d 天"
	msgLastDay         = "今天是最后一天"
	msgMissed          = "未召开"
	msgToClose         = "#%s 已开始但还没结束，请发送 /close 编号 结束会议后才计入"
	msgUncountedEmpty  = "#%d 无人出席，不计入"
	msgUncountedQuorum = "#%d 到会人数未过半（实到 %d 人，应到有表决权的 %d 人），不计入"
	msgMadeUp          = "补开（%s）"
	msgComplianceNone  = "本支部没有设置三会一课要求。"

	msgRulesTitle = "<b>三会一课要求</b>（/rules 类型 每月|每季度|每年|不要求 可修改）"
	msgRuleLine   = "• %s：%s"
	msgRuleSet    = "已将%s的要求改为：%s。"
	msgRulesUsage = "用法：/rules 会议类型 每月|每季度|每年|不要求，例如 /rules 党课 每季度；/rules 免打扰 22:00-07:30；/rules 会议提醒 24小时 1小时"
	msgCadenceBad = "频率只能是：每月、每季度、每年、不要求。"
	msgQuietLine  = "• 免打扰：%s—%s（期间群里只发临近会议的提醒，其余等到结束；个人提醒照常私聊）"
	msgLeadsLine  = "• 会议提醒：会前 %s"
	msgQuietUsage = "用法：/rules 免打扰 22:00-07:30，或 /rules 免打扰 无"
	msgQuietSet   = "免打扰时段已改为 %s—%s。"
	msgLeadsUsage = "用法：/rules 会议提醒 24小时 1小时（1 到 4 个，每个在 10分钟 到 7天 之间）"
	msgLeadsSet   = "会议提醒改为会前 %s。"

	msgRemindUsage = "提醒：\n/remind 何时 内容 — 例如 /remind 明天上午9点 交党费；/remind 每月1日9点 交党费；/remind 工作日每天8点半 学习强国\n" +
		"支持：每天 9点、每周五下午3点、每月1日9点、每月最后一天、每月最后一个工作日、每季度末、每季度第一个月10日、每半年、每年七一、工作日每天8点半，或 cron 分 时 日 月 周\n" +
		"/reminders 查看；/remind 删除|暂停|恢复 编号。支委设的是支部提醒（发到群里），其他同志设的是个人提醒（私聊发给自己）。"
	msgRemindMade        = "已设置提醒 #%d（%s）：%s\n下次：%s"
	msgRemindScope       = "支部提醒"
	msgRemindScopeMine   = "个人提醒，私聊发送"
	msgHiddenText        = "（个人提醒，内容只在私聊里显示）"
	msgHiddenEcho        = "（内容不在群里显示）"
	msgUpcomingPersonal  = "个人提醒（内容不公开）"
	msgRemindPast        = "提醒时间已经过去了。"
	msgRemindTooOften    = "提醒太频繁了：两次提醒至少间隔 10 分钟。"
	msgRemindNever       = "这个提醒永远不会触发，请检查时间。"
	msgRemindTooManyMine = "你的个人提醒已达上限（%d 个）。请先用 /reminders 查看，再用 /remind 删除 编号 删掉不用的。"
	msgRemindTooMany     = "本支部的提醒已达上限（%d 个）。请先用 /remind 删除 编号 删掉不用的。"
	msgRemindEmpty       = "请写上提醒内容，例如 /remind 每月1日9点 交党费。"
	msgRemindTooLong     = "提醒内容太长了（最多 %d 个字）。"
	msgRemindNotFound    = "没有 #%d 号提醒，或不是你能管理的提醒。发送 /reminders 查看。"
	msgRemindState       = "已%s提醒 #%d。"
	msgRemindersTitle    = "<b>提醒</b>"
	msgRemindersNone     = "还没有提醒。用 /remind 何时 内容 设置。"
	msgReminderLine      = "#%d %s｜%s｜%s｜下次：%s"
	msgReminderPaused    = "已暂停"
	msgCronBad           = "cron 格式看不懂：“%s”。请写 5 段：分 时 日 月 周，例如 cron 0 9 1 * *；不要写 TZ=。"

	msgUpcomingTitle = "<b>接下来机器人会发的提醒</b>"
	msgUpcomingNone  = "接下来 60 天没有要发的提醒。"
	msgUpcomingLine  = "%s｜%s"
)

// Upcoming kind labels.
// How /upcoming names a reminder's subject.
const (
	msgUpcomingMeeting = "%s #%d"
	msgUpcomingPledge  = "%s 承诺#%d"
	msgUpcomingStage   = "%s 阶段#%d"
	msgUpcomingCustom  = "%s：%s"
)

var kindLabels = map[zhibu.OccurrenceKind]string{
	zhibu.KindMeetingLead:   "会议提醒",
	zhibu.KindCheckIn:       "会议签到",
	zhibu.KindPledgeDue:     "承诺到期提醒（私聊）",
	zhibu.KindPledgeDigest:  "承诺到期汇总",
	zhibu.KindOverdueDigest: "支委周报：逾期承诺、未结束的会议",
	zhibu.KindCallNag:       "承诺征集提醒",
	zhibu.KindStageStart:    "阶段开始",
	zhibu.KindStageSoon:     "阶段截止提醒",
	zhibu.KindStageSummary:  "阶段小结",
	zhibu.KindCompliance:    "三会一课检查（书记）",
	zhibu.KindAbsence:       "出勤关注（书记）",
	zhibu.KindCustom:        "自定义提醒",
	zhibu.KindCloseNag:      "结束会议提醒（私聊）",
	zhibu.KindHolidays:      msgHolidaysLabel,
}
