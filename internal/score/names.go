package score

import "github.com/kefu/kefu/internal/enum"

// ClassNames are the rule classes' Chinese names (the regulations' 轻度/中度/重度违规 ...), for
// input and zh-CN output.
var ClassNames = enum.Table{
	{Code: string(Bonus), ZH: "加分", Aliases: []string{"奖励"}},
	{Code: string(Light), ZH: "轻度", Aliases: []string{"轻度违规", "轻微"}},
	{Code: string(Medium), ZH: "中度", Aliases: []string{"中度违规"}},
	{Code: string(Severe), ZH: "重度", Aliases: []string{"重度违规", "严重", "严重违规"}},
	{Code: string(Dismissal), ZH: "辞退", Aliases: []string{"开除", "辞退审查"}},
	{Code: string(Fine), ZH: "罚款"},
	{Code: string(Discretion), ZH: "酌情", Aliases: []string{"主管酌情"}},
}

// SanctionNames are the sanctions' Chinese names (警告, 记过, 扣发工资, 辞退审查), for zh-CN output.
var SanctionNames = enum.Table{
	{Code: string(Warning), ZH: "警告"},
	{Code: string(Demerit), ZH: "记过"},
	{Code: string(WithholdPay), ZH: "扣发工资", Aliases: []string{"扣工资"}},
	{Code: string(DismissalReview), ZH: "辞退审查"},
}
