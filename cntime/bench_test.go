package cntime

import (
	"slices"
	"testing"
	"time"
)

// benchPhrases are phrases of every kind the parser reads, and some it
// refuses.
var benchPhrases = []string{
	"明天下午3点", "明晚", "后天下午", "周三 19:00", "下周三晚上7点", "2026-11-25 19:00~21:30", "明天下午3点到5点",
	"下午3-5点", "十一月二十五日", "二〇二六年十一月二十五日", "一个半小时后", "3天后 下午3点", "月底", "七点零五",
	"１９：００", "晚上12点", "9:5", "下下下周八", "下週三", "2026年5月6日至5月20日", "5月6日至20日", "12月28日至1月3日",
	"七八点", "下月15号", "26年6月30日", "6月30日前", "3天前", "零点", "凌晨3点", "从5月6日到5月20日", "年底", "建党节",
	"随便什么时候", "明天三点", "每周三下午",
}

// BenchmarkParseTime reports the time per phrase over benchPhrases and its
// 99th percentile (issue 12: under 20 µs at p99):
//
//	go test ./cntime/ -run '^$' -bench ParseTime -benchtime 2000x
func BenchmarkParseTime(b *testing.B) {
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	var per []time.Duration
	for b.Loop() {
		for _, s := range benchPhrases {
			start := time.Now()
			_, _, _ = ParseTimeRange(s, now) // the widest entry: a phrase, else every split of a range
			per = append(per, time.Since(start))
		}
	}
	slices.Sort(per)
	b.ReportMetric(float64(per[len(per)*99/100].Nanoseconds())/1000, "p99-µs/phrase")
	b.ReportMetric(float64(per[len(per)/2].Nanoseconds())/1000, "p50-µs/phrase")
}
