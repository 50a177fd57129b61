package main

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// demoScript is the branch `zhibu demo` plays. It grows with every
// capability; each line is what a person would do in the chat.
const demoScript = `
## 把支部助手加入群聊
:admin 李书记
:addbot 李书记
## 群管理员登记支部，成为书记
王芳> /setup 第一党支部
李书记> /setup 第一党支部
## 同志们申请加入名册，支委审批
王芳> /join 王芳
赵强> /join 赵强
李书记> :press 1
赵强> :press 5
李书记> :press 8
## 书记添加没有 Telegram 的同志，任命组织委员
李书记> /roster add 陈静<老> 预备党员 第一党小组
李书记> /roster add 陈静 预备党员 第一党小组
李书记> /role 王芳 组织委员
王芳> /whoami
## 组织委员批量导入名册（CSV 文件）
王芳> :file 名册.csv /roster import
王芳> :file 名册有误.csv /roster import
李书记> :file 名册.csv /roster import
李书记> :file 名册.csv /roster import
## 查看名册：详细名册只私下发给支委
赵强> /roster set 王芳 状态 入党积极分子
李书记> /roster
李书记> :private /start
李书记> /roster
李书记> /branch
## 安排会议：用中文写时间，确认后发布
刘洋> /join 刘洋
李书记> :press 正式党员
李书记> /meeting 党员大会 下周三晚上7点 地点:环保楼508 议题:学习全会精神 记录:王芳
李书记> :press 确认发布
## 同志们一键答复，一人请假
王芳> :press 参加
刘洋> :private /start
刘洋> :press 请假
刘洋> :preply 0 在外地出差
:at 2026-11-25 18:40
## 会前30分钟开始签到，迟到自动记录，支委可代签
王芳> :press 签到
李书记> /checkin
:at 2026-11-25 19:15
李书记> /checkin 1 陈静
李书记> /checkin 1 孙丽 迟到
:at 2026-11-25 21:00
## 结束会议：应到、实到、请假、缺席与表决条件
李书记> /close 1
王芳> /minutes 1 一、传达学习全会精神。二、讨论年度发展计划，全体赞成。
李书记> /attendance 本月
## 征集公开承诺：同志们直接回复征集消息
李书记> /pledgecall 请各位同志回复本消息提交2027年度承诺 截止 12月10日
王芳> :reply 承诺征集 每月组织一次党员志愿服务 截止 12月31日 服务群众
刘洋> :reply 承诺征集 帮扶一名困难学生
## 审诺：一条通过，一条退回修改后再通过
李书记> /pledges 待审
李书记> :press 退回
李书记> :reply 0 请写明帮扶对象和频次
刘洋> /pledge 2 修改 每周辅导一名困难学生数学，坚持到学期末
李书记> /pledges 待审
李书记> :press 通过
李书记> :press 通过
## 公示与践诺：进展附照片，申请兑现，支委确认
王芳> /pledges
王芳> :photo /progress 1 第一次志愿服务：社区清扫
王芳> /done 1 已组织两次志愿服务，共 23 人次
李书记> :press 确认兑现
李书记> /pledges 统计
## 活动阶段、三会一课要求和自定义提醒
李书记> /campaign new 学习贯彻主题教育
李书记> /stage add 1 学习动员 2026-11-26 2026-12-10 承诺
李书记> /meeting 支委会 12月3日 19:00 地点:支部办公室 议题:研究年度民主评议
李书记> :press 确认发布
李书记> /remind 每月1日9点 交党费
李书记> /upcoming
## 快进时间：机器人按时提醒（三会一课检查私信给书记）
:at 2026-11-30 09:00
:at 2026-12-01 09:00
## 会前24小时：一条消息点名尚未答复的同志
:at 2026-12-02 19:00
## 阶段截止前一周：列出谁还缺什么
:at 2026-12-04 09:00
李书记> /compliance
## 帮助与错误输入
赵强> /help
赵强> /rosterr
赵强> :private /roster
李书记> /role 李书记 无
李书记> /roster remove 周老
## 群升级为超级群，支部随群迁移；改名
:migrate
李书记> /setup 中共示范大学第一党支部
李书记> /branch
`

// demoFiles are the documents the demo sends.
var demoFiles = files{
	"名册.csv":   []byte("\uFEFF姓名,状态,党小组,职务\r\n陈静,预备党员,第一党小组,\r\n刘洋,正式党员,第二党小组,党小组长\r\n孙丽,正式党员,第二党小组,\r\n周老,正式党员,第一党小组,\r\n"),
	"名册有误.csv": []byte("姓名,状态,党小组,职务\n吴刚,党员啊,第一党小组,\n郑十一号同志的名字实在是太长了超过二十个字啦,正式党员,,\n"),
}

// runDemo plays demoScript in a sandbox and prints the chat.
func runDemo(ctx context.Context, out io.Writer) error {
	s, err := newSandbox(ctx, out, "第一党支部群")
	if err != nil {
		return err
	}
	defer s.close()
	fmt.Fprintln(out, "zhibu 演示：一个模拟的支部群聊（不需要令牌，不联网）。")
	for _, line := range strings.Split(demoScript, "\n") {
		if err := s.exec(ctx, line, demoFiles); err != nil {
			return fmt.Errorf("demo: %q: %w", line, err)
		}
	}
	fmt.Fprintln(out, "\n演示结束。试试 zhibu sim，自己扮演支部同志。")
	return nil
}
