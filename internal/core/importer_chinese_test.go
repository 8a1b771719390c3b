package core_test

import (
	"strconv"
	"testing"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/customer"
	"github.com/kefu/kefu/internal/store"
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

// A new customer gets the row's phone, normalized; a customer kefu knows keeps theirs; a bad
// phone or a phone without a customer is a bad row.
func TestImportPhone(t *testing.T) {
	tm := newTeam(t)
	res, err := importCSV(tm, "受理时间,类型,渠道,主题,客户,电话\n"+
		"2026/3/1 9:15,咨询,电话,问价,新客户,+86 139-0000-1111\n"+
		"2026/3/1 9:20,咨询,电话,再问,新客户,13700000000\n"+
		"2026/3/1 9:25,咨询,电话,老客户,刘洋,13600000000\n", core.ImportOptions{})
	if err != nil || res.Imported != 3 || res.Customers != 1 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	cs, err := tm.s.CustomerList(tm.ctx, store.CustomerFilter{})
	if err != nil || len(cs) != 2 {
		t.Fatalf("customers: %+v, %v", cs, err)
	}
	// Lists mask phones: compare with what customer add stores and lists.
	norm, err := customer.NormalizePhone("+86 139-0000-1111")
	if err != nil {
		t.Fatal(err)
	}
	if cs[0].Name != "刘洋" || cs[0].Phone != customer.MaskPhone("13812341234") || cs[1].Name != "新客户" || cs[1].Phone != customer.MaskPhone(norm) {
		t.Errorf("customers after the import: %+v", cs)
	}
	_, err = importCSV(tm, "受理时间,类型,渠道,主题,客户,电话\n2026/3/1 9:15,咨询,电话,问价,又一位,电话号码\n", core.ImportOptions{})
	wantInvalid(t, err, "row 2: 电话 (phone): ")
	_, err = importCSV(tm, "opened_at,kind,channel,subject,phone\n2026-03-01 09:15,inquiry,phone,问价,13900001111\n", core.ImportOptions{})
	wantInvalid(t, err, "row 2: phone is given but no customer")
}
