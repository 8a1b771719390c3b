package persist

import (
	"time"

	"github.com/kefu/kefu/internal/reply"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/training"
)

// TemplateUse counts the replies that used a template in a period.
type TemplateUse struct {
	Name string
	Kind string
	Uses int
}

// TemplateStore is what internal/core uses of internal/store/template.go.
type TemplateStore interface {
	// ReplyTemplates lists the templates (retired ones too with all) in the order added, with
	// how many replies used each.
	ReplyTemplates(all bool) ([]reply.Template, error)
	// ReplyTemplate reads one template by name.
	ReplyTemplate(name string) (reply.Template, error)
	// InsertReplyTemplate stores a new template.
	InsertReplyTemplate(t *reply.Template) error
	// UpdateReplyTemplate saves a template's kind, text and retired flag.
	UpdateReplyTemplate(t reply.Template) error
	// SeedTemplates adds the default templates the catalog lacks.
	SeedTemplates(ts []reply.Template) error
	// InsertTemplateUse records that a reply used a template.
	InsertTemplateUse(templateID, ticketID, messageID, staffID int64) error
	// TemplateUses counts the uses of each template in [from, to), by the staff of team (""
	// for all), most used first.
	TemplateUses(from, to time.Time, team string) ([]TemplateUse, error)
}

// TrainingStore is what internal/core uses of internal/store/training.go.
type TrainingStore interface {
	// InsertTraining stores a session.
	InsertTraining(s *training.Session, by int64) error
	// Training reads a session with its attendance and results.
	Training(id int64) (training.Session, error)
	// Trainings lists the sessions (with attendance and results) whose day is in [from, to]
	// (empty bounds: open), by day and id.
	Trainings(from, to string) ([]training.Session, error)
	// InsertAttendance records that a staff member attended; created is false when it was
	// already recorded.
	InsertAttendance(sessionID, staffID, by int64) (created bool, err error)
	// SaveTrainingResult records or replaces a person's result of a session; old is the
	// replaced score (found false when there was none).
	SaveTrainingResult(sessionID, staffID int64, v score.Points, by int64) (old score.Points, found bool, err error)
	// AmendScorePending replaces a pending proposal's rule, points and reason.
	AmendScorePending(id int64, rule string, points score.Points, reason string) error
}
