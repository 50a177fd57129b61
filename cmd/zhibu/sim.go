package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

const simHelp = `zhibu sim：模拟支部群聊。你扮演群里的同志，每行写“名字> 要说的话”。
  张三> /join 张三            张三在群里发言（第一次出现的名字会自动入群）
  张三> :private /start       张三私聊机器人
  张三> :reply 5 文字          张三回复第 5 条消息（机器人消息带 [#号]；0 表示机器人最新的一条；也可写关键词）
  张三> :preply 0 文字         张三在私聊里回复机器人的消息（如请假原因）
  张三> :press 3              张三按下第 3 号按钮（号码显示在按钮上；也可写按钮上的字，如 :press 参加）
  张三> :file 名册.csv /roster import   张三发送本机文件，附说明
  张三> :photo /progress 1 说明         张三发送一张照片，附说明
  :admin 张三                 把张三设为群管理员
  :addbot 张三 / :removebot 张三   张三把机器人拉进群 / 移出群
  :migrate                    群升级为超级群
  :block 张三 / :unblock 张三  张三在私聊里屏蔽（解除屏蔽）机器人
  :fail 429 2                 接下来发往群里的 2 条消息失败（429、403、400、500、502）
  :lose                       下一条发往群里的消息发出了，但 Telegram 的应答丢了
  :wait 2h                    时间快进（一步跳过去，如同机器人停机这么久）
  :run 3d                     让时间流逝 3 天（也可 12h、30m），机器人照常运行，到点的提醒按时发出
  :restart                    机器人重启（数据保留）
  :operator 老周               老周成为服务器管理员：此后新支部登记要经他批准（如同设置 ZHIBU_OPERATORS 后重启）
  :at 2026-11-25 18:40        时间来到某一刻
  :help                       显示本帮助；:quit 或 Ctrl-D 退出
群已建好，管理员“书记”已把机器人拉进群。先试试：书记> /setup 第一党支部
`

// runSim is the interactive simulator.
func runSim(ctx context.Context, in io.Reader, out io.Writer) error {
	s, err := newSandbox(ctx, out, "模拟支部群")
	if err != nil {
		return err
	}
	defer s.close()
	fmt.Fprint(out, simHelp)
	for _, line := range []string{":admin 书记", ":addbot 书记"} {
		if err := s.exec(ctx, line, nil); err != nil {
			return err
		}
	}
	sc := bufio.NewScanner(in)
	for {
		fmt.Fprint(out, "sim> ")
		if !sc.Scan() {
			fmt.Fprintln(out)
			return sc.Err()
		}
		line := strings.TrimSpace(sc.Text())
		switch line {
		case ":quit", ":exit":
			return nil
		case ":help":
			fmt.Fprint(out, simHelp)
			continue
		}
		if err := s.exec(ctx, line, nil); err != nil {
			var se errScript
			if !errors.As(err, &se) {
				return err
			}
			fmt.Fprintln(out, se)
		}
	}
}
