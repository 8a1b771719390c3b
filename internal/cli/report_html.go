package cli

import "github.com/kefu/kefu/internal/i18n"

// formatHTML is report monthly's self-contained HTML page (render.MonthlyHTML).
const formatHTML = "html"

// reportLang is the language of pages kefu writes (the HTML report): the one language Run chose
// for everything it prints (--lang, KEFU_LANG, config lang, else the locale).
func (a *App) reportLang() string {
	if i18n.Current().Chinese() {
		return i18n.ZH
	}
	return i18n.EN
}
