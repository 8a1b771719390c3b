package cli

import (
	"fmt"
	"io"
	"strconv"

	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/report"
)

// The knowledge base's section of the weekly and monthly reports, in each format.

// articlesUsedGrid is the articles used, most linked first.
func articlesUsedGrid(k report.Knowledge) render.Grid {
	g := render.Grid{Header: []string{"article", "title", "category", "links"}, Free: []string{"title"}}
	for _, u := range k.ArticlesUsed {
		g.Add(itoa(u.ID), u.Title, u.Category, strconv.Itoa(u.Links))
	}
	return g
}

// writeKnowledgeText prints the section for the terminal.
func writeKnowledgeText(w io.Writer, k report.Knowledge) error {
	fmt.Fprint(w, i18n.Sprintf("\nKnowledge base: %d of %d inquiries linked no article\n", k.Unanswered, k.Inquiries))
	bars(w, i18n.T("Questions without an article (top categories)"), k.GapCategories, 12)
	bars(w, i18n.T("Questions without an article (top subject words)"), k.GapWords, 12)
	fmt.Fprintln(w, i18n.T("Articles used"))
	if len(k.ArticlesUsed) == 0 {
		fmt.Fprintln(w, "  "+i18n.T("no data"))
		fmt.Fprintln(w)
		return nil
	}
	if err := render.WriteTable(w, articlesUsedGrid(k)); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return nil
}

// writeKnowledgeMD prints the section as Markdown.
func writeKnowledgeMD(w io.Writer, k report.Knowledge) {
	fmt.Fprint(w, i18n.Sprintf("\n### Knowledge base\n\n%d of %d inquiries linked no article.\n", k.Unanswered, k.Inquiries))
	for _, sec := range []struct {
		title string
		cs    []report.Count
	}{{i18n.T("Questions without an article: categories"), k.GapCategories}, {i18n.T("Questions without an article: subject words"), k.GapWords}} {
		fmt.Fprintf(w, "\n#### %s\n\n", sec.title)
		if len(sec.cs) == 0 {
			fmt.Fprintln(w, i18n.T("no data"))
		}
		for _, c := range sec.cs {
			fmt.Fprintf(w, "- %s: %d\n", mdEscape(c.Key), c.N)
		}
	}
	fmt.Fprint(w, i18n.T("\n#### Articles used\n\n"))
	if len(k.ArticlesUsed) == 0 {
		fmt.Fprintln(w, i18n.T("no data"))
		return
	}
	writeGridMD(w, articlesUsedGrid(k))
}

// knowledgeCSV is the section as CSV sections.
func knowledgeCSV(k report.Knowledge) []render.Section {
	sum := render.Grid{Header: []string{"inquiries", "unanswered"}}
	sum.Add(csvInt(k.Inquiries), csvInt(k.Unanswered))
	used := render.Grid{Header: []string{"article", "title", "category", "links"}}
	for _, u := range k.ArticlesUsed {
		used.Add(itoa(u.ID), u.Title, u.Category, csvInt(u.Links))
	}
	return []render.Section{
		{Name: "knowledge", Grid: sum},
		countsSection("gap_categories", "category", k.GapCategories),
		countsSection("gap_words", "word", k.GapWords),
		{Name: "articles_used", Grid: used},
	}
}
