package cli

import (
	"context"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/policy"
)

// Shell completion (`kefu completion bash|zsh|fish|powershell`, cobra's): besides commands and
// flags, it completes staff and customer names, kinds, channels, score rules and ticket ids from
// the database, opened read-only. Completion never fails loudly: without a database it offers
// the fixed words (channels, priorities ...) and nothing else.

// completer returns the words for what a command's argument or flag takes.
type completer func(c persist.Completions) []string

var (
	staffWords    completer = func(c persist.Completions) []string { return c.Staff }
	customerWords completer = func(c persist.Completions) []string { return dedupe(c.Customers) }
	kindWords     completer = func(c persist.Completions) []string { return c.Kinds }
	ruleWords     completer = func(c persist.Completions) []string { return c.Rules }
	ticketWords   completer = func(c persist.Completions) []string { return c.Tickets }
	pendingWords  completer = func(c persist.Completions) []string { return c.Pending }
)

func fixed(words ...string) completer { return func(persist.Completions) []string { return words } }

// flagWords: what each flag name completes to, wherever it appears.
var flagWords = map[string]completer{
	"as":          staffWords,
	"assignee":    staffWords,
	"to":          staffWords,
	"staff":       staffWords,
	"author":      staffWords,
	"follower":    staffWords,
	"reassign-to": staffWords,
	"for":         staffWords,
	"customer":    customerWords,
	"kind":        kindWords,
	"rule":        ruleWords,
	"channel":     fixed(policy.Channels...),
	"priority":    fixed(policy.Priorities...),
	"severity":    fixed("simple", "complex"),
	"shift":       fixed("day", "night"),
	"role":        fixed("agent", "supervisor", "manager"),
	"format":      fixed("table", "json", "csv", "md", "text", "xlsx"),
	"ticket":      ticketWords,
	"date":        fixed("today", "yesterday"),
	"week":        fixed("this-week", "last-week"),
	"month":       fixed("this-month", "last-month"),
}

// argWords: what each command's positional arguments complete to; the last entry repeats for
// verbs taking several (ticket resolve 4 5 6).
var argWords = map[string][]completer{
	"staff show":         {staffWords},
	"staff edit":         {staffWords},
	"staff deactivate":   {staffWords},
	"staff reactivate":   {staffWords},
	"staff leave add":    {staffWords},
	"staff leave list":   {staffWords},
	"staff swap":         {staffWords, staffWords},
	"customer show":      {customerWords},
	"customer edit":      {customerWords},
	"score add":          {staffWords, ruleWords},
	"score exam":         {staffWords},
	"score confirm":      {pendingWords},
	"score dismiss":      {pendingWords},
	"ticket show":        {ticketWords},
	"ticket edit":        {ticketWords},
	"ticket reply":       {ticketWords},
	"ticket note":        {ticketWords},
	"ticket pending":     {ticketWords},
	"ticket resume":      {ticketWords},
	"ticket reopen":      {ticketWords},
	"ticket rate":        {ticketWords},
	"ticket resolve":     {ticketWords},
	"ticket close":       {ticketWords},
	"complaint severity": {ticketWords},
	"complaint escalate": {ticketWords},
	"complaint plan":     {ticketWords},
	"complaint followup": {ticketWords},
	"complaint verdict":  {ticketWords},
}

// repeating are the verbs whose every argument is an id of the same sort.
var repeating = []string{"score confirm", "score dismiss", "ticket resolve", "ticket close"}

// addCompletions registers the completion functions on every command of the tree when this
// process answers a completion request; any other command never looks at them.
func addCompletions(app *App, root *cobra.Command) {
	if !app.completing {
		return
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := strings.TrimPrefix(c.CommandPath(), "kefu ")
		if words, ok := argWords[path]; ok && c.ValidArgsFunction == nil {
			c.ValidArgsFunction = app.completeArgs(path, words)
		}
		if path == "ticket assign" {
			// assign ID... NAME: ids, and the name last.
			c.ValidArgsFunction = app.completeWith(func(cs persist.Completions, args []string) []string {
				return append(unused(ticketWords(cs), args), staffWords(cs)...)
			})
		}
		fs := c.LocalFlags()
		if !c.HasParent() {
			fs = c.PersistentFlags()
		}
		for name, words := range flagWords {
			if fs.Lookup(name) != nil {
				// An error means the flag has a completion already: keep it.
				_ = c.RegisterFlagCompletionFunc(name, app.completeWith(func(cs persist.Completions, _ []string) []string { return words(cs) }))
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

func (a *App) completeArgs(path string, words []completer) cobra.CompletionFunc {
	return a.completeWith(func(cs persist.Completions, args []string) []string {
		i := len(args)
		if i >= len(words) {
			if !slices.Contains(repeating, path) {
				return nil
			}
			i = len(words) - 1
		}
		return unused(words[i](cs), args)
	})
}

// completeWith reads the database's words (quietly: no database, no words) and offers those
// starting with what was typed.
func (a *App) completeWith(fn func(cs persist.Completions, args []string) []string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		cs := a.completions(cmd)
		var out []cobra.Completion
		for _, w := range fn(cs, args) {
			if strings.HasPrefix(w, toComplete) {
				out = append(out, w)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completions reads the database named by --db, KEFU_DB, the config or the default place; any
// failure (no database yet, a foreign file, a bad config) gives the empty set.
func (a *App) completions(cmd *cobra.Command) persist.Completions {
	if a.Complete == nil {
		a.Complete = func(context.Context, string) (persist.Completions, error) { return persist.Completions{}, nil }
	}
	// Completion runs no pre-run hooks: apply the config and environment here, ignoring a
	// config error (pressing Tab must not print one).
	_ = a.configure(cmd)
	path := a.DBPath
	if path == "" {
		path = defaultDBPath(a.Getenv)
	}
	cs, err := a.Complete(cmd.Context(), path)
	if err != nil {
		cs = persist.Completions{}
	}
	// Kinds read from the database; the built-in ones when it has none.
	if len(cs.Kinds) == 0 {
		cs.Kinds = []string{"inquiry", "complaint", "suggestion", "presale"}
	}
	return cs
}

// unused leaves out the ids already typed ("4\t..." once 4 is on the line).
func unused(words, args []string) []string {
	var out []string
	for _, w := range words {
		id, _, _ := strings.Cut(w, "\t")
		if !slices.Contains(args, id) {
			out = append(out, w)
		}
	}
	return out
}

func dedupe(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return slices.Compact(out)
}
