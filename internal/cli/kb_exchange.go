package cli

import "github.com/spf13/cobra"

// NewCmdKBExport builds kefu kb export.
func NewCmdKBExport(app *App, runF func(*KBIDOptions) error) *cobra.Command {
	return &cobra.Command{Use: "export", Hidden: true}
}

// NewCmdKBImport builds kefu kb import.
func NewCmdKBImport(app *App, runF func(*KBIDOptions) error) *cobra.Command {
	return &cobra.Command{Use: "import", Hidden: true}
}
