package telegramtest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseHTMLAccepts(t *testing.T) {
	tests := []struct {
		name, in, plain string
		entities        []entity
	}{
		{"plain", "你好", "你好", nil},
		{"bold after Chinese", "会议<b>通知</b>", "会议通知", []entity{{Type: "bold", Offset: 2, Length: 2}}},
		{"escapes", "a &lt;b&gt; &amp; &quot;c&quot; &#20013;&#x6587;", `a <b> & "c" 中文`, nil},
		{"link", `<a href="https://t.me/x?a=1&amp;b=2">链接</a>`, "链接",
			[]entity{{Type: "text_link", Offset: 0, Length: 2, URL: "https://t.me/x?a=1&b=2"}}},
		{"nested", "<b>粗<i>斜</i></b>", "粗斜", []entity{{Type: "italic", Offset: 1, Length: 1}, {Type: "bold", Offset: 0, Length: 2}}},
		{"spoiler span", `<span class="tg-spoiler">x</span>`, "x", []entity{{Type: "spoiler", Offset: 0, Length: 1}}},
		{"pre code", `<pre><code class="language-go">x</code></pre>`, "x", []entity{{Type: "pre", Offset: 0, Length: 1}}},
		{"blockquote expandable", `<blockquote expandable>q</blockquote>`, "q", []entity{{Type: "blockquote", Offset: 0, Length: 1}}},
		{"emoji outside BMP", "😀<u>x</u>", "😀x", []entity{{Type: "underline", Offset: 2, Length: 1}}},
		{"upper-case tag", "<B>x</B>", "x", []entity{{Type: "bold", Offset: 0, Length: 1}}},
		{"single quotes", `<a href='https://x.org'>x</a>`, "x", []entity{{Type: "text_link", Offset: 0, Length: 1, URL: "https://x.org"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseHTML(tt.in)
			if err != nil {
				t.Fatalf("parseHTML(%q) error %v", tt.in, err)
			}
			if got.plain != tt.plain {
				t.Errorf("parseHTML(%q) plain = %q, want %q", tt.in, got.plain, tt.plain)
			}
			if diff := cmp.Diff(tt.entities, got.entities); diff != "" {
				t.Errorf("parseHTML(%q) entities (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseHTMLRejects(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"unclosed", "<b>x", `Can't find end tag corresponding to start tag "b"`},
		{"script", "<script>alert(1)</script>", `Unsupported start tag "script" at byte offset 0`},
		{"bare ampersand", "A & B", "character '&'"},
		{"unknown entity", "&nbsp;", "character '&'"},
		{"bare less-than", "1 < 2", `Unsupported start tag "" at byte offset 2`},
		{"bare greater-than", "2 > 1", "character '>'"},
		{"crossed", "<b><i>x</b></i>", `Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`},
		{"stray end tag", "x</b>", "Unexpected end tag at byte offset 1"},
		{"unquoted attribute", "<a href=x>y</a>", "Unquoted attribute value"},
		{"span without class", "<span>x</span>", `must have class "tg-spoiler"`},
		{"a without href", "<a>x</a>", "non-empty href"},
		{"unknown attribute", `<b class="x">y</b>`, `Unsupported attribute "class"`},
		{"tag in code", "<code><b>x</b></code>", `can't be nested in the tag "code"`},
		{"code class outside pre", `<code class="language-go">x</code>`, "only inside"},
		{"unescaped ampersand in href", `<a href="https://x.org/?a=1&b=2">x</a>`, "character '&'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseHTML(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parseHTML(%q) error = %v, want containing %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestParseMarkdown(t *testing.T) {
	tests := []struct {
		name, in string
		v2       bool
		plain    string
		wantErr  string
	}{
		{"v2 bold", "*粗* 和 _斜_", true, "粗 和 斜", ""},
		{"v2 escaped dot", `第1\.`, true, "第1.", ""},
		{"v2 reserved dot", "第1.", true, "", "Character '.' is reserved"},
		{"v2 link", `[点](https://x.org)`, true, "点", ""},
		{"v2 code", "`a.b`", true, "a.b", ""},
		{"v2 unclosed", "*粗", true, "", "Can't find end of bold entity"},
		{"legacy", "*粗* 1.5", false, "粗 1.5", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseMarkdown(tt.in, tt.v2)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("parseMarkdown(%q) error = %v, want %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || got.plain != tt.plain {
				t.Errorf("parseMarkdown(%q) = %q, %v; want %q", tt.in, got.plain, err, tt.plain)
			}
		})
	}
}
