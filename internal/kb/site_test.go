package kb

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

func sampleSite() []Published {
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	mk := func(id int64, cat, title, body string) Published {
		return Published{Article: Article{ID: id, Category: cat, Public: true, Version: 1, Approved: 1},
			Version: Version{ArticleID: id, Number: 1, Title: title, Body: body, ApprovedAt: at}}
	}
	return []Published{
		mk(1, "售后", "退款多久到账", "# 退款多久到账\n\n退款在审核通过后 3 个工作日内原路退回。如有疑问请联系客服。\n\n<script>alert('x')</script>\n<img src=x onerror=alert(1)>\n\n![logo](https://cdn.example.com/a.png) ![p](//cdn.example.com/b.png)\n\n[click](javascript:alert(1))"),
		mk(2, "物流", "如何修改收货地址", "发货前可在订单页修改地址；如需退款请先取消订单。退款到账以银行为准。联系客服。"),
		mk(3, "售后", "发票 <b>抬头</b> & 税号", "Invoice: contact us. 发票抬头写错可重开。"),
	}
}

func writeSite(t *testing.T, lang string) (string, map[string][]byte) {
	t.Helper()
	files, err := Site(sampleSite(), lang, func(p Published) string { return "2026-03-02" })
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, b := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, files
}

// attr is an attribute of an element of a page.
type attr struct{ elem, key, val string }

// attrs parses a page and lists every element's attributes; scripts counts its script elements.
func attrs(t *testing.T, page []byte) (out []attr, scripts int) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "script" {
				scripts++
			}
			for _, a := range n.Attr {
				out = append(out, attr{n.Data, strings.ToLower(a.Key), a.Val})
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out, scripts
}

func TestSitePages(t *testing.T) {
	_, files := writeSite(t, "zh-CN")
	if len(files) != 4 {
		t.Fatalf("got %d files, want index and 3 articles", len(files))
	}
	index := string(files["index.html"])
	for _, p := range sampleSite() {
		page, ok := files[articlePath(p.Article.ID)]
		if !ok {
			t.Errorf("no page for article %d", p.Article.ID)
		}
		if !strings.Contains(index, `href="`+articlePath(p.Article.ID)+`"`) {
			t.Errorf("index does not link article %d", p.Article.ID)
		}
		_ = page
	}
	for name, b := range files {
		page := string(b)
		if !strings.Contains(page, `<html lang="zh-CN">`) {
			t.Errorf("%s: no lang attribute", name)
		}
		as, scripts := attrs(t, b)
		for _, a := range as {
			switch {
			case a.key == "src" || a.key == "srcset" || a.key == "poster" || a.key == "data" || a.key == "action":
				t.Errorf("%s: <%s %s=%q> loads something", name, a.elem, a.key, a.val)
			case strings.HasPrefix(a.key, "on"):
				t.Errorf("%s: <%s %s=%q>: an event handler", name, a.elem, a.key, a.val)
			case a.key == "href" && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.val)), "javascript:"):
				t.Errorf("%s: a javascript: link survived", name)
			case a.key == "rel" && strings.Contains(a.val, "stylesheet"):
				t.Errorf("%s: loads a stylesheet", name)
			}
		}
		if strings.Contains(page, "@import") || strings.Contains(page, "url(") {
			t.Errorf("%s: the style loads a resource", name)
		}
		// The only scripts are the index's own two.
		if (name == "index.html" && scripts != 2) || (name != "index.html" && scripts != 0) {
			t.Errorf("%s: %d script elements", name, scripts)
		}
	}
	if !strings.Contains(string(files["a/3.html"]), "发票 &lt;b&gt;抬头&lt;/b&gt; &amp; 税号") {
		t.Error("a title's markup is not escaped")
	}
	if strings.Count(string(files["a/1.html"]), "<h1>") != 1 {
		t.Error("the body's heading repeating the title is not dropped")
	}
	en, err := Site(sampleSite(), "en", func(Published) string { return "" })
	if err != nil || !strings.Contains(string(en["index.html"]), `<html lang="en">`) || !strings.Contains(string(en["index.html"]), "Help centre") {
		t.Error("the English site is not in English")
	}
}

func TestSiteServed(t *testing.T) {
	dir, files := writeSite(t, "zh-CN")
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	for name, want := range files {
		resp, err := http.Get(srv.URL + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || string(got) != string(want) {
			t.Errorf("GET /%s: %d, %d bytes", name, resp.StatusCode, len(got))
		}
	}
	// Every link of every page leads to a page of the site.
	for name, b := range files {
		as, _ := attrs(t, b)
		for _, a := range as {
			if a.key != "href" || a.val == "" || External(a.val) {
				continue
			}
			target := filepath.ToSlash(filepath.Join(filepath.Dir(name), a.val))
			if _, ok := files[target]; !ok {
				t.Errorf("%s links %s, which is not in the site", name, a.val)
			}
		}
	}
}

var sampleQueries = []string{"客服", "退款", "到账", "发票 抬头", "INVOICE", "地址 退款", "没有的词", "款", ""}

// goResults is what kb.Rank answers for the sample queries over the site's index.
func goResults() map[string][]int64 {
	var cands []Candidate
	for _, e := range SearchIndex(sampleSite()) {
		cands = append(cands, Candidate{Article: Article{ID: e.ID}, Title: e.Title, Body: e.Body})
	}
	out := map[string][]int64{}
	for _, q := range sampleQueries {
		ids := []int64{}
		for _, h := range Rank(Words(q), cands) {
			ids = append(ids, h.Article.ID)
		}
		out[q] = ids
	}
	return out
}

func TestGoSearchOfSampleQueries(t *testing.T) {
	got := goResults()
	want := map[string][]int64{"客服": {2, 1}, "退款": {1, 2}, "到账": {1, 2}, "发票 抬头": {3}, "INVOICE": {3}, "地址 退款": {2}, "没有的词": {}, "款": {1, 2}, "": {}}
	for q, ids := range want {
		if !slices.Equal(got[q], ids) {
			t.Errorf("%q: %v, want %v", q, got[q], ids)
		}
	}
}

// TestPageScriptSearchesAsGoDoes runs the page's own search script in headless Chromium on the
// site's embedded index and checks it answers every sample query as kb.Rank does.
func TestPageScriptSearchesAsGoDoes(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed")
	}
	dir, files := writeSite(t, "zh-CN")
	index := string(files["index.html"])
	start := strings.Index(index, "<script>const KB_INDEX")
	if start < 0 {
		t.Fatal("no embedded index")
	}
	end := strings.LastIndex(index, "</script>") + len("</script>")
	queries, _ := json.Marshal(sampleQueries)
	page := "<!DOCTYPE html><html><body><pre id=out></pre>" + index[start:end] +
		"<script>var r={};" + string(queries) + ".forEach(function(q){r[q]=kbSearch(KB_INDEX,q).map(function(e){return e.id;});});" +
		"document.getElementById('out').textContent=JSON.stringify(r);</script></body></html>"
	path := filepath.Join(dir, "probe.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--dump-dom", "file://"+path).Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	m := regexp.MustCompile(`<pre id="out">(.*?)</pre>`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no result in the page:\n%s", out)
	}
	var js map[string][]int64
	if err := json.Unmarshal([]byte(strings.ReplaceAll(string(m[1]), "&amp;", "&")), &js); err != nil {
		t.Fatalf("%v: %s", err, m[1])
	}
	for q, want := range goResults() {
		if !slices.Equal(js[q], want) && !(len(js[q]) == 0 && len(want) == 0) {
			t.Errorf("%q: the page finds %v, Go finds %v", q, js[q], want)
		}
	}
}
