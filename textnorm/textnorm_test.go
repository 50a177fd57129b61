package textnorm

import "testing"

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Ａｌｉｃｅ１２３":      "Alice123", // fullwidth
		"ｶﾀｶﾅ":          "カタカナ",     // halfwidth katakana
		"\u2f08\u2f0a":  "人入",       // Kangxi radicals
		"\uf900":        "豈",        // compatibility ideograph
		"李\u3000四":      "李 四",      // ideographic space
		"第一行\r\n第二行":    "第一行\n第二行",
		"/join\u00a0张三": "/join 张三",
		"学习，落实：好！（一）？￥100……①②": "学习，落实：好！（一）？￥100……①②", // Chinese punctuation as written
		"２０２６年，第１期":            "2026年，第1期",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%+q) = %+q, want %+q", in, got, want)
		}
	}
}

// The look-alikes a roster must not hold side by side, and names that
// are different people.
func TestKey(t *testing.T) {
	same := [][2]string{
		{"Alice", "\u0410lice"}, // Cyrillic А
		{"Alice", "ALICE"},
		{"Alice", "Ａｌｉｃｅ"},
		{"王工", "王\u30a8"}, // katakana エ
		{"李口", "李\u30ed"}, // katakana ロ
		{"丁一", "丁\u30fc"}, // prolonged sound mark
		{"张三", "张 三"},
		{"李\u2764\ufe0f", "李\u2764"}, // ❤️ and ❤
		{"李\u2764\ufe0e", "李\u2764"}, // text presentation
		{"人民", "\u2f08民"},            // Kangxi radical
		{"李四", "李四\u0323"},           // a dot below a Chinese character
		{"李四", "李\u0301\u0307四"},     // marks on a Chinese character
	}
	for _, p := range same {
		if Key(p[0]) != Key(p[1]) {
			t.Errorf("Key(%+q) != Key(%+q): they look alike", p[0], p[1])
		}
	}
	differ := [][2]string{{"张三", "张山"}, {"李四", "李泗"}, {"王芳", "汪芳"}, {"Li", "Lu"}, {"José", "Jose"}}
	for _, p := range differ {
		if Key(p[0]) == Key(p[1]) {
			t.Errorf("Key(%+q) == Key(%+q): they are different names", p[0], p[1])
		}
	}
}

// BenchmarkKey: a roster check keys every name of the branch; a
// 1,000-name CSV import keys each row once.
func BenchmarkKey(b *testing.B) {
	for b.Loop() {
		Key("欧阳明华（机关）")
	}
}
