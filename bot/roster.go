package bot

import (
	"strings"

	"github.com/zhibu/zhibu"
)

// rosterSubcommands maps /roster's first word, English or Chinese, to a handler.
func (b *Bot) rosterSub(word string) func(*request, []string) error {
	switch word {
	case "add", "添加", "增加":
		return b.rosterAdd
	case "set", "设置", "修改":
		return b.rosterSet
	case "remove", "移除", "删除":
		return b.rosterRemove
	case "unlink", "解除关联", "解绑":
		return b.rosterUnlink
	case "import", "导入":
		return b.rosterImport
	}
	return nil
}

func (b *Bot) cmdRoster(r *request) error {
	fields := strings.Fields(r.args)
	if len(fields) == 0 {
		return b.rosterList(r)
	}
	sub := b.rosterSub(strings.ToLower(fields[0]))
	if sub == nil {
		b.usage(r, zhibu.ActManageRoster, msgRosterUsage, msgRosterMemberUsage)
		return nil
	}
	return sub(r, fields[1:])
}

func (b *Bot) rosterList(r *request) error {
	ro, err := b.cfg.Service.Roster(r.ctx, r.chatID, r.from)
	if err != nil {
		return err
	}
	if len(ro.Members) == 0 {
		b.reply(r, msgRosterEmpty)
		return nil
	}
	if !ro.Detailed {
		b.reply(r, rosterNames(ro))
		return nil
	}
	// Details (status, exemptions) go to the officer privately, never to the group.
	return b.sendPrivately(r, rosterDetails(ro), "", rosterNames(ro)+"\n\n"+msgRosterNeedPrivate)
}

func rosterNames(ro zhibu.Roster) string {
	lines := []string{msgf(msgRosterTitle, esc(ro.Branch.Name), len(ro.Members))}
	for i, m := range ro.Members {
		lines = append(lines, msgf(msgRosterLine, i+1, esc(m.Name)))
	}
	return strings.Join(lines, "\n")
}

func rosterDetails(ro zhibu.Roster) string {
	lines := []string{msgf(msgRosterTitle, esc(ro.Branch.Name), len(ro.Members)), msgRosterHeader}
	for i, m := range ro.Members {
		linked := msgUnlinked
		if m.Linked() {
			linked = msgLinked + " " + account(m)
		}
		status := esc(string(m.Status))
		if m.Exempt != "" {
			status += "（" + esc(m.Exempt) + "）"
		}
		lines = append(lines, msgf(msgRosterDetail, i+1, esc(m.Name), status, orNone(m.Group), orNone(string(m.Role)), linked))
	}
	return strings.Join(lines, "\n")
}

// account names the Telegram account an entry is linked to, for the
// officers' eyes only: its @username, else its id linked to the profile.
func account(m zhibu.Member) string {
	if m.Username != "" {
		return "@" + esc(m.Username)
	}
	return msgf(msgAccountID, m.TelegramID, m.TelegramID)
}

func (b *Bot) rosterAdd(r *request, args []string) error {
	if len(args) == 0 || len(args) > 3 {
		b.usage(r, zhibu.ActManageRoster, msgRosterAddUsage, msgRosterMemberUsage)
		return nil
	}
	var status zhibu.Status
	group := ""
	if len(args) > 1 {
		st, err := zhibu.ParseStatus(args[1])
		if err != nil {
			return err
		}
		status = st
	}
	if len(args) > 2 {
		group = args[2]
	}
	added, err := b.cfg.Service.AddMember(r.ctx, r.chatID, r.from, args[0], status, group)
	if err != nil {
		return b.rosterErr(r, err, args[0])
	}
	m, g := added.Member, ""
	if m.Group != "" {
		g = "，" + esc(m.Group)
	}
	text := msgf(msgRosterAdded, esc(m.Name), esc(string(m.Status)), g)
	if added.Unlinked {
		text += msgf(msgRosterAddedUnlinked, esc(m.Name))
	}
	b.reply(r, text)
	return nil
}

func (b *Bot) rosterSet(r *request, args []string) error {
	if len(args) != 3 {
		b.usage(r, zhibu.ActManageRoster, msgRosterSetUsage, msgRosterMemberUsage)
		return nil
	}
	name, setting, value := args[0], args[1], args[2]
	before, err := b.memberNamed(r, name)
	if err != nil {
		return err
	}
	m, err := b.cfg.Service.SetMember(r.ctx, r.chatID, r.from, name, setting, value)
	if err != nil {
		if setting == zhibu.SettingName {
			return b.rosterErr(r, err, value)
		}
		return b.rosterErr(r, err, name)
	}
	old, now := settingValue(before, setting), settingValue(m, setting)
	text := msgf(msgRosterSet, esc(before.Name), esc(setting), old, now)
	if setting == zhibu.SettingStatus || setting == zhibu.SettingExempt {
		// A member's status (留党察看 …) and exemption reason are theirs and
		// the officers': the group hears only that it was done.
		done := msgf(msgRosterSetDone, esc(before.Name), esc(setting))
		return b.sendPrivately(r, text, done+msgDetailSentPrivately, done)
	}
	b.reply(r, text)
	return nil
}

// memberNamed finds a roster entry by name for the officer's reply; the
// service re-checks everything when it changes it.
func (b *Bot) memberNamed(r *request, name string) (zhibu.Member, error) {
	_, actor, err := b.cfg.Service.Actor(r.ctx, r.chatID, r.from)
	if err != nil {
		return zhibu.Member{}, err
	}
	if err := zhibu.Authorize(actor, zhibu.ActManageRoster); err != nil {
		return zhibu.Member{}, err
	}
	ro, err := b.cfg.Service.Roster(r.ctx, r.chatID, r.from)
	if err != nil {
		return zhibu.Member{}, err
	}
	for _, m := range ro.Members {
		if m.Name == name {
			return m, nil
		}
	}
	return zhibu.Member{}, nameError(zhibu.ErrNotFound, name)
}

func settingValue(m zhibu.Member, setting string) string {
	switch setting {
	case zhibu.SettingName:
		return esc(m.Name)
	case zhibu.SettingStatus:
		return esc(string(m.Status))
	case zhibu.SettingGroup:
		return orNone(m.Group)
	case zhibu.SettingExempt:
		return orNone(m.Exempt)
	}
	return ""
}

func (b *Bot) cmdRole(r *request) error {
	args := strings.Fields(r.args)
	if len(args) != 2 {
		return b.officerUsage(r, zhibu.ActAssignRole, msgRoleUsage)
	}
	role, err := zhibu.ParseRole(args[1])
	if err != nil {
		return err
	}
	m, err := b.cfg.Service.AssignRole(r.ctx, r.chatID, r.from, args[0], role)
	if err != nil {
		return b.rosterErr(r, err, args[0])
	}
	if role == zhibu.RoleNone {
		b.reply(r, msgf(msgRoleCleared, esc(m.Name)))
	} else {
		b.reply(r, msgf(msgRoleSet, esc(m.Name), esc(string(role))))
	}
	return nil
}
