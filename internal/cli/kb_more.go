package cli

import "github.com/spf13/cobra"

// addKBMoreCommands adds kb's publishing and exchange verbs.
func addKBMoreCommands(app *App, kbCmd *cobra.Command) {}
