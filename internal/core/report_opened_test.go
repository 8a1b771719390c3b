package core

import (
	"reflect"
	"testing"

	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/report"
)

// The figures summed from the groups of one pass: breakdowns largest first then by key, as
// the statement per figure ordered them.
func TestOpenedSums(t *testing.T) {
	o := opened{
		{Kind: "inquiry", Channel: "email", Category: "退款", N: 3, Written: true, Replied: 2, KBLinked: 1},
		{Kind: "inquiry", Channel: "phone", Category: "", N: 2},
		{Kind: "complaint", Channel: "email", Category: "物流", N: 2, Simple: 1, Complex: 1, Escalated: 1, Written: true, Replied: 2},
		{Kind: "complaint", Channel: "phone", Category: "态度", N: 2, Complex: 2, Reopened: 1},
		{Kind: "suggestion", Channel: "email", Category: "产品", N: 1, Forwarded: 1, Adopted: 1},
		{Kind: "suggestion", Channel: "app", Category: "", N: 1, Declined: 1},
		{Kind: "suggestion", Channel: "email", Category: "价格", N: 1, InProgress: 1},
	}
	if n := o.total(); n != 12 {
		t.Errorf("total = %d, want 12", n)
	}
	if got, want := o.by(groupKind, anyGroup), []report.Count{{Key: "inquiry", N: 5}, {Key: "complaint", N: 4}, {Key: "suggestion", N: 3}}; !reflect.DeepEqual(got, want) {
		t.Errorf("by kind = %v, want %v", got, want)
	}
	if got, want := o.by(groupChannel, anyGroup), []report.Count{{Key: "email", N: 7}, {Key: "phone", N: 4}, {Key: "app", N: 1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("by channel = %v, want %v", got, want)
	}
	// Ties by key, bytewise; no category left out.
	if got, want := o.by(groupCategory, categorized), []report.Count{{Key: "退款", N: 3}, {Key: "态度", N: 2}, {Key: "物流", N: 2}, {Key: "产品", N: 1}, {Key: "价格", N: 1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("by category = %v, want %v", got, want)
	}
	if got, want := o.complaintTypes(), []report.Count{{Key: "态度", N: 2}, {Key: "物流", N: 2}}; !reflect.DeepEqual(got, want) {
		t.Errorf("complaint types = %v, want %v", got, want)
	}
	if got, want := o.complaints(), (persist.ComplaintStats{Opened: 4, Simple: 1, Complex: 3, Escalated: 1, Reopened: 1}); got != want {
		t.Errorf("complaints = %+v, want %+v", got, want)
	}
	want := persist.SuggestionStats{Opened: 3, Forwarded: 1, Adopted: 1, Declined: 1, InProgress: 1,
		ByCategory: []persist.CategoryCount{{Category: "", N: 1}, {Category: "产品", N: 1, Forwarded: 1}, {Category: "价格", N: 1}}}
	if got := o.suggestions(); !reflect.DeepEqual(got, want) {
		t.Errorf("suggestions = %+v, want %+v", got, want)
	}
	if replied, n := o.replyRate(); replied != 4 || n != 5 {
		t.Errorf("reply rate = %d of %d, want 4 of 5", replied, n)
	}
	if n, answered := o.kbAnswered(); n != 5 || answered != 1 {
		t.Errorf("kb answered = %d of %d, want 1 of 5", answered, n)
	}
}
