package core_test

import (
	"strconv"
	"testing"

	"github.com/kefu/kefu/internal/core"
)

// A row in Chinese imports as the same row in codes: kinds, channels, priorities, severities,
// statuses and 是/否, under Chinese headers, with spreadsheet times.
func TestImportChineseValues(t *testing.T) {
	tm := newTeam(t)
	res, err := importCSV(tm, "受理时间,类型,渠道,优先级,复杂度,主题,客户,状态,解决时间,是否成交,金额\n"+
		"2026/3/1 9:15,售前,微信,高,,有没有现货,刘洋,已解决,2026年3月1日 9:40,是,128.50\n"+
		"46082.5,投诉,到访,紧急,复杂,门店排队,刘洋,处理中,,,\n"+
		"2026-03-01,询单,在线,低,,问尺码,刘洋,已关闭,2026/3/1 10:00,否,\n", core.ImportOptions{})
	if err != nil || res.Imported != 3 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	for id, want := range map[int64]string{
		1: "presale wechat high  resolved 2026-03-01 09:15 true 12850",
		2: "complaint visit urgent complex open 2026-03-01 12:00 - -",
		3: "presale chat low  closed 2026-03-01 00:00 false -",
	} {
		tk := tm.ticket(t, id)
		conv, amount := "-", "-"
		if tk.Converted != nil {
			conv = map[bool]string{true: "true", false: "false"}[*tk.Converted]
		}
		if tk.AmountFen != nil {
			amount = strconv.FormatInt(*tk.AmountFen, 10)
		}
		got := tk.Kind + " " + tk.Channel + " " + tk.Priority + " " + tk.Severity + " " + string(tk.Status) + " " +
			tk.OpenedAt.In(shanghai).Format("2006-01-02 15:04") + " " + conv + " " + amount
		if got != want {
			t.Errorf("ticket %d: %s, want %s", id, got, want)
		}
	}
	_, err = importCSV(tm, "受理时间,类型,渠道,主题\n2026/3/1 9:15,咨询,飞鸽传书,问价\n", core.ImportOptions{})
	wantInvalid(t, err, `row 2: unknown 渠道 (channel) "飞鸽传书": use one of phone,`)
	_, err = importCSV(tm, "受理时间,类型,渠道,主题,状态,解决时间,是否成交\n2026/3/1 9:15,询单,在线,问价,已解决,2026/3/1 9:30,也许\n", core.ImportOptions{})
	wantInvalid(t, err, `converted "也许"`)
}
