package parallel

import (
	"slices"
	"testing"
	"time"
)

func TestOrderedCollectsInOrder(t *testing.T) {
	var got []int
	o := NewOrdered(func(b []int) []int {
		out := make([]int, len(b))
		for i, v := range b {
			if v%7 == 0 {
				time.Sleep(time.Millisecond) // later batches finish first
			}
			out[i] = v * v
		}
		return out
	}, func(r []int) { got = append(got, r...) })
	var want []int
	for lo := 0; lo < 500; lo += 3 {
		b := []int{lo, lo + 1, lo + 2}
		o.Add(b)
		for _, v := range b {
			want = append(want, v*v)
		}
	}
	o.Wait()
	if !slices.Equal(got, want) {
		t.Fatalf("collected out of order:\n%v\nwant\n%v", got, want)
	}
}
