package bot

import (
	"context"
	"errors"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// command is one slash command.
type command struct {
	name        string
	groupOnly   bool
	anyChat     bool // needs no branch in private (/start, /help)
	needsSender bool // refuses anonymous admins, who cannot be identified
	run         func(*request) error
}

func (b *Bot) commandTable() map[string]*command {
	cs := []*command{
		{name: "start", anyChat: true, run: b.cmdStart},
		{name: "help", anyChat: true, run: b.cmdHelp},
		{name: "setup", groupOnly: true, needsSender: true, run: b.cmdSetup},
		{name: "branch", anyChat: true, run: b.cmdBranchAny},
		{name: "branches", anyChat: true, needsSender: true, run: b.cmdBranches},
		{name: "join", groupOnly: true, needsSender: true, run: b.cmdJoin},
		{name: "whoami", needsSender: true, run: b.cmdWhoAmI},
		{name: "roster", needsSender: true, run: b.cmdRoster},
		{name: "role", needsSender: true, run: b.cmdRole},
		{name: "meeting", needsSender: true, run: b.cmdMeeting},
		{name: "meetings", run: b.cmdMeetings},
		{name: "checkin", needsSender: true, run: b.cmdCheckIn},
		{name: "leave", needsSender: true, run: b.cmdLeave},
		{name: "close", needsSender: true, run: b.cmdClose},
		{name: "minutes", needsSender: true, run: b.cmdMinutes},
		{name: "attendance", needsSender: true, run: b.cmdAttendance},
		{name: "export", needsSender: true, run: b.cmdExport},
		{name: "pledge", needsSender: true, run: b.cmdPledge},
		{name: "pledges", needsSender: true, run: b.cmdPledges},
		{name: "pledgecall", needsSender: true, run: b.cmdPledgeCall},
		{name: "progress", needsSender: true, run: b.cmdProgress},
		{name: "done", needsSender: true, run: b.cmdDone},
		{name: "cannot", needsSender: true, run: b.cmdCannot},
		{name: "review", needsSender: true, run: b.cmdReview},
		{name: "campaign", needsSender: true, run: b.cmdCampaign},
		{name: "stage", needsSender: true, run: b.cmdStage},
		{name: "submit", needsSender: true, run: b.cmdSubmit},
		{name: "rules", needsSender: true, run: b.cmdRules},
		{name: "compliance", needsSender: true, run: b.cmdCompliance},
		{name: "remind", needsSender: true, run: b.cmdRemind},
		{name: "reminders", needsSender: true, run: b.cmdReminders},
		{name: "upcoming", needsSender: true, run: b.cmdUpcoming},
	}
	m := make(map[string]*command, len(cs))
	for _, c := range cs {
		m[c.name] = c
	}
	return m
}

// helpEntry is one line of /help. A guest line shows to people not on the
// roster; a line with need shows to members whose role allows it; a line
// with neither shows to everyone.
type helpEntry struct {
	usage, desc string
	guest       bool
	member      bool
	need        zhibu.Action
}

var helpEntries = []helpEntry{
	{usage: "/join 姓名", desc: "申请加入支部名册", guest: true},
	{usage: "/whoami", desc: "我的名册信息", member: true},
	{usage: "/branch", desc: "支部概况"},
	{usage: "/roster", desc: "查看名册", need: zhibu.ActViewRoster},
	{usage: "/roster add 姓名 [状态] [党小组]", desc: "添加同志", need: zhibu.ActManageRoster},
	{usage: "/roster set 姓名 设置项 新值", desc: "修改姓名、状态、党小组、免于考勤", need: zhibu.ActManageRoster},
	{usage: "/roster remove 姓名", desc: "移出名册（保留历史）", need: zhibu.ActManageRoster},
	{usage: "/roster unlink 姓名", desc: "解除关联的 Telegram 账号（本人需重新 /join）", need: zhibu.ActManageRoster},
	{usage: "/roster import", desc: "发送 CSV 文件批量导入", need: zhibu.ActManageRoster},
	{usage: "/role 姓名 职务", desc: "任免职务", need: zhibu.ActAssignRole},
	{usage: "/setup 支部名称", desc: "修改支部名称", need: zhibu.ActRenameBranch},
	{usage: "/meetings", desc: "会议列表", member: true},
	{usage: "/meeting 编号", desc: "会议详情", member: true},
	{usage: "/checkin [编号]", desc: "签到（会前30分钟起）", member: true},
	{usage: "/leave 编号 原因", desc: "请假", member: true},
	{usage: "/attendance [期间] 我", desc: "我的出勤", member: true},
	{usage: "/pledge 内容 [截止 时间] [类别]", desc: "提交公开承诺", member: true},
	{usage: "/pledges [我|逾期|姓名]", desc: "公示的承诺；我的承诺；逾期承诺", member: true},
	{usage: "/pledge 编号 [修改 新内容]", desc: "查看或修改承诺（公示后修改需支委同意）", member: true},
	{usage: "/progress 编号 说明", desc: "记录进展（可附照片、文件）", member: true},
	{usage: "/done 编号 说明", desc: "申请兑现", member: true},
	{usage: "/cannot 编号 说明", desc: "说明无法兑现", member: true},
	{usage: "/meeting 类型 时间 地点:… 议题:…", desc: "安排会议（只发 /meeting 则逐步填写）", need: zhibu.ActScheduleMeeting},
	{usage: "/meeting 编号 改期|地点|议题|取消 …", desc: "变更或取消会议", need: zhibu.ActScheduleMeeting},
	{usage: "/checkin 编号 [撤销] 姓名 [迟到]", desc: "代签、补签；撤销误签", need: zhibu.ActManageAttendance},
	{usage: "/leave 编号 驳回 姓名", desc: "驳回请假", need: zhibu.ActManageAttendance},
	{usage: "/meeting 编号 主持|记录|列席 姓名", desc: "更改主持人、记录人，记录列席（会后也可，留痕）", need: zhibu.ActManageAttendance},
	{usage: "/close 编号", desc: "结束会议，生成出勤结果", need: zhibu.ActManageAttendance},
	{usage: "/meeting 编号 更正 姓名 结果", desc: "更正已结束会议的出勤（留痕）", need: zhibu.ActManageAttendance},
	{usage: "/minutes 编号 [正文]", desc: "会议记录（新版本不覆盖旧版本）", need: zhibu.ActWriteMinutes},
	{usage: "/attendance [期间] [类型] [姓名]", desc: "出勤统计", need: zhibu.ActViewAttendance},
	{usage: "/export attendance [期间]", desc: "导出考勤台账（XLSX、CSV）", need: zhibu.ActExport},
	{usage: "/campaign [编号]", desc: "活动阶段与进度", member: true},
	{usage: "/submit 阶段编号 内容", desc: "提交阶段材料（如学习心得）", member: true},
	{usage: "/compliance", desc: "三会一课落实情况", member: true},
	{usage: "/remind 何时 内容", desc: "设置提醒（支委：支部提醒；其他同志：个人提醒）", member: true},
	{usage: "/reminders", desc: "查看提醒", member: true},
	{usage: "/upcoming", desc: "接下来机器人要发的十条提醒", member: true},
	{usage: "/pledges 待审", desc: "审核承诺（通过/退回）", need: zhibu.ActReviewPledge},
	{usage: "/review 编号 等级 [点评]", desc: "评诺：优秀、良好、合格、未完成", need: zhibu.ActReviewPledge},
	{usage: "/pledgecall 说明 [截止 时间]", desc: "征集承诺（同志们回复即提交）", need: zhibu.ActCallPledges},
	{usage: "/pledges 统计", desc: "承诺统计与兑现率", need: zhibu.ActPledgeStats},
	{usage: "/export pledges", desc: "导出承诺台账（XLSX、CSV）", need: zhibu.ActExport},
	{usage: "/campaign new 名称", desc: "新建活动", need: zhibu.ActManageCampaign},
	{usage: "/stage add 活动编号 阶段名 开始 结束 [要求…]", desc: "添加阶段（可多行一次添加）", need: zhibu.ActManageCampaign},
	{usage: "/rules [类型 频率]", desc: "三会一课要求", need: zhibu.ActManageCampaign},
	{usage: "/help", desc: "帮助"},
}

// helpFor lists the help lines for a member (nil for people not on the roster).
func helpFor(m *zhibu.Member) []string { return help(m, true) }

// help lists the help lines for a member, the officer's own ones only
// with officer (the group's /help leaves them to the private chat).
func help(m *zhibu.Member, officer bool) []string {
	var lines []string
	for _, e := range helpEntries {
		show := !e.guest && !e.member && e.need == ""
		if m == nil {
			show = show || e.guest
		} else {
			mine := e.need != "" && zhibu.Can(m.Role, e.need)
			show = show || e.member || (mine && (officer || zhibu.Can(zhibu.RoleNone, e.need)))
		}
		if show {
			lines = append(lines, e.usage+" — "+e.desc)
		}
	}
	return lines
}

func (b *Bot) cmdStart(r *request) error {
	if !r.group && strings.HasPrefix(r.args, "leave_") && b.startLeave(r, r.args) {
		return nil
	}
	if !r.group {
		return b.cmdStartPrivate(r)
	}
	return b.cmdHelp(r)
}

func (b *Bot) cmdHelp(r *request) error {
	if !r.group {
		return b.cmdHelpPrivate(r)
	}
	_, m, err := b.cfg.Service.Actor(r.ctx, r.chatID, r.from)
	switch {
	case err == nil:
		text := msgHelpIntro + "\n" + msgHelpGroup + "\n" + strings.Join(help(&m, false), "\n")
		if len(help(&m, true)) > len(help(&m, false)) {
			// An officer's commands are many: the whole list is in private.
			text += "\n\n" + msgHelpOfficerPrivate
		}
		b.reply(r, text)
	case errors.Is(err, zhibu.ErrNotMember):
		b.reply(r, msgHelpIntro+"\n"+msgHelpGuest+"\n"+strings.Join(helpFor(nil), "\n"))
	case errors.Is(err, zhibu.ErrNoBranch), errors.Is(err, zhibu.ErrBranchInactive):
		text, _ := userMessage(b.unregistered(r, err))
		b.reply(r, msgHelpIntro+"\n"+text)
	default:
		return err
	}
	return nil
}

// Menus registered with setMyCommands, per scope.
var (
	menuPrivate = []models.BotCommand{
		{Command: "start", Description: "开始使用"},
		{Command: "meetings", Description: "我的会议：参加、请假"},
		{Command: "checkin", Description: "签到：/checkin [编号]"},
		{Command: "attendance", Description: "我的出勤"},
		{Command: "pledge", Description: "提交承诺：/pledge 内容 [截止 时间]"},
		{Command: "pledges", Description: "我的承诺：/pledges 我"},
		{Command: "remind", Description: "个人提醒：/remind 何时 内容"},
		{Command: "reminders", Description: "我的提醒"},
		{Command: "branch", Description: "所在支部；在几个支部时切换"},
		{Command: "help", Description: "帮助"},
	}
	menuGroup = []models.BotCommand{
		{Command: "help", Description: "帮助与命令列表"},
		{Command: "join", Description: "申请加入支部名册：/join 姓名"},
		{Command: "whoami", Description: "我的名册信息"},
		{Command: "branch", Description: "支部概况"},
		{Command: "roster", Description: "名册（支委可添加、修改、导入）"},
		{Command: "meetings", Description: "会议列表"},
		{Command: "meeting", Description: "会议详情或安排会议：/meeting 编号"},
		{Command: "checkin", Description: "签到：/checkin [编号]"},
		{Command: "leave", Description: "请假：/leave 编号 原因"},
		{Command: "attendance", Description: "出勤统计：/attendance [期间] [我]"},
		{Command: "pledge", Description: "公开承诺：/pledge 内容 [截止 时间]"},
		{Command: "pledges", Description: "承诺公示；/pledges 我"},
		{Command: "progress", Description: "承诺进展：/progress 编号 说明"},
		{Command: "done", Description: "申请兑现：/done 编号 说明"},
		{Command: "campaign", Description: "活动阶段与进度"},
		{Command: "compliance", Description: "三会一课落实情况"},
		{Command: "remind", Description: "设置提醒：/remind 何时 内容"},
		{Command: "upcoming", Description: "接下来的提醒"},
	}
	menuAdmins = append(append([]models.BotCommand(nil), menuGroup...),
		models.BotCommand{Command: "setup", Description: "登记支部或修改名称：/setup 支部名称"},
		models.BotCommand{Command: "role", Description: "任免职务（书记）：/role 姓名 职务"},
		models.BotCommand{Command: "close", Description: "结束会议：/close 编号"},
		models.BotCommand{Command: "minutes", Description: "会议记录：/minutes 编号"},
		models.BotCommand{Command: "export", Description: "导出台账：/export attendance|pledges"},
		models.BotCommand{Command: "review", Description: "评诺：/review 编号 等级 [点评]"},
		models.BotCommand{Command: "pledgecall", Description: "征集承诺：/pledgecall 说明 [截止 时间]"},
		models.BotCommand{Command: "stage", Description: "添加阶段：/stage add 活动编号 阶段名 开始 结束"},
		models.BotCommand{Command: "rules", Description: "三会一课要求：/rules 类型 频率"},
	)
)

// RegisterCommands sets the command menus: private chats, groups, and group
// administrators (who also see /setup and /role).
func (b *Bot) RegisterCommands(ctx context.Context) error {
	menus := []struct {
		scope    models.BotCommandScope
		commands []models.BotCommand
	}{
		{&models.BotCommandScopeAllPrivateChats{}, menuPrivate},
		{&models.BotCommandScopeAllGroupChats{}, menuGroup},
		{&models.BotCommandScopeAllChatAdministrators{}, menuAdmins},
	}
	for _, m := range menus {
		if _, err := b.api.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: m.commands, Scope: m.scope}); err != nil {
			return redact(err, b.cfg.Token)
		}
	}
	return nil
}
