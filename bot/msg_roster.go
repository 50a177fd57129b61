package bot

import "github.com/zhibu/zhibu"

// What each action is called in a refusal: "只有书记、副书记可以<verb>。"
var actionVerbs = map[zhibu.Action]string{
	zhibu.ActViewRoster:        "查看名册",
	zhibu.ActViewRosterDetails: "查看详细名册",
	zhibu.ActManageRoster:      "管理名册",
	zhibu.ActDecideJoin:        "审批加入申请",
	zhibu.ActAssignRole:        "任免职务",
	zhibu.ActRenameBranch:      "修改支部名称",
	zhibu.ActScheduleMeeting:   "安排会议",
	zhibu.ActManageAttendance:  "管理考勤",
	zhibu.ActViewAttendance:    "查看全体出勤",
	zhibu.ActWriteMinutes:      "写会议记录",
	zhibu.ActExport:            "导出台账",
	zhibu.ActReviewPledge:      "审核和评议承诺",
	zhibu.ActCallPledges:       "征集承诺",
	zhibu.ActPledgeStats:       "查看承诺统计",
	zhibu.ActManageCampaign:    "安排活动阶段、三会一课要求和支部提醒",
}

const (
	msgForbiddenAction = "只有%s可以%s。"

	msgJoinUsage        = "请写上你的真实姓名，例如：/join 张三"
	msgJoinAsked        = "已收到 %s 的申请，等待支委审批。"
	msgJoinAgain        = "<b>加入申请（再次提交）</b>\n%s 申请以“%s”加入本支部名册，仍在等待审批。\n支委请选择身份批准，或拒绝："
	msgJoinRequest      = "<b>加入申请</b>\n%s 申请以“%s”加入本支部名册。%s\n支委请选择身份批准，或拒绝："
	msgJoinOnRoster     = "\n名册上已有“%s”，批准后将关联此账号。"
	msgJoinApproved     = "<b>加入申请</b>\n%s 以“%s”加入名册，身份：%s。\n审批：%s"
	msgJoinRejected     = "<b>加入申请</b>\n%s 申请以“%s”加入，未获批准。\n审批：%s"
	msgJoinWelcome      = "欢迎 %s 同志加入名册（%s）。发送 /help 看看能做什么。"
	msgJoinWelcomeNamed = "欢迎 %s 加入名册（%s）。发送 /help 看看能做什么。"
	msgJoinSorry        = "%s，你的加入申请未获批准。如有疑问，请联系支委。"
	msgJoinDoneAck      = "已处理。"
	btnReject           = "拒绝"

	msgRosterTitle       = "<b>%s 名册</b>（%d 人）"
	msgRosterEmpty       = "名册还是空的。请用 /roster add 姓名 添加，或 /roster import 导入。"
	msgRosterLine        = "%d. %s"
	msgRosterDetail      = "%d. %s｜%s｜%s｜%s｜%s"
	msgRosterHeader      = "序号. 姓名｜状态｜党小组｜职务｜账号"
	msgLinked            = "已关联"
	msgAccountID         = `<a href="tg://user?id=%d">ID %d</a>`
	msgUnlinked          = "未关联"
	msgRosterNeedPrivate = "详细名册只私下发给支委。请先点下面的按钮和我私聊（发送 /start），再回群里发送 /roster。"
	btnOpenPrivate       = "和支部助手私聊"

	msgRosterUsage       = "名册命令：\n/roster 查看名册\n/roster add 姓名 [状态] [党小组]\n/roster set 姓名 状态|党小组|免于考勤|姓名 新值\n/roster remove 姓名\n/roster unlink 姓名（解除关联的 Telegram 账号）\n/roster import（发送 CSV 文件，说明写 /roster import）"
	msgRosterAdded       = "已把 %s 加入名册（%s%s）。"
	msgRosterSet         = "已更新 %s 的%s：%s → %s。"
	msgRosterSetDone     = "已更新 %s 的%s。"
	msgRosterRemoved     = "已把 %s 移出名册。历史记录仍保留，以后的会议不再计入应到。"
	msgRosterAddUsage    = "用法：/roster add 姓名 [状态] [党小组]，例如 /roster add 张三 预备党员 第一党小组"
	msgRosterSetUsage    = "用法：/roster set 姓名 设置项 新值，例如 /roster set 张三 党小组 第一党小组"
	msgRosterRemoveUsage = "用法：/roster remove 姓名，例如 /roster remove 张三"
	msgRosterMemberUsage = "用法：/roster 查看名册。"
	msgRemoveTitle       = "<b>确认移出名册？</b>"
	msgRemoveConfirm     = msgRemoveTitle + "\n%s 现任%s。移出名册将同时免去其职务，历史记录仍保留。"
	msgRemoveCancelled   = "已取消，没有移出任何人。"
	msgRemoveExpired     = "这个确认已超时，没有移出任何人。需要时请重新发送 /roster remove 姓名。"
	btnConfirmRemove     = "确认移出"
	msgRemovedAck        = "已移出 %s。"

	msgRoleUsage   = "用法：/role 姓名 职务，例如 /role 张三 组织委员。职务可写：书记、副书记、组织委员、宣传委员、纪检委员、党小组长、无。"
	msgRoleSet     = "已任命 %s 为%s。"
	msgRoleCleared = "已免去 %s 的职务。"

	msgImportUsage   = "请把名册 CSV 文件作为“文件”发送，并在说明里写 /roster import。\n表头：姓名,状态,党小组,职务（状态、党小组、职务可留空）。\n例如：\n姓名,状态,党小组,职务\n张三,正式党员,第一党小组,组织委员\n李四,预备党员,第一党小组,"
	msgImportTooBig  = "文件太大了（超过 1 MB）。名册文件通常只有几 KB，请检查是否发错了文件。"
	msgImportNotUTF8 = "文件编码不是 UTF-8，中文会变成乱码。请在 Excel 里“另存为 → CSV UTF-8（逗号分隔）”后重新发送。"
	msgImportNotCSV  = "这不是 CSV 表格文件，或缺少“姓名”列。" + "请在 Excel 里“另存为 → CSV UTF-8（逗号分隔）”，第一行写表头：姓名,状态,党小组,职务"
	msgImportXLSX    = "暂不支持直接导入 Excel 文件。请在 Excel 里“另存为 → CSV UTF-8（逗号分隔）”后发送 CSV 文件。"
	msgImportNoRows  = "文件里只有表头，没有名单。"
	msgImportTooMany = "文件行数太多（最多 2000 行）。"
	msgImportBad     = "名册文件有 %d 处问题，<b>没有导入任何内容</b>。请改正后重新发送：\n%s"
	msgImportBadLine = "第 %d 行：%s"
	msgImportMore    = "……另有 %d 处问题未列出。"
	msgImportDone    = "名册导入完成：新增 %d 人，更新 %d 人，未变 %d 人。"
	msgImportDupName = "姓名与前面的行重复。"
)

