package staff

import (
	"testing"
)

func TestNameKey(t *testing.T) {
	same := [][2]string{
		{"José", "Jose\u0301"},
		{"Ｗａｎｇ", "Wang"},
		{"张伟", "张伟"},
		{"ｶﾅ", "カナ"},
	}
	for _, p := range same {
		if !SameName(p[0], p[1]) {
			t.Errorf("%q and %q should be the same name", p[0], p[1])
		}
	}
	if SameName("Wang", "Wong") || SameName("张伟", "张玮") {
		t.Error("different names compared equal")
	}
	if NormName("Jose\u0301") != "José" {
		t.Errorf("NormName does not compose: %q", NormName("Jose\u0301"))
	}
}
