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
	CLIUpgraded         = "zhibu: 数据库 %s 已从版本 %d 升级到版本 %d（版本 0 是新建的空库）。"
	CLIUnreachable      = "zhibu: 连接不上 Telegram Bot API（%s）：%v"
	CLIUnknownSub       = "zhibu: 没有子命令 %q。运行 zhibu help 查看用法。"
	CLIBadFlags         = "zhibu: 参数有误：%v。运行 zhibu help 查看用法。"
	CLIHTTP             = "zhibu: 无法监听 %s：%v"
	CLIStopped          = "zhibu: 已停止。"
	// The webhook's texts never show its secret.
	CLIWebhookSecretFile    = "zhibu: 读不了 webhook 密钥文件 %s：%v"
	CLIUnparsableWebhookURL = "zhibu: webhook 地址（ZHIBU_WEBHOOK_URL）看不懂：请写 Telegram 能访问的 https:// 地址，例如 https://bot.example.org/zhibu/webhook。"
	CLIBadWebhookURL        = "zhibu: webhook 地址不对（%s）：请写 Telegram 能访问的 https:// 地址，例如 https://bot.example.org/zhibu/webhook，不带用户名密码、? 和 #（只有本机地址可以用 http://）。"
	CLIWebhookNoAddr        = "zhibu: 设置了 webhook 地址，还要设置监听地址 ZHIBU_WEBHOOK_ADDR（或 --webhook-addr），例如 127.0.0.1:8443。"
	CLIWebhookNoSecret      = "zhibu: webhook 模式必须设置密钥：ZHIBU_WEBHOOK_SECRET 或 ZHIBU_WEBHOOK_SECRET_FILE（1–256 个字符，只能用 A-Z、a-z、0-9、_ 和 -，可用 openssl rand -hex 32 生成）。"
	CLIBadWebhookSecret     = "zhibu: webhook 密钥格式不对：应为 1–256 个字符，只能用 A-Z、a-z、0-9、_ 和 -，不能有空格或第二行。请检查 ZHIBU_WEBHOOK_SECRET 或密钥文件（密钥本身不显示）。"
	CLIWebhookRefused       = "zhibu: Telegram 没有接受 webhook 地址 %s：%v"
	CLISimPrompt            = "sim> "
	CLIUsage                = `zhibu — 党支部群聊助手 (a Telegram bot for Party branches)

用法 usage:
  zhibu [run]    运行机器人（需要 ZHIBU_TOKEN）  run the bot
  zhibu demo     不用令牌、不联网，演示一个支部的群聊  scripted demo, no token, no network
  zhibu sim      交互式模拟群聊，你扮演支部同志  interactive simulated chat
  zhibu migrate  升级数据库到最新版本  apply database migrations
  zhibu backup 文件  机器人运行时在线备份 SQLite 数据库到新文件  consistent online copy of the SQLite database
  zhibu copy --from 源库 --to 空库  在 SQLite 和 PostgreSQL 之间复制全部数据并逐表核对  copy everything between databases, checked
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
  ZHIBU_WEBHOOK_URL --webhook-url Telegram 推送更新的公网 https 地址；空则长轮询 public https URL for webhook mode (polling when empty)
  ZHIBU_WEBHOOK_ADDR --webhook-addr  接收 webhook 的监听地址 address to listen on, e.g. 127.0.0.1:8443
  ZHIBU_WEBHOOK_SECRET --webhook-secret  webhook 密钥 secret token (1–256 of A-Z a-z 0-9 _ -)
  ZHIBU_WEBHOOK_SECRET_FILE --webhook-secret-file  从文件读 webhook 密钥 read the secret token from a file
`
)

// Texts of `zhibu backup`.
const (
	CLIBackupUsage    = "zhibu: 请写备份到哪个文件，例如 zhibu backup /backup/zhibu-2026-11-29.db（数据库用 ZHIBU_DB 或 --db 指定）。"
	CLIBackupPostgres = "zhibu: 数据库是 PostgreSQL，zhibu backup 只备份 SQLite：请用 pg_dump，例如 pg_dump -Fc -f zhibu.dump \"$ZHIBU_DB\"（见 README“备份与恢复”）。"
	CLIBackupNoDB     = "zhibu: 数据库文件 %s 不存在：请用 ZHIBU_DB 或 --db 指定机器人正在使用的数据库。"
	CLIBackupExists   = "zhibu: %s 已经存在，不覆盖：请换一个文件名，或先把旧文件移走。"
	CLIBackupFailed   = "zhibu: 备份失败，没有留下备份文件：%v"
	// CLIBackupDone: the path, the size, the schema version, then the counts
	// of branches, members, meetings, pledges and unsent messages.
	CLIBackupDone = "zhibu: 已备份到 %s（%s，数据库版本 %d，完整性检查通过）：支部 %d 个，成员 %d 人，会议 %d 次，承诺 %d 条，待发消息 %d 条。"
)

// Texts of `zhibu copy`. They show PostgreSQL URLs without their password.
const (
	CLICopyUsage     = "zhibu: 请写从哪个数据库复制到哪个，例如 zhibu copy --from /var/lib/zhibu/zhibu.db --to 'postgres://zhibu:密码@127.0.0.1:5432/zhibu?sslmode=disable'（SQLite 文件或 postgres:// 地址，任意两个之间都可以）。"
	CLICopySame      = "zhibu: 源库和目标库是同一个（%s）：请写两个不同的数据库。"
	CLICopyNoSource  = "zhibu: 源数据库文件 %s 不存在：请写机器人正在使用的数据库（ZHIBU_DB 的值）。"
	CLICopyOldSource = "zhibu: 源数据库 %s 是版本 %d，本程序要求版本 %d：请先停机，对它运行 zhibu migrate --db …（或启动一次新版本的 zhibu），再复制。"
	CLICopyNewSource = "zhibu: 源数据库 %s 是版本 %d，比本程序（版本 %d）新：请用与它相同或更新的 zhibu 复制。"
	CLICopyNotEmpty  = "zhibu: 目标数据库 %s 里已有数据（表 %s 不是空的），没有复制：请换一个新建的空库。"
	CLICopyFailed    = "zhibu: 复制失败，目标库没有写入任何数据：%v"
	// CLICopyProgress is printed to stderr while a large table is copied:
	// the table and the rows copied so far.
	CLICopyProgress = "zhibu: 正在复制 %s：已 %d 行…"
	// CLICopyTable and CLICopyTableBad: one line per table after the check;
	// the table, then its rows (source and target when they differ).
	CLICopyTable    = "  %-16s %8d 行  校验和一致"
	CLICopyTableBad = "  %-16s 源 %d 行，目标 %d 行  不一致"
	// CLICopyDone: source, target, schema version, tables, rows.
	CLICopyDone     = "zhibu: 已从 %s 复制到 %s（数据库版本 %d）：%d 张表共 %d 行，行数和校验和全部一致。"
	CLICopyMismatch = "zhibu: 复制后核对不一致（%d 张表不同，见上），目标库不能使用：请清空目标库后重新复制。"
)
