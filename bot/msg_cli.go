package bot

// Texts the zhibu command prints for the person who deploys it. They are
// part of the one catalogue; each is one line.
const (
	CLIMissingToken = "zhibu: 缺少机器人令牌：请设置环境变量 ZHIBU_TOKEN（或 ZHIBU_TOKEN_FILE、--token）。没有令牌也可以先运行 zhibu demo 试用。"
	CLITokenFile    = "zhibu: 读不了令牌文件 %s：%v"
	CLIBadToken     = "zhibu: 令牌格式不对：应当形如 123456789:AAH…（数字、冒号，再接字母、数字、_ 或 -），不能有空格、换行或第二行。请检查 ZHIBU_TOKEN、--token 或令牌文件（令牌本身不显示）。"
	// CLITokenInAPIURL and CLIUnparsableAPIURL do not show the address: it
	// holds a token, or may hold a password that could not be found.
	CLITokenInAPIURL    = "zhibu: Bot API 地址里不要写令牌（/bot…）：只写服务器地址，例如 https://api.telegram.org；令牌用 ZHIBU_TOKEN 设置。"
	CLIUnparsableAPIURL = "zhibu: Bot API 地址看不懂：请写 http:// 或 https:// 开头的服务器地址，例如 https://api.telegram.org（地址可能带密码，这里不显示）。"
	CLIBadAPIURL        = "zhibu: Bot API 地址不对（%s）：请写 http:// 或 https:// 开头的服务器地址，不带 ? 和 #，例如 https://api.telegram.org。"
	CLIBadTimeZone      = "zhibu: 不认识的时区 %q：请写 IANA 时区名，例如 Asia/Shanghai。"
	CLIBadLogLevel      = "zhibu: 不认识的日志级别 %q：可写 debug、info、warn、error。"
	CLIBadRetention     = "zhibu: 保留期 %q 看不懂：请写天数（如 7d）或时长（如 168h），必须大于零。"
	CLIHolidayFile      = "zhibu: 读不了节假日文件 %s：%v"
	CLIBadHolidayFile   = "zhibu: 节假日文件有误，未启动（%s）"
	CLIOpenDB           = "zhibu: 无法打开数据库 %s：%v"
	CLIMigrate          = "zhibu: 数据库升级失败：%v"
	CLIMigrated         = "zhibu: 数据库 %s 已是最新版本（版本 %d）。"
	CLIUnreachable      = "zhibu: 连接不上 Telegram Bot API（%s）：%v"
	CLIUnknownSub       = "zhibu: 没有子命令 %q。运行 zhibu help 查看用法。"
	CLIBadFlags         = "zhibu: 参数有误：%v。运行 zhibu help 查看用法。"
	CLIHTTP             = "zhibu: 无法监听 %s：%v"
	CLIStopped          = "zhibu: 已停止。"
	CLISimPrompt        = "sim> "
	CLIUsage            = `zhibu — 党支部群聊助手 (a Telegram bot for Party branches)

用法 usage:
  zhibu [run]    运行机器人（需要 ZHIBU_TOKEN）  run the bot
  zhibu demo     不用令牌、不联网，演示一个支部的群聊  scripted demo, no token, no network
  zhibu sim      交互式模拟群聊，你扮演支部同志  interactive simulated chat
  zhibu migrate  升级数据库到最新版本  apply database migrations
  zhibu version  显示版本  print the version
  zhibu help     显示本帮助  this help

配置 configuration (环境变量 env / 参数 flag):
  ZHIBU_TOKEN       --token       机器人令牌 bot token (from @BotFather)
  ZHIBU_TOKEN_FILE  --token-file  从文件读令牌 read the token from a file
  ZHIBU_API_URL     --api-url     Bot API 地址 (default https://api.telegram.org)
  ZHIBU_DB          --db          SQLite 数据库文件或 postgres:// 地址 database file or PostgreSQL URL (default zhibu.db)
  ZHIBU_TZ          --tz          默认时区 default time zone (default Asia/Shanghai)
  ZHIBU_HTTP_ADDR   --http-addr   健康检查地址 health endpoint, e.g. 127.0.0.1:8080 (off when empty)
  ZHIBU_LOG_LEVEL   --log-level   日志级别 debug|info|warn|error (default info)
  ZHIBU_RETENTION   --retention   收到和发出的文字保留多久 how long texts received and sent are kept (default 7d)
  ZHIBU_REGISTRATION --registration  新支部登记方式 who may register a branch: approval|open|closed (default approval)
  ZHIBU_OPERATORS   --operators   服务器管理员的 Telegram 用户 id，逗号分隔 operators' user ids, e.g. 123,456
  ZHIBU_HOLIDAYS    --holidays    节假日安排文件，合并到内置表上 holiday file merged over the built-in table
`
)
