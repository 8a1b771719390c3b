package kb

import (
	"encoding/json"
	"fmt"
	"html"
	"sort"
	"strconv"
	"strings"
)

// The published FAQ site (kb publish): static pages of the approved public articles, readable
// opened from disk. Everything an article says is escaped: RenderMarkdown (markdown.go) drops raw
// HTML and dangerous link targets; images pointing off the site become plain links, so a page
// loads nothing from elsewhere.

// Published is an article as customers see it: its last approved version.
type Published struct {
	Article Article
	Version Version
}

// SiteMarker is the file that marks a directory as a site kefu wrote; it lists the files written.
const SiteMarker = ".kefu-site"

// siteWords are the site's own words in each language.
var siteWords = map[string]map[string]string{
	"en": {"title": "Help centre", "search": "Search", "placeholder": "Search the answers, e.g. refund",
		"none": "No answer matches.", "back": "All answers", "empty": "No answers are published yet.", "updated": "Updated"},
	"zh-CN": {"title": "帮助中心", "search": "搜索", "placeholder": "搜索常见问题，例如：退款",
		"none": "没有找到相关答案。", "back": "全部问题", "empty": "暂无已发布的答案。", "updated": "更新于"},
}

// SearchEntry is one article in the search index embedded in the index page.
type SearchEntry struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Category string `json:"category"`
	Body     string `json:"body"`
	URL      string `json:"url"`
}

// SearchIndex is the index the page's script searches: title and Markdown source of each article.
func SearchIndex(arts []Published) []SearchEntry {
	out := []SearchEntry{}
	for _, p := range arts {
		out = append(out, SearchEntry{ID: p.Article.ID, Title: p.Version.Title, Category: p.Article.Category,
			Body: p.Version.Body, URL: articlePath(p.Article.ID)})
	}
	return out
}

func articlePath(id int64) string { return "a/" + strconv.FormatInt(id, 10) + ".html" }

// Site renders the pages: path (slash-separated, relative) → content. lang is "zh-CN" or "en";
// updated formats the day an article was approved.
func Site(arts []Published, lang string, updated func(Published) string) (map[string][]byte, error) {
	words, ok := siteWords[lang]
	if !ok {
		lang, words = "en", siteWords["en"]
	}
	files := map[string][]byte{}
	byCat := map[string][]Published{}
	var cats []string
	for _, p := range arts {
		if _, seen := byCat[p.Article.Category]; !seen {
			cats = append(cats, p.Article.Category)
		}
		byCat[p.Article.Category] = append(byCat[p.Article.Category], p)
		body, err := RenderMarkdown(withoutTitleHeading(p.Version.Body, p.Version.Title))
		if err != nil {
			return nil, fmt.Errorf("rendering article %d: %w", p.Article.ID, err)
		}
		var b strings.Builder
		head(&b, lang, p.Version.Title+" · "+words["title"])
		fmt.Fprintf(&b, "<nav><a href=\"../index.html\">← %s</a> · %s</nav>\n<article>\n<h1>%s</h1>\n%s</article>\n",
			esc(words["back"]), esc(p.Article.Category), esc(p.Version.Title), body)
		fmt.Fprintf(&b, "<footer>%s %s</footer>\n</body>\n</html>\n", esc(words["updated"]), esc(updated(p)))
		files[articlePath(p.Article.ID)] = []byte(b.String())
	}
	sort.Strings(cats)
	index, err := json.Marshal(SearchIndex(arts)) // escapes <, > and & for a script block
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	head(&b, lang, words["title"])
	fmt.Fprintf(&b, "<h1>%s</h1>\n<form id=\"search\" role=\"search\"><label for=\"q\">%s</label>\n"+
		"<input id=\"q\" type=\"search\" placeholder=\"%s\" autocomplete=\"off\"></form>\n"+
		"<ol id=\"results\" hidden></ol>\n<p id=\"none\" hidden>%s</p>\n<div id=\"browse\">\n",
		esc(words["title"]), esc(words["search"]), esc(words["placeholder"]), esc(words["none"]))
	if len(arts) == 0 {
		fmt.Fprintf(&b, "<p>%s</p>\n", esc(words["empty"]))
	}
	for _, c := range cats {
		fmt.Fprintf(&b, "<section>\n<h2>%s</h2>\n<ul>\n", esc(c))
		for _, p := range byCat[c] {
			fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", articlePath(p.Article.ID), esc(p.Version.Title))
		}
		b.WriteString("</ul>\n</section>\n")
	}
	fmt.Fprintf(&b, "</div>\n<script>const KB_INDEX = %s;</script>\n<script>%s</script>\n</body>\n</html>\n", index, SearchScript)
	files["index.html"] = []byte(b.String())
	return files, nil
}

