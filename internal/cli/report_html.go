package cli

import "strings"

// formatHTML is report monthly's self-contained HTML page (render.MonthlyHTML).
const formatHTML = "html"

// reportLang is the language of the HTML report: the config key lang or KEFU_LANG, else the
// locale (LC_ALL, LC_MESSAGES, LANG): zh… is zh-CN, anything else en.
func (a *App) reportLang() string {
	getenv := a.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	v := getenv("KEFU_LANG")
	if v == "" && a.config != nil {
		v = a.config.GetString("lang")
	}
	for _, env := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v != "" {
			break
		}
		v = getenv(env)
	}
	if strings.HasPrefix(strings.ToLower(v), "zh") {
		return "zh-CN"
	}
	return "en"
}
