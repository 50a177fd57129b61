package bot_test

import (
	"time"
)

// The quarter's script, month by month. Members: 李书记 (书记), 王芳 (组织委员),
// 周敏 (宣传委员) form the committee; 第一党小组 is 李书记, 赵强 (党小组长),
// 吴刚 (留党察看) and 郑老 (no Telegram, exempt: 年老体弱); 第二党小组 is
// 王芳, 孙丽 (预备党员, never opened a private chat until she had to), 周敏
// and 陈静 (no Telegram). 赵强 blocks the bot from 4 November to 14 December.
// Each month is one long function on purpose: a script reads best top to
// bottom, day by day, as the transcript does.

const (
	committee = 3 // 李书记, 王芳, 周敏
	groupOne  = 3 // 李书记, 赵强, 吴刚 (郑老 exempt)
	groupTwo  = 4 // 王芳, 孙丽, 周敏, 陈静
	everyone  = 7 // all but 郑老
)

func (q *quarter) october() {
	q.at(10, 8, 10, 0)
	m1 := q.meeting(1, secretaryID, "支委会", q.day(10, 12, 19, 0), 90*time.Minute,
		"地点:党员活动室 议题:研究第四季度工作和主题教育安排 记录:王芳", committee)
	q.at(10, 8, 11, 0)
	q.reminder(guestID, "10月12日 10点", "给培养联系人交思想汇报", true, q.day(10, 12, 10, 0),
		span{q.begin, q.day(10, 14, 8, 30)})
	q.at(10, 8, 12, 30)
	q.attend(m1, organizerID)
	q.at(10, 9, 20, 10)
	q.attend(m1, zhouID)

	q.at(10, 10, 10, 0)
	m2 := q.meeting(2, memberID, "党小组会", q.day(10, 15, 19, 30), 90*time.Minute,
		"地点:三号楼会议室 议题:学习党章第一章 小组:第一党小组", groupOne)
	q.attend(m2, memberID)
	q.at(10, 11, 9, 0)
	q.attend(m2, secretaryID)
	q.at(10, 11, 19, 40) // after the 24-hour reminder named him
	q.attend(m1, secretaryID)

	q.at(10, 12, 18, 41)
	q.checkIn(m1, secretaryID)
	q.at(10, 12, 18, 50)
	q.checkInAnn(m1, organizerID)
	q.at(10, 12, 19, 3)
	q.checkIn(m1, zhouID)
	q.at(10, 12, 20, 35)
	q.close(m1, secretaryID)
	q.at(10, 12, 21, 0)
	q.leave(m2, wuID, "单位安排值夜班")

	q.at(10, 13, 9, 10)
	q.officer(m1, organizerID, "/minutes 1 会议研究了第四季度工作安排，决定开展学习贯彻全会精神主题教育。")
	q.at(10, 13, 9, 30)
	m3 := q.meeting(3, organizerID, "党小组会", q.day(10, 16, 19, 30), 90*time.Minute,
		"地点:二号楼会议室 议题:学习党章第一章 小组:第二党小组", groupTwo)
	q.attend(m3, organizerID)
	q.at(10, 13, 12, 0)
	q.attend(m3, zhouID)

	q.at(10, 14, 8, 30)
	q.leave(m3, guestID, "在外地参加培训（上海）") // her first private chat, opened from the group's button
	call := q.openCall()
	q.at(10, 15, 9, 30)
	q.campaign()
	q.at(10, 15, 10, 0)
	q.pledgeByReply(2, zhouID, call, "每周在支部群分享一篇学习文章 截止 12月25日 学习", q.day(12, 25, 0, 0))
	q.at(10, 15, 19, 10)
	q.checkIn(m2, memberID)
	q.checkInAnn(m2, secretaryID)
	q.at(10, 15, 21, 5)
	q.close(m2, secretaryID)

	q.at(10, 16, 9, 0)
	q.pledgeByReply(3, guestID, call, "完成培养考察期的全部学习任务 截止 12月15日 学习", q.day(12, 15, 0, 0))
	q.at(10, 16, 19, 20)
	q.checkIn(m3, organizerID)
	q.checkIn(m3, zhouID)
	q.at(10, 16, 19, 31)
	q.officer(m3, organizerID, "/checkin 3 陈静")
	q.at(10, 16, 21, 0)
	q.close(m3, organizerID)
	q.at(10, 17, 10, 0)
	q.say(groupID, wuID, "/reminders")

	q.at(10, 19, 20, 0)
	q.pledgeByReply(4, wuID, call, "每月向支部书面汇报思想和工作 截止 12月31日 组织建设", q.day(12, 31, 0, 0))
	q.at(10, 20, 9, 30)
	q.say(groupID, organizerID, "/pledge 整理完善支部党员档案 截止 11月30日 组织建设")
	q.notePledge(5, q.day(11, 30, 0, 0))
	m4 := q.generalMeeting()
	q.at(10, 23, 10, 0) // after the call's 3-day reminder named him
	q.pledgeByReply(6, secretaryID, call, "每季度为全体党员讲一次党课 截止 12月31日 组织建设", q.day(12, 31, 0, 0))
	q.at(10, 26, 10, 0)
	q.reviewPledges()
	q.at(10, 26, 20, 0)
	q.attend(m4, memberID) // after the 24-hour reminder named him again
	q.at(10, 26, 20, 30)
	q.say(groupID, memberID, "/pledge 1 修改 每月走访两户困难群众（张大爷、李奶奶家），帮助解决实际困难")
	q.at(10, 27, 9, 0)
	q.review(organizerID, func(int) (string, string) { return "通过", "" })
	q.generalMeetingHeld(m4)
}