// Unlinking a roster entry's Telegram account: /roster unlink, and a removed
// entry restored without its account.
const (
	msgRosterAddedUnlinked = "原来关联的 Telegram 账号已解除，本人需重新发送 /join %s。"
	msgImportUnlinked      = "%s 原来关联的 Telegram 账号已解除，本人需重新发送 /join 姓名。"
	msgRosterUnlinkUsage   = "用法：/roster unlink 姓名，例如 /roster unlink 张三"
	msgUnlinkTitle         = "<b>确认解除关联？</b>"
	msgUnlinkConfirm       = msgUnlinkTitle + "\n将解除名册上“%s”关联的 Telegram 账号：该账号不能再以“%s”的身份使用支部助手，本人需重新发送 /join %s，经支委批准后重新关联。"
	msgUnlinkOffice        = "\n%s 现任%s，解除后该账号不再有这一职务的权限。"
	msgUnlinkCancelled     = "已取消，没有解除任何关联。"
	msgUnlinkExpired       = "这个确认已超时，没有解除任何关联。需要时请重新发送 /roster unlink 姓名。"
	btnConfirmUnlink       = "确认解除"
	msgRosterUnlinked      = "已解除 %s 关联的 Telegram 账号。本人需重新发送 /join %s，经支委批准后重新关联。"
	msgUnlinkedAck         = "已解除 %s 的关联。"
	msgUnlinkedYou         = "你的 Telegram 账号已不再关联%s名册上的“%s”。如有疑问，请联系支委。"
	msgNotLinked           = "“%s”没有关联 Telegram 账号，无需解除。"
)

const msgJoinCannotLink = "无法批准：申请人已在名册上，或这个姓名已关联其他账号。请核对名册（/roster）后再处理。"

// Offices: linking an account to an entry that holds one, removing it.
const (
	msgJoinOfficeRequest  = "<b>加入申请</b>\n%s 申请以“%s”加入本支部名册。" + msgJoinOfficeNote + "\n书记请核实是本人后选择身份批准，或拒绝："
	msgJoinOfficeAgain    = "<b>加入申请（再次提交）</b>\n%s 申请以“%s”加入本支部名册，仍在等待审批。" + msgJoinOfficeNote + "\n书记请核实是本人后选择身份批准，或拒绝："
	msgJoinOfficeNote     = "\n名册上的“%s”担任%s，批准后此账号将获得该职务，只有书记可以批准。"
	msgJoinOfficeTell     = "<b>有职务的名册条目申请关联账号</b>\n%s 申请以“%s”加入%s名册。名册上的“%s”担任%s，批准后此账号将获得该职务。\n只有书记可以批准：请先核实是本人，再到群里的申请上选择身份批准，或拒绝。"
	msgJoinApprovedOffice = "<b>加入申请</b>\n%s 以“%s”加入名册，身份：%s，职务：%s。\n审批：%s"

	msgOfficeLink     = "“%s”担任%s，只有书记可以批准关联此账号。"
	msgOfficeUnlink   = "“%s”担任%s，只有书记可以更换或解除其关联的账号。"
	msgOfficeRemove   = "%s 现任%s，只有书记可以把有职务的同志移出名册。"
	msgOwnJoin        = "不能审批自己的加入申请，请等待支委处理。"
	msgSecretaryNoAcc = "支部的其他书记都还没有关联 Telegram 账号，这样改之后就没有人能管理支部了。请先让他们发送 /join 姓名，由你批准后再操作。"
)
