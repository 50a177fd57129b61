package bot

// Hidden characters and look-alike names (zhibu.HiddenChar,
// zhibu.LookAlikeError).
const (
	msgHiddenChar = "你发的文字里有一个看不见的字符（%s），它会让名字看起来和别人的一样，或让文字显示错乱，所以这条消息没有处理。" +
		"请重新手动输入一遍再发（不要从别处复制粘贴）。"
	msgHiddenInField = "%s里有一个看不见的字符（%s），没有保存。请重新手动输入一遍（不要从别处复制粘贴）。"
	msgLookAlike     = "名册上已有“%s”，和“%s”看起来一样（只是某些字母或符号不同），为免混淆不能同时存在。" +
		"如果是同一个人，请直接用名册上的写法；如果是另一个人，请换个写法（例如加上所在单位）。"
)