// openCall: the 书记 calls for the quarter's pledges, to be answered by
// replying to the call; 赵强 answers at once.
func (q *quarter) openCall() int {
	q.at(10, 14, 10, 0)
	q.say(groupID, secretaryID, "/pledgecall 请各位同志回复本消息提交第四季度公开承诺（可写截止时间和类别） 截止 10月25日")
	call := q.lastIn(groupID, "承诺征集 #1")
	q.calls[1] = &qCall{number: 1, deadline: q.day(10, 25, 23, 59), born: call.Date}
	q.at(10, 14, 12, 0)
	q.pledgeByReply(1, memberID, call.ID, "每月走访两户困难群众 截止 12月20日 服务群众", q.day(12, 20, 0, 0))
	return call.ID
}

// reviewPledges: the 书记 reviews the pending pledges, returning 赵强's
// for more detail and leaving his own to another officer.
func (q *quarter) reviewPledges() {
	q.review(secretaryID, func(n int) (string, string) {
		switch n {
		case 1:
			return "退回", "请写明走访对象和频次"
		case 6:
			return "", ""
		}
		return "通过", ""
	})
}

// campaign: 周敏 sets up the quarter's campaign in three stages.
func (q *quarter) campaign() {
	q.say(groupID, zhouID, "/campaign new 学习贯彻全会精神主题教育")
	stages := []string{"学习动员 2026-10-19 2026-10-31 承诺", "学习研讨 2026-11-01 2026-11-30 提交:学习心得",
		"总结提升 2026-12-01 2026-12-20 会议:支委会"}
	q.say(groupID, zhouID, "/stage add 1\n"+stages[0]+"\n"+stages[1]+"\n"+stages[2])
	q.stagesAdded(stages...)
}

// generalMeeting: the quarter's 党员大会 is published and answered: a leave,
// a rejected leave, a member who stays silent.
func (q *quarter) generalMeeting() *qMeeting {
	q.at(10, 20, 15, 0)
	m := q.meeting(4, secretaryID, "党员大会", q.day(10, 27, 19, 0), 2*time.Hour,
		"地点:党员活动室 议题:学习贯彻全会精神，通报第四季度工作 主持:李书记 记录:王芳", everyone)
	q.at(10, 20, 15, 10)
	q.attend(m, organizerID)
	q.attend(m, guestID)
	q.at(10, 20, 16, 0)
	q.attend(m, secretaryID)
	q.at(10, 21, 9, 0)
	q.leave(m, zhouID, "孩子生病住院")
	q.at(10, 21, 12, 0)
	q.leave(m, memberID, "家里有事")
	q.at(10, 22, 10, 0)
	q.officer(m, secretaryID, "/leave 4 驳回 赵强")
	return m
}

// generalMeetingHeld: the 党员大会 itself, with a late check-in of the
// silent member, a member without Telegram signed in by an officer and an
// observer.
func (q *quarter) generalMeetingHeld(m *qMeeting) {
	q.at(10, 27, 18, 40)
	q.checkIn(m, secretaryID)
	q.at(10, 27, 18, 45)
	q.checkIn(m, organizerID)
	q.at(10, 27, 18, 50)
	q.checkInAnn(m, guestID)
	q.at(10, 27, 18, 55)
	q.checkIn(m, memberID)
	q.at(10, 27, 19, 5)
	q.officer(m, organizerID, "/checkin 4 陈静")
	q.officer(m, organizerID, "/meeting 4 列席 钱老师")
	q.at(10, 27, 19, 15)
	q.checkIn(m, wuID) // late: came without answering
	q.at(10, 27, 21, 10)
	q.close(m, secretaryID)
	q.at(10, 28, 10, 0)
	q.officer(m, organizerID, "/minutes 4 传达学习全会精神；书记通报第四季度工作；讨论了主题教育安排。")
}

