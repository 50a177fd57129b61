package main

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot/telegramtest"
)

// errScript is a script line the sandbox cannot run; the simulator shows it
// and carries on, the demo stops.
type errScript string

func (e errScript) Error() string { return string(e) }

// files are documents a script can send by name before looking on disk.
type files map[string][]byte

// exec runs one script line:
//
//	名字> 文本                 a member writes in the group
//	名字> :private 文本        … in their private chat with the bot
//	名字> :reply 消息号 文本   … replies to a message (:preply in their private chat)
//	名字> :press 按钮号|按钮字  … presses a button by number or label
//	名字> :file 文件 说明      … sends a document with a caption
//	名字> :photo 说明          … sends a photo with a caption
//	:admin 名字                make a member a group administrator
//	:addbot 名字 / :removebot 名字   add or remove the bot
//	:migrate                   upgrade the group to a supergroup
//	:block 名字 / :unblock 名字  the member blocks (unblocks) the bot privately
//	:fail 429|500|403 次数       the next sends to the group fail so
//	:lose                      the next send is carried out, its answer lost
//	:wait 2h                   move the clock forward
//	:at 2026-11-25 18:40       move the clock to a time
//	# 注释                      ignored; "## 标题" prints a heading
func (s *sandbox) exec(ctx context.Context, line string, fs files) error {
	line = strings.TrimSpace(line)
	switch {
	case line == "" || (strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "## ")):
		return nil
	case strings.HasPrefix(line, "## "):
		fmt.Fprintf(s.out, "\n—— %s ——\n", strings.TrimPrefix(line, "## "))
		return nil
	case strings.HasPrefix(line, ":run ") || line == ":restart" || strings.HasPrefix(line, ":operator "):
		return s.lifeCommand(ctx, line)
	case strings.HasPrefix(line, ":"):
		if err := s.system(line); err != nil {
			return err
		}
		return s.settle(ctx)
	}
	name, text, ok := strings.Cut(line, ">")
	name, text = strings.TrimSpace(name), strings.TrimSpace(text)
	if !ok || name == "" {
		return errScript("看不懂这一行。格式：名字> 要说的话，例如 张三> /join 张三。输入 :help 查看帮助。")
	}
	if err := s.act(s.user(name), text, fs); err != nil {
		return err
	}
	return s.settle(ctx)
}

func (s *sandbox) system(line string) error {
	verb, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	switch verb {
	case ":admin":
		s.srv.SetAdmin(s.groupID, s.user(arg), true)
	case ":addbot":
		s.srv.AddBot(s.groupID, s.user(arg))
	case ":removebot":
		s.srv.RemoveBot(s.groupID, s.user(arg))
	case ":block", ":unblock":
		s.srv.BlockBot(s.user(arg), verb == ":block")
	case ":fail":
		code, times, _ := strings.Cut(arg, " ")
		c, err1 := strconv.Atoi(code)
		n, err2 := strconv.Atoi(strings.TrimSpace(times))
		if err1 != nil || err2 != nil || n <= 0 || (c != 429 && c != 403 && c != 400 && c < 500) {
			return errScript("格式：:fail 429|403|400|500|502 次数，例如 :fail 429 2（接下来发往群里的 2 条消息失败）")
		}
		s.srv.Fail(telegramtest.Fault{ChatID: s.groupID, Code: c, Times: n, RetryAfter: 30})
	case ":lose":
		s.srv.Fail(telegramtest.Fault{ChatID: s.groupID, Lost: true})
	case ":migrate":
		s.srv.MigrateToSupergroup(s.groupID, s.groupID*1000000-1)
		s.groupID = s.groupID*1000000 - 1
	case ":at":
		t, err := time.ParseInLocation("2006-01-02 15:04", arg, demoStart.Location())
		if err != nil || t.Before(s.clock.Now()) {
			return errScript("时间要写成 2026-11-25 18:40，且不能早于现在（模拟时钟只能向前走）。")
		}
		s.clock.Set(t)
		fmt.Fprintf(s.out, "⏰ 时间来到 %s\n", t.Format("2006-01-02 15:04"))
		return nil
	case ":wait":
		d, err := parseSpan(arg)
		if err != nil {
			return errScript("时长看不懂，例如 :wait 2d、:wait 2h 或 :wait 30m")
		}
		s.clock.Advance(d)
	default:
		return errScript("没有这个指令：" + verb + "。输入 :help 查看帮助。")
	}
	return nil
}

// lifeCommand runs the commands that let the bot live on: time passing with the
// bot running, and a restart.
func (s *sandbox) lifeCommand(ctx context.Context, line string) error {
	if name, ok := strings.CutPrefix(line, ":operator "); ok {
		// As the IT person sets ZHIBU_OPERATORS and restarts: from now on
		// a new branch needs this operator's approval.
		s.reg.Mode = zhibu.RegistrationApproval
		s.reg.Operators = append(s.reg.Operators, s.user(strings.TrimSpace(name)))
		if err := s.restart(ctx); err != nil {
			return err
		}
		fmt.Fprintf(s.out, "⚙ %s 成为服务器管理员，新支部登记需经批准（机器人已重启）\n", strings.TrimSpace(name))
		return s.settle(ctx)
	}
	if line == ":restart" {
		if err := s.restart(ctx); err != nil {
			return err
		}
		fmt.Fprintln(s.out, "⚙ 机器人重启（数据库保留）")
		return s.settle(ctx)
	}
	d, err := parseSpan(strings.TrimSpace(strings.TrimPrefix(line, ":run")))
	if err != nil {
		return errScript("时长看不懂，例如 :run 3d、:run 12h 或 :run 30m")
	}
	return s.run(ctx, d)
}

// parseSpan reads a duration, also in days (3d).
func parseSpan(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days <= 0 || days > 366 {
			return 0, errors.New("bad days")
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, errors.New("bad duration")
	}
	return d, nil
}

func (s *sandbox) act(uid int64, text string, fs files) error {
	verb, rest, _ := strings.Cut(text, " ")
	rest = strings.TrimSpace(rest)
	switch verb {
	case ":private":
		s.srv.SendText(uid, uid, rest)
	case ":press":
		b, ok := s.button(rest)
		if !ok {
			return errScript("没有第 " + rest + " 号按钮。按钮号在机器人消息下方的 [号码 文字] 里，也可以写按钮上的字。")
		}
		s.srv.Press(b.chatID, uid, b.messageID, b.data)
	case ":reply", ":preply":
		chat := s.groupID
		if verb == ":preply" {
			chat = uid // the private chat with the bot
		}
		ref, body, _ := strings.Cut(rest, " ")
		id, ok := s.replyTarget(chat, ref)
		if !ok {
			return errScript("格式：名字> :reply 消息号|关键词 文字（消息号 0 表示机器人最新的一条；关键词找含有它的最新一条）；私聊里用 :preply")
		}
		s.srv.Reply(chat, uid, id, body)
	case ":photo":
		s.srv.SendPhoto(s.groupID, uid, []byte("\xff\xd8\xff\xe0 demo photo"), rest)
	case ":file":
		name, caption, _ := strings.Cut(rest, " ")
		data, err := fs.read(name)
		if err != nil {
			return err
		}
		s.srv.SendDocument(s.groupID, uid, filepath.Base(name), mime.TypeByExtension(filepath.Ext(name)), data, caption)
	default:
		s.srv.SendText(s.groupID, uid, text)
	}
	return nil
}

func (fs files) read(name string) ([]byte, error) {
	if data, ok := fs[name]; ok {
		return data, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, errScript(fmt.Sprintf("读不了文件 %s：%v", name, err))
	}
	return data, nil
}
