package cli

import "github.com/spf13/cobra"

func newTrainingCmd(app *App) *cobra.Command { return &cobra.Command{Use: "training", Hidden: true} }