// withoutTitleHeading drops a first line "# TITLE" repeating the title the page already shows.
func withoutTitleHeading(body, title string) string {
	first, rest, _ := strings.Cut(strings.TrimLeft(body, "\n"), "\n")
	if strings.TrimSpace(strings.TrimPrefix(first, "# ")) == title && strings.HasPrefix(first, "# ") {
		return rest
	}
	return body
}

func esc(s string) string { return html.EscapeString(s) }

func head(b *strings.Builder, lang, title string) {
	fmt.Fprintf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"+
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n",
		lang, esc(title), siteCSS)
}

// siteCSS is the pages' style: one column that fits a phone, wider screens get margins.
const siteCSS = `
*{box-sizing:border-box}
body{margin:0 auto;max-width:46rem;padding:1rem;font:16px/1.6 -apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#222;background:#fafafa;overflow-wrap:anywhere}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #ddd}
a{color:#0b5cad}nav{font-size:.95rem;margin-bottom:1rem}footer{margin-top:2rem;color:#666;font-size:.85rem}
form{display:flex;flex-direction:column;gap:.3rem;margin-bottom:1rem}label{font-weight:600}
input[type=search]{width:100%;padding:.6rem .8rem;font-size:1rem;border:1px solid #bbb;border-radius:.4rem}
ul,ol{padding-left:1.2rem}li{margin:.35rem 0}
#results li small{display:block;color:#555}mark{background:#ffe58a}
pre{overflow-x:auto;background:#f0f0f0;padding:.6rem}code{font-size:.9em}
table{border-collapse:collapse;display:block;overflow-x:auto}td,th{border:1px solid #ccc;padding:.3rem .5rem}
img{max-width:100%}
@media (min-width:700px){body{padding:2rem}}
`

// SearchScript searches KB_INDEX as the words are typed, as kb.Rank does: every word (split at
// spaces, lower-cased) must be in the title or body; more words in the title first, then more
// occurrences in the body, then the newer article. Substring tests find 2-character Chinese
// words (退款) without any index of words.
const SearchScript = `
function kbWords(q){return q.toLowerCase().split(/\s+/).filter(function(w){return w.length>0;});}
function kbCount(s,w){var n=0,i=s.indexOf(w);while(i>=0){n++;i=s.indexOf(w,i+w.length);}return n;}
function kbSearch(index,q){
  var words=kbWords(q),hits=[];
  if(words.length===0)return hits;
  index.forEach(function(e){
    var t=e.title.toLowerCase(),b=e.body.toLowerCase(),inTitle=0,count=0;
    for(var i=0;i<words.length;i++){
      var w=words[i],ti=t.indexOf(w)>=0,bi=b.indexOf(w)>=0;
      if(!ti&&!bi)return;
      if(ti)inTitle++;
      count+=kbCount(b,w);
    }
    hits.push({e:e,inTitle:inTitle,count:count});
  });
  hits.sort(function(x,y){return (y.inTitle-x.inTitle)||(y.count-x.count)||(y.e.id-x.e.id);});
  return hits.map(function(h){return h.e;});
}
(function(){
  var q=document.getElementById('q');if(!q)return;
  var list=document.getElementById('results'),none=document.getElementById('none'),browse=document.getElementById('browse');
  function show(){
    var hits=kbSearch(KB_INDEX,q.value);
    list.textContent='';
    var searching=kbWords(q.value).length>0;
    browse.hidden=searching;list.hidden=!searching||hits.length===0;none.hidden=!searching||hits.length>0;
    hits.forEach(function(e){
      var li=document.createElement('li'),a=document.createElement('a'),s=document.createElement('small');
      a.href=e.url;a.textContent=e.title;s.textContent=e.category;
      li.appendChild(a);li.appendChild(s);list.appendChild(li);
    });
  }
  q.addEventListener('input',show);
  document.getElementById('search').addEventListener('submit',function(ev){ev.preventDefault();show();});
  if(location.hash.indexOf('#q=')===0){q.value=decodeURIComponent(location.hash.slice(3));show();}
})();
`

// External reports whether an address points off the site: a scheme (http:, data:, ...) or //.
func External(dest string) bool {
	d := strings.TrimSpace(strings.ToLower(dest))
	if strings.HasPrefix(d, "//") {
		return true
	}
	if i := strings.IndexAny(d, ":/?#"); i > 0 && d[i] == ':' {
		return true
	}
	return false
}
