package store

import "testing"

// Names by id answer the same whether the ids are dense (a slice) or far apart (a map), and
// an unknown id has no name.
func TestIDNames(t *testing.T) {
	for _, c := range []struct {
		name  string
		all   []idName
		dense bool
	}{
		{"dense", []idName{{1, "张伟"}, {2, "李娜"}, {4, "赵磊"}}, true},
		{"sparse", []idName{{1, "张伟"}, {2, "李娜"}, {1 << 40, "赵磊"}}, false},
		{"negative", []idName{{-3, "张伟"}, {2, "李娜"}, {4, "赵磊"}}, true},
		{"none", nil, true},
	} {
		n := newIDNames(c.all)
		if (n.dense != nil) != c.dense && len(c.all) > 0 {
			t.Errorf("%s: dense = %v, want %v", c.name, n.dense != nil, c.dense)
		}
		for _, v := range c.all {
			if got := n.get(v.id); got != v.name {
				t.Errorf("%s: get(%d) = %q, want %q", c.name, v.id, got, v.name)
			}
		}
		for _, id := range []int64{0, 3, 5, -1, 1 << 41} {
			if got := n.get(id); got != "" {
				t.Errorf("%s: get(%d) = %q, want none", c.name, id, got)
			}
		}
	}
}
