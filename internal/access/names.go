package access

import "github.com/kefu/kefu/internal/enum"

// RoleNames are the roles' Chinese names, for input and zh-CN output.
var RoleNames = enum.Table{
	{Code: string(Agent), ZH: "坐席", Aliases: []string{"客服", "客服专员", "座席"}},
	{Code: string(Supervisor), ZH: "主管", Aliases: []string{"组长", "班长"}},
	{Code: string(Manager), ZH: "经理"},
}