func (q *quarter) november() {
	q.at(11, 2, 10, 0)
	m5 := q.meeting(5, secretaryID, "支委会", q.day(11, 9, 19, 0), 90*time.Minute,
		"地点:党员活动室 议题:研究发展党员和年终总结工作 记录:王芳", committee)
	q.attend(m5, organizerID)
	q.at(11, 2, 11, 0)
	q.attend(m5, zhouID)
	q.at(11, 2, 15, 0)
	q.say(groupID, memberID, "/progress 1 已走访张大爷家，帮助联系维修了暖气")
	q.at(11, 3, 20, 0)
	q.say(groupID, secretaryID, "/submit 2 学习心得：全会精神要落实到支部日常工作中。")
	q.at(11, 4, 12, 0)
	q.block(memberID, true)
	q.at(11, 5, 10, 0)
	q.reschedule(m5, secretaryID, q.day(11, 10, 19, 0), 90*time.Minute)
	q.attend(m5, secretaryID)
	q.at(11, 5, 20, 0)
	q.say(groupID, organizerID, "/submit 2 学习心得：做好组织工作要从规范台账做起。")

	q.at(11, 6, 20, 0)
	m6 := q.meeting(6, memberID, "党小组会", q.day(11, 12, 19, 30), 90*time.Minute,
		"地点:三号楼会议室 议题:交流主题教育学习心得 小组:第一党小组", groupOne)
	q.attend(m6, memberID)
	q.at(11, 7, 9, 0)
	q.attend(m6, secretaryID)
	q.at(11, 8, 20, 0)
	q.say(groupID, zhouID, "/submit 2 学习心得：宣传工作要贴近群众。")

	q.at(11, 10, 12, 0)
	q.say(groupID, zhouID, "/progress 2 已分享学习文章 4 篇")
	q.at(11, 10, 18, 45)
	q.checkIn(m5, secretaryID)
	q.checkIn(m5, organizerID)
	q.checkIn(m5, zhouID)
	q.at(11, 10, 20, 40)
	q.close(m5, secretaryID)

	q.at(11, 11, 20, 0) // after the 24-hour reminder
	q.attend(m6, wuID)
	q.at(11, 12, 19, 20)
	q.checkIn(m6, memberID)
	q.at(11, 12, 19, 25)
	q.checkIn(m6, secretaryID)
	q.at(11, 12, 19, 28)
	q.checkIn(m6, wuID)
	// Nobody closes #6 tonight: its organiser is asked to.
	q.at(11, 12, 21, 0)
	m7 := q.meeting(7, organizerID, "党小组会", q.day(11, 13, 19, 30), 90*time.Minute,
		"地点:二号楼会议室 议题:交流主题教育学习心得 小组:第二党小组", groupTwo)
	q.attend(m7, organizerID)
	q.at(11, 13, 8, 0)
	q.attend(m7, zhouID)
	q.at(11, 13, 9, 0)
	q.close(m6, secretaryID)
	q.at(11, 13, 9, 30)
	q.leave(m7, guestID, "单位组织外出调研")
	q.at(11, 13, 19, 20)
	q.checkIn(m7, organizerID)
	q.at(11, 13, 19, 22)
	q.checkIn(m7, zhouID)
	q.at(11, 13, 21, 5)
	q.close(m7, organizerID)
	q.at(11, 13, 21, 10)
	q.officer(m7, organizerID, "/meeting 7 更正 陈静 请假")

	q.at(11, 16, 20, 0)
	q.say(groupID, guestID, "/submit 2 学习心得：作为预备党员要时时对照党章找差距。")
	q.reminder(guestID, "11月20日 23点", "整理本周学习笔记", true, q.day(11, 20, 23, 0)) // held until the morning
	q.at(11, 16, 20, 30)
	q.say(groupID, wuID, "/submit 2 学习心得：认真反思，努力改正。")
	q.lecture()
	q.at(11, 25, 10, 0)
	q.confirmDone(5, organizerID, secretaryID, "党员档案已全部整理完毕，装订成册")
}

