package cntime

import (
	"slices"
	"testing"
	"time"
)

// BenchmarkParseTime parses every phrase of the corpus (testdata/corpus)
// with its kind's function and reports the time per phrase at the 50th and
// 99th percentiles (issue 12: under 20 µs at p99):
//
//	go test ./cntime/ -run '^$' -bench ParseTime -benchtime 20x
func BenchmarkParseTime(b *testing.B) {
	cases := loadCorpus(b)
	var per []time.Duration
	for b.Loop() {
		for _, c := range cases {
			start := time.Now()
			_, _ = parseCorpus(c)
			per = append(per, time.Since(start))
		}
	}
	slices.Sort(per)
	b.ReportMetric(float64(per[len(per)/2].Nanoseconds())/1000, "p50-µs/phrase")
	b.ReportMetric(float64(per[len(per)*99/100].Nanoseconds())/1000, "p99-µs/phrase")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cases))/1000, "mean-µs/phrase")
}
