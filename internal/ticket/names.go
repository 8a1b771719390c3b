package ticket

import "github.com/kefu/kefu/internal/enum"

// StatusNames are the statuses' Chinese names, for input and zh-CN output.
var StatusNames = enum.Table{
	{Code: string(Open), ZH: "处理中", Aliases: []string{"待处理", "未解决", "打开"}},
	{Code: string(Pending), ZH: "挂起", Aliases: []string{"等待客户", "待回复"}},
	{Code: string(Resolved), ZH: "已解决"},
	{Code: string(Closed), ZH: "已关闭", Aliases: []string{"关闭", "已结案"}},
	{Code: string(Reopened), ZH: "重新打开", Aliases: []string{"重开", "已重开"}},
}

// StageNames are the complaint stages' Chinese names (complaint list --stage).
var StageNames = enum.Table{
	{Code: StageNew, ZH: "新建", Aliases: []string{"新投诉"}},
	{Code: StageEscalated, ZH: "已升级"},
	{Code: StagePlanned, ZH: "已出方案", Aliases: []string{"已制定方案"}},
	{Code: StageResolved, ZH: "已处理"},
	{Code: StageAwaiting, ZH: "待回访"},
	{Code: StageSatisfied, ZH: "满意", Aliases: []string{"回访满意"}},
	{Code: StageUnsatisfied, ZH: "不满意", Aliases: []string{"回访不满意"}},
}
