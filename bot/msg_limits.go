package bot

import "github.com/zhibu/zhibu"

// Messages of the per-member limits: each says the limit and what to do.
const (
	msgLimitOpenPledges = "你已有 %d 条承诺尚未完成，这是每人同时可有的上限。" +
		"请先发 /pledges 我 查看：已兑现的发 /done 编号 说明，无法兑现或不再需要的发 /cannot 编号 说明，然后再提新承诺。"
	msgLimitJoinRequests = "你今天已提交 %d 次加入申请，这是每天的上限。请先联系支委了解情况，明天再申请。"
	msgLimitProgress     = "承诺 #%d 已有 %d 条进展记录，这是每条承诺的上限。之后的进展请在完成时写进 /done %d 说明。"
)

// limitText is what a member reads when a per-member limit refused them.
func limitText(e *zhibu.LimitError) string {
	switch e.Limit {
	case zhibu.LimitOpenPledges:
		return msgf(msgLimitOpenPledges, e.Max)
	case zhibu.LimitJoinRequests:
		return msgf(msgLimitJoinRequests, e.Max)
	case zhibu.LimitRegistrations:
		return msgf(msgLimitRegistrations, e.Max)
	case zhibu.LimitProgress:
		return msgf(msgLimitProgress, e.Number, e.Max, e.Number)
	}
	return msgApology
}