// lecture: the quarter's 党课. 赵强, who blocked the bot, cannot be asked
// for his leave reason privately and types it in the group.
func (q *quarter) lecture() {
	q.at(11, 17, 10, 0)
	m := q.meeting(8, secretaryID, "党课", q.day(11, 24, 19, 0), 90*time.Minute,
		"地点:党员活动室 议题:《中国共产党章程》专题党课 主讲:李书记 记录:王芳", everyone)
	q.attend(m, secretaryID)
	q.at(11, 17, 10, 10)
	q.attend(m, organizerID)
	q.at(11, 18, 9, 0)
	q.attend(m, zhouID)
	q.at(11, 18, 12, 0)
	q.attend(m, guestID)
	q.at(11, 19, 20, 0)
	q.attend(m, wuID)
	q.at(11, 23, 20, 0) // after the 24-hour reminder named him
	q.pressIn(8, groupID, memberID, m.ann, "请假")
	q.at(11, 23, 20, 5)
	q.private = append(q.private, "临时到外地出差")
	q.officer(m, memberID, "/leave 8 临时到外地出差")
	q.at(11, 24, 18, 40)
	for _, id := range []int64{secretaryID, organizerID, zhouID, guestID, wuID} {
		q.checkIn(m, id)
	}
	q.at(11, 24, 19, 2)
	q.officer(m, organizerID, "/checkin 8 陈静")
	q.at(11, 24, 20, 35)
	q.close(m, secretaryID)
	q.at(11, 25, 9, 0)
	q.officer(m, organizerID, "/minutes 8 李书记讲授《中国共产党章程》专题党课，同志们交流了体会。")
}

func (q *quarter) december() {
	q.at(12, 1, 10, 0)
	m9 := q.meeting(9, secretaryID, "支委会", q.day(12, 7, 19, 0), 90*time.Minute,
		"地点:党员活动室 议题:研究年度民主评议党员工作 记录:王芳", committee)
	q.attend(m9, secretaryID)
	q.attend(m9, organizerID)
	q.at(12, 2, 9, 0)
	q.attend(m9, zhouID)
	q.at(12, 3, 10, 0)
	m10 := q.meeting(10, secretaryID, "党小组会", q.day(12, 10, 19, 30), 90*time.Minute,
		"地点:三号楼会议室 议题:开展批评与自我批评 小组:第一党小组", groupOne)
	q.attend(m10, secretaryID)
	q.attend(m10, wuID)
	q.at(12, 4, 10, 0)
	m11 := q.meeting(11, organizerID, "党小组会", q.day(12, 11, 19, 30), 90*time.Minute,
		"地点:二号楼会议室 议题:开展批评与自我批评 小组:第二党小组", groupTwo)
	q.attend(m11, organizerID)
	q.attend(m11, zhouID)
	q.attend(m11, guestID)
	q.at(12, 4, 12, 0)
	q.attend(m10, memberID)

	q.at(12, 7, 18, 45)
	for _, id := range []int64{secretaryID, organizerID, zhouID} {
		q.checkIn(m9, id)
	}
	q.at(12, 7, 20, 35)
	q.close(m9, secretaryID)
	q.at(12, 10, 12, 0)
	q.reminder(zhouID, "12月25日 9点", "报送年度学习总结", false, q.day(12, 25, 9, 0))
	q.at(12, 10, 19, 20)
	for _, id := range []int64{secretaryID, memberID, wuID} {
		q.checkIn(m10, id)
	}
	q.at(12, 10, 21, 0)
	q.close(m10, secretaryID)
	q.at(12, 11, 19, 20)
	for _, id := range []int64{organizerID, zhouID, guestID} {
		q.checkIn(m11, id)
	}
	q.officer(m11, organizerID, "/checkin 11 陈静")
	q.at(12, 11, 21, 0)
	q.close(m11, organizerID)

	q.at(12, 12, 10, 0)
	q.confirmDone(3, guestID, organizerID, "已完成培养考察期全部学习任务")
	// Sunday 15:00, the bot is down: the update waits at Telegram.
	q.sayWhileDown(q.day(12, 13, 15, 0), groupID, zhouID, "/progress 2 又分享了学习文章 3 篇")
	q.at(12, 14, 20, 0)
	q.block(memberID, false)
	q.say(memberID, memberID, "/start")
	q.at(12, 20, 10, 0)
	q.say(groupID, secretaryID, "/compliance")
	q.at(12, 22, 10, 0)
	q.confirmDone(1, memberID, secretaryID, "两户困难群众都已走访，解决了取暖问题")
	q.at(12, 28, 10, 0)
	q.grade(secretaryID, 5, "优秀", "档案整理细致，按时完成")
	q.grade(secretaryID, 3, "良好", "学习认真，按期完成")
	q.grade(secretaryID, 1, "合格", "逾期两天完成，今后注意时限")
	q.at(12, 29, 10, 0)
	q.say(groupID, guestID, "/pledges 我")
	q.say(groupID, wuID, "/meetings")
	q.say(groupID, zhouID, "/campaign 1")
	q.say(groupID, memberID, "/upcoming")
}
