package report

import (
	"testing"
)

func TestRate(t *testing.T) {
	if r := NewRate(0, 0); r.Value != nil || r.Pct() != nil {
		t.Fatalf("empty rate = %v, want no value", *r.Value)
	}
	if r := NewRate(3, 4); *r.Value != 0.75 || *r.Pct() != 75 {
		t.Fatalf("3/4 = %v", *r.Value)
	}
	if r := NewRate(1, 1); *r.Pct() != 100 {
		t.Fatalf("single item rate = %v", *r.Pct())
	}
}

func TestNPS(t *testing.T) {
	tests := []struct {
		p, d, n int
		want    *float64
	}{
		{0, 0, 0, nil},
		{1, 0, 1, f(100)},
		{0, 1, 1, f(-100)},
		{5, 2, 10, f(30)},
		{0, 0, 3, f(0)}, // all passives
	}
	for _, tt := range tests {
		got := NewNPS(tt.p, tt.d, tt.n)
		if (got.Score == nil) != (tt.want == nil) || (got.Score != nil && *got.Score != *tt.want) {
			t.Errorf("NPS(%d,%d,%d) = %v, want %v", tt.p, tt.d, tt.n, got.Score, tt.want)
		}
		if got.Passives != tt.n-tt.p-tt.d {
			t.Errorf("passives = %d", got.Passives)
		}
	}
}

func f(v float64) *float64 { return &v }

func TestPercentile(t *testing.T) {
	if Percentile(nil, 50) != nil {
		t.Fatal("percentile of nothing")
	}
	if v := Percentile([]int64{42}, 90); *v != 42 {
		t.Fatalf("single = %d", *v)
	}
	vals := []int64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}
	if v := Percentile(vals, 50); *v != 5 {
		t.Fatalf("median = %d, want 5", *v)
	}
	if v := Percentile(vals, 90); *v != 9 {
		t.Fatalf("p90 = %d, want 9", *v)
	}
	if v := Percentile(vals, 100); *v != 10 {
		t.Fatalf("p100 = %d", *v)
	}
}

func TestDeltaAndMissed(t *testing.T) {
	if Delta(nil, f(1)) != nil || Delta(f(1), nil) != nil {
		t.Fatal("delta of unknown")
	}
	if d := Delta(f(92.5), f(90)); *d != 2.5 {
		t.Fatalf("delta = %v", *d)
	}
	if Missed(nil, 90) || Missed(f(90), 90) || !Missed(f(89.9), 90) {
		t.Fatal("missed wrong")
	}
}
